import type { Analysis, IntentAnalysis, Migration } from '../../migration/analysis.js';
import { setAttribute } from '../../model/edits.js';
import type { Fix } from '../../model/findings.js';
import { indexes } from '../../model/indexes.js';
import type { Datastore, Intent, Model, Network, Service, Vm } from '../../model/model.js';
import { formatDuration, formatSize } from '../../format.js';
import { useMethod } from './fixes.js';
import { isLiveOrRouted } from '../../migration/methods.js';
import { addressKeepingMoves } from './moves.js';

// What a move leaves at another site: the VM's gateway (VMM401), its inbound traffic (VMM402), its
// disks (VMM501), what it depends on or what depends on it (VMM403). Each condition is written once
// here, with whether what is left stays at the doomed source site of an intent with a `deadline`:
// VMM207 reports those instead of the rule it replaces (spec §7, §10 "VMM207 names what is left and
// where"), and the old rule skips them.

/** The site a VM leaves when its intent has a deadline: the site that will be lost (spec §4 `deadline`). */
export function doomedSite(intent: Intent, vm: Vm): string | undefined {
  return intent.deadline !== undefined ? vm.site : undefined;
}

// ─── The gateway (VMM401) ────────────────────────────────────────────────────────────────────────

export interface GatewayLeft {
  ia: IntentAnalysis;
  intent: Intent;
  migration: Migration;
  network: Network;
  target: string;
  /** The sites of the network's gateway, none of them the target. */
  gateway: string[];
  /** The gateway lists no site other than the VM's source, which the intent's deadline dooms: VMM207's. */
  doomed: boolean;
}

/**
 * VMM401's condition: a move that keeps the VM's address (live; cold with `address = keep`) to a
 * site where its network exists, while the network's gateway is neither `anycast` nor a list
 * containing the target. An empty list means every gateway written was invalid (its own
 * VMM005/VMM008) and is not reported.
 */
export function* gatewaysLeftBehind(model: Model, analysis: Analysis): Generator<GatewayLeft> {
  for (const { ia, intent, target, migration, network } of addressKeepingMoves(model, analysis)) {
    // Not at the target: VMM301's case.
    if (!network.sites.includes(target)) continue;
    const { gateway } = network;
    if (gateway === 'anycast' || gateway.length === 0 || gateway.includes(target)) continue;
    const doomed = doomedSite(intent, migration.vm);
    yield { ia, intent, migration, network, target, gateway, doomed: doomed !== undefined && gateway.every((site) => site === doomed) };
  }
}

/** VMM401's fixes: an anycast gateway on the network, or routed migration (the VM then uses the target's gateway). */
export function gatewayFixes(model: Model, analysis: Analysis, left: GatewayLeft): Fix[] {
  const { network, intent, target } = left;
  return [
    {
      title: `Set gateway = anycast on network '${network.name}' (first-hop gateway active at every site of the segment)`,
      edits: [setAttribute(network.file, network.declaration, 'gateway', 'anycast')],
      preferred: true,
    },
    useMethod(model, analysis, intent, 'routed', `uses the gateway at ${target}`),
  ];
}

// ─── Inbound traffic (VMM402) ────────────────────────────────────────────────────────────────────

export interface IngressLeft {
  ia: IntentAnalysis;
  intent: Intent;
  migration: Migration;
  network: Network;
  target: string;
  /** The site the VM leaves, where inbound traffic keeps arriving. */
  source: string;
  /** The intent has a deadline and `gateway` is not a list without the source: VMM207's. */
  doomed: boolean;
}

/**
 * VMM402's condition: a move that keeps the VM's address to a site where its network exists, with
 * `ingress = none`, unless the network's gateway is a list containing the target and not the source
 * (inbound traffic then follows the gateway to the target).
 */
export function* ingressLeftBehind(model: Model, analysis: Analysis): Generator<IngressLeft> {
  for (const { ia, intent, target, migration, network } of addressKeepingMoves(model, analysis)) {
    const source = migration.vm.site;
    // Not at the target: VMM301's case.
    if (!source || !network.sites.includes(target) || network.ingress !== 'none') continue;
    const { gateway } = network;
    if (gateway !== 'anycast' && gateway.includes(target) && !gateway.includes(source)) continue;
    const doomed = doomedSite(intent, migration.vm) !== undefined && (gateway === 'anycast' || gateway.includes(source));
    yield { ia, intent, migration, network, target, source, doomed };
  }
}

/** VMM402's fixes: host routes, or global load balancing, on the network. */
export function ingressFixes(network: Network): Fix[] {
  return [
    {
      title: `Set ingress = host-routes on network '${network.name}' (advertise the VM's host route from the site it runs at)`,
      edits: [setAttribute(network.file, network.declaration, 'ingress', 'host-routes')],
      preferred: true,
    },
    {
      title: `Set ingress = gslb on network '${network.name}' (global load balancing sends clients to the site the VM runs at)`,
      edits: [setAttribute(network.file, network.declaration, 'ingress', 'gslb')],
    },
  ];
}

// ─── Disks (VMM501) ──────────────────────────────────────────────────────────────────────────────

/** The datastore the VM's datastore replicates to, when that replica is at `site`. */
export function replicaAt(model: Model, datastore: Datastore, site: string): Datastore | undefined {
  const target = datastore.replication?.target;
  if (target === undefined) return undefined;
  const replica = model.datastores.get(target);
  return replica && replica.site === site ? replica : undefined;
}

/**
 * `storage = move` on the intent, its title stating the copy time of this VM's disks: disk ÷ R,
 * with R the effective bandwidth of spec §6 on the VM's path (VMM501, VMM504, VMM207).
 */
export function moveStorageFix(ia: IntentAnalysis, m: Migration): Fix {
  const { intent, vm } = m;
  let cost: string;
  if (vm.disk === 0) cost = `${vm.name} declares no disk size, so there is nothing to time`;
  else if (m.path && m.path.links.length > 0 && m.estimate?.rates) {
    const rate = m.estimate.rates.rate;
    cost = `≈ ${formatDuration(vm.disk / rate)} to copy ${vm.name}'s ${formatSize(vm.disk)} of disk with it`;
  } else cost = `copies ${vm.name}'s ${formatSize(vm.disk)} of disk with it`;
  return { title: `Set storage = move: ${cost}`, edits: [setAttribute(intent.file, intent.declaration, 'storage', 'move')] };
}

export interface DisksLeft {
  ia: IntentAnalysis;
  intent: Intent;
  migration: Migration;
  datastore: Datastore;
  /** The datastore's site, not the target. */
  site: string;
  target: string;
  /** `storage = replica` with no replica at the target (else `storage = stay`). */
  noReplica: boolean;
  /** The intent has a deadline and the datastore is at the VM's source: VMM207's. */
  doomed: boolean;
}

/**
 * VMM501's condition: after the move the VM's disks are on a datastore at another site than the
 * target. It applies to live and routed (`storage = stay` or `replica`) and to cold (`stay`, or
 * `replica`) — with `replica`, only when the datastore has no replica at the target (spec §10).
 * A VM with no `datastore` has local disks, which always move with it.
 */
export function* disksLeftBehind(model: Model, analysis: Analysis): Generator<DisksLeft> {
  for (const ia of analysis.intents) {
    const { intent } = ia;
    const target = intent.to;
    if (target === undefined) continue;
    if ((!isLiveOrRouted(intent.method) && intent.method !== 'cold') || intent.storage === 'move') continue;
    for (const migration of ia.migrations) {
      const { vm } = migration;
      if (vm.datastore === undefined) continue;
      const datastore = model.datastores.get(vm.datastore);
      const site = datastore?.site;
      if (!datastore || site === undefined || site === target) continue;
      const noReplica = intent.storage === 'replica';
      if (noReplica && replicaAt(model, datastore, target)) continue;
      const doomed = doomedSite(intent, vm);
      yield { ia, intent, migration, datastore, site, target, noReplica, doomed: doomed !== undefined && site === doomed };
    }
  }
}

/** VMM501's fixes: move the disks with the VM; or, with `storage = stay`, fail over to a usable replica at the target. */
export function diskFixes(model: Model, left: DisksLeft): Fix[] {
  const { ia, migration, datastore, target, intent } = left;
  const fixes: Fix[] = [moveStorageFix(ia, migration)];
  if (left.noReplica) return fixes;
  const replica = replicaAt(model, datastore, target);
  const mode = datastore.replication?.mode;
  // A live or routed VM cannot resume on an async replica (VMM504): offer it only where it is usable.
  if (replica && mode && (mode === 'sync' || intent.method === 'cold')) {
    fixes.push({
      title: `Set storage = replica: fail over to ${replica.name} at ${target} (${mode} replica of ${datastore.name})`,
      edits: [setAttribute(intent.file, intent.declaration, 'storage', 'replica')],
    });
  }
  return fixes;
}

// ─── Dependencies (VMM403) ───────────────────────────────────────────────────────────────────────

/** Where a VM is after every intent: the target of the intent that moves it, else where it is; undefined when unknown. */
export function endOf(analysis: Analysis, vm: Vm): string | undefined {
  const m = analysis.byVm.get(vm.name);
  return m ? m.intent.to : vm.site;
}

/** What the intent could add to its targets: a vm, or a service (all its VMs). */
export type Addable = { kind: 'vm'; vm: Vm } | { kind: 'service'; service: Service };

/**
 * Adds the dependencies (`name`, or `service NAME`) to the intent's targets, unless one of the VMs
 * they bring is already moved by another intent (that would be VMM004).
 */
export function addTargetsFix(model: Model, analysis: Analysis, intent: Intent, dependencies: readonly Addable[], vm: Vm): Fix | undefined {
  const targets = intent.declaration.targets ?? [];
  const last = targets[targets.length - 1];
  if (!last || !intent.to || dependencies.length === 0) return undefined;
  for (const dependency of dependencies) {
    const names = dependency.kind === 'service' ? dependency.service.vms : [dependency.vm.name];
    for (const name of names) {
      const other = model.vms.get(name);
      if (!other || other.site === intent.to) continue; // dropped silently from the intent
      const moved = analysis.byVm.get(name);
      if (moved && moved.intent !== intent) return undefined;
    }
  }
  const written = dependencies.map((d) => (d.kind === 'service' ? `service ${d.service.name}` : d.vm.name));
  const quoted = dependencies.map((d) => (d.kind === 'service' ? `service '${d.service.name}'` : `'${d.vm.name}'`));
  const single = dependencies.length === 1;
  const them = single ? (dependencies[0].kind === 'service' ? 'its VMs' : 'it') : 'them';
  return {
    title: `Add ${quoted.join(', ')} to the targets: move ${them} to ${intent.to} with '${vm.name}'`,
    edits: [{ file: intent.file.path, span: { start: last.span.end, end: last.span.end }, newText: `, ${written.join(', ')}` }],
    preferred: true,
  };
}

/** One `depends-on` edge that a move breaks: the two start at the VM's site and end at different sites. */
export type DependencyEdge = {
  ia: IntentAnalysis;
  intent: Intent;
  migration: Migration;
  /** The moved VM's start and end. */
  start: string;
  end: string;
  /**
   * `dependency`: what the VM depends on stays at the doomed source (VMM207's); `dependent`: a VM
   * that depends on it stays there, lost with the site (neither VMM207 nor VMM403, spec §10);
   * undefined: VMM403's.
   */
  doomed?: 'dependency' | 'dependent';
  /** What to add to the targets to keep the two together (undefined when that would be VMM004). */
  addable: Addable;
} & (
  | { kind: 'depends-on-vm'; other: Vm; otherEnd: string }
  | { kind: 'depends-on-service'; service: Service; serviceEnds: string[] }
  | { kind: 'dependent-vm'; dependent: Vm; dependentEnd: string }
  | { kind: 'dependent-of-service'; dependent: Vm; service: Service; dependentEnd: string; serviceEnds: string[] }
);

/**
 * VMM403's condition (spec §10): for each migrated VM and each `depends-on` edge in either
 * direction, the two start at the same site and end at different sites. A service counts as
 * staying with the VM when any of its VMs ends at the VM's site. A direct edge covers a service edge
 * between the same two VMs.
 */
export function* dependencyEdges(model: Model, analysis: Analysis): Generator<DependencyEdge> {
  const vmsOf = (service: Service) => service.vms.map((n) => model.vms.get(n)).filter((v): v is Vm => !!v);
  /** Where the service's VMs end; undefined when one of them is unknown (a missing site has its own VMM006). */
  const ends = (service: Service): string[] | undefined => {
    const sites = vmsOf(service).map((v) => endOf(analysis, v));
    return sites.every((s): s is string => s !== undefined) ? [...new Set(sites)] : undefined;
  };
  const { dependentsOf } = indexes(model);
  for (const ia of analysis.intents) {
    const { intent } = ia;
    const end = intent.to;
    if (!end) continue;
    for (const migration of ia.migrations) {
      const vm = migration.vm;
      const start = vm.site;
      if (!start) continue;
      const doomed = doomedSite(intent, vm) !== undefined;
      // (Each edge is written out whole: a spread of a shared base makes slow objects, and an estate has thousands of edges.)

      // What this VM depends on: a vm, or a service (staying when any of its VMs ends where this VM ends).
      for (const name of vm.dependsOn) {
        const other = model.vms.get(name);
        const service = other ? undefined : model.services.get(name);
        if (other) {
          const otherEnd = endOf(analysis, other);
          if (other.site !== start || !otherEnd || otherEnd === end) continue;
          const stays = doomed && otherEnd === start ? 'dependency' : undefined;
          yield { ia, intent, migration, start, end, kind: 'depends-on-vm', other, otherEnd, doomed: stays, addable: { kind: 'vm', vm: other } };
        } else if (service) {
          const serviceEnds = ends(service);
          if (!serviceEnds || !vmsOf(service).some((v) => v.site === start) || serviceEnds.includes(end)) continue;
          const stays = doomed && serviceEnds.every((s) => s === start) ? 'dependency' : undefined;
          yield { ia, intent, migration, start, end, kind: 'depends-on-service', service, serviceEnds, doomed: stays, addable: { kind: 'service', service } };
        }
      }

      // What depends on this VM: a vm that names it, or that names a service it belongs to.
      for (const dependentName of dependentsOf.get(vm.name) ?? []) {
        const dependent = model.vms.get(dependentName);
        if (!dependent || dependent === vm || dependent.site !== start) continue;
        const dependentEnd = endOf(analysis, dependent);
        if (!dependentEnd) continue;
        // A VM that stays at the doomed site is lost with it: nothing to report (spec §10).
        const lost = doomed && dependentEnd === start ? 'dependent' : undefined;
        const addable: Addable = { kind: 'vm', vm: dependent };
        // A direct dependency already covers the edge: when the service edge fires, so does the direct one.
        if (dependent.dependsOn.includes(vm.name)) {
          if (dependentEnd !== end) yield { ia, intent, migration, start, end, kind: 'dependent-vm', dependent, dependentEnd, doomed: lost, addable };
          continue;
        }
        for (const name of dependent.dependsOn) {
          const service = model.services.get(name);
          if (!service || model.vms.has(name) || !service.vms.includes(vm.name)) continue;
          const serviceEnds = ends(service);
          if (!serviceEnds || serviceEnds.includes(dependentEnd)) continue;
          yield { ia, intent, migration, start, end, kind: 'dependent-of-service', dependent, service, dependentEnd, serviceEnds, doomed: lost, addable };
        }
      }
    }
  }
}
