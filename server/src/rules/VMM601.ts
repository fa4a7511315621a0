import { analyseIntent, type IntentAnalysis } from '../migration/analysis.js';
import { mergeEdits, setAttribute } from '../model/edits.js';
import type { Edit, Fix } from '../model/findings.js';
import type { Intent, Model, Site, Vm } from '../model/model.js';
import { formatDuration, formatSize } from '../format.js';
import type { Analysis } from '../migration/analysis.js';
import { headerSpan, type Rule } from './rule.js';
import { methodCost } from './shared/fixes.js';
import { canFederate } from '../migration/methods.js';

interface Load {
  memory: number;
  vcpus: number;
  storage: number;
}

const empty = (): Load => ({ memory: 0, vcpus: 0, storage: 0 });

function add(load: Load, other: Load): Load {
  return { memory: load.memory + other.memory, vcpus: load.vcpus + other.vcpus, storage: load.storage + other.storage };
}

/** What one VM instance puts on the site it ends at; its disks count only when they end up local there. */
function vmLoad(vm: Vm, disksLocal: boolean): Load {
  return { memory: vm.memory ?? 0, vcpus: vm.vcpus, storage: disksLocal ? vm.disk : 0 };
}

/** What an intent brings to its target: every VM (or new federated instance); disks local when the VM has no datastore or `storage = move`. */
function arrivals(model: Model, intent: Intent): Load {
  let load = empty();
  for (const name of intent.vms) {
    const vm = model.vms.get(name);
    if (!vm) continue;
    load = add(load, vmLoad(vm, vm.datastore === undefined || intent.storage === 'move'));
  }
  return load;
}

/** The dimensions in which `load` exceeds the site's capacity, as `memory 160 GiB > 128 GiB`. */
function excess(site: Site, load: Load): string[] {
  const over: string[] = [];
  const { memory, vcpus, storage } = site.capacity;
  if (memory !== undefined && load.memory > memory) over.push(`memory ${formatSize(load.memory)} > capacity ${formatSize(memory)}`);
  if (vcpus !== undefined && load.vcpus > vcpus) over.push(`vcpus ${load.vcpus} > capacity ${vcpus}`);
  if (storage !== undefined && load.storage > storage) over.push(`local storage ${formatSize(load.storage)} > capacity ${formatSize(storage)}`);
  return over;
}

/** What is left free of a site's capacity after a load, for the dimensions it limits; undefined when something does not fit. */
function room(site: Site, load: Load): string[] | undefined {
  const { memory, vcpus, storage } = site.capacity;
  if ((memory !== undefined && load.memory > memory) || (vcpus !== undefined && load.vcpus > vcpus) || (storage !== undefined && load.storage > storage))
    return undefined;
  const left: string[] = [];
  if (memory !== undefined) left.push(`memory ${formatSize(memory - load.memory)}`);
  if (vcpus !== undefined) left.push(`vcpus ${vcpus - load.vcpus}`);
  if (storage !== undefined) left.push(`storage ${formatSize(storage - load.storage)}`);
  return left;
}

/** Whether a site limits its memory, vcpus or storage. */
function limits(site: Site | undefined): boolean {
  const capacity = site?.capacity;
  return capacity !== undefined && (capacity.memory !== undefined || capacity.vcpus !== undefined || capacity.storage !== undefined);
}

function vmList(names: string[]): string {
  if (names.length <= 3) return names.join(', ');
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * Fixes that send the overflowing intent to a site linked to the full one that has room for all of
 * it (final state, every other intent as written): as new federated instances when every VM can be
 * federated, else by the intent's own method (its cost stated).
 */
function retargetFixes(model: Model, analysis: Analysis, ia: IntentAnalysis, full: string, finalLoads: Map<string, Load>, brought: Load): Fix[] {
  const { intent } = ia;
  const to = intent.declaration.to;
  if (!to) return [];
  const sources = new Set(ia.migrations.map((m) => m.vm.site));
  const candidates: { site: Site; rtt: number }[] = [];
  for (const link of model.links) {
    const other = link.a === full ? link.b : link.b === full ? link.a : undefined;
    if (other === undefined || sources.has(other) || candidates.some((c) => c.site.name === other)) continue;
    const site = model.sites.get(other);
    if (site) candidates.push({ site, rtt: link.rtt ?? Infinity });
  }
  candidates.sort((a, b) => a.rtt - b.rtt || (a.site.name < b.site.name ? -1 : a.site.name > b.site.name ? 1 : 0));
  const federate = canFederate(model, ia);
  const fixes: Fix[] = [];
  for (const { site } of candidates) {
    const left = room(site, add(finalLoads.get(site.name) ?? empty(), brought));
    if (!left) continue;
    const roomText = left.length > 0 ? `free after: ${left.join(', ')}` : 'no capacity limit';
    const edits: Edit[] = [{ file: intent.file.path, span: to.span, newText: site.name }];
    let title: string;
    if (federate) {
      if (intent.method !== 'federate') edits.push(setAttribute(intent.file, intent.declaration, 'method', 'federate'));
      title = `Federate to ${site.name} instead (linked to ${full}, ${roomText}): ${methodCost(model, analysis, intent, 'federate')}`;
    } else {
      const moved = analyseIntent(model, analysis.paths, { ...intent, to: site.name }, { method: intent.method, storage: intent.storage });
      if (moved.duration === undefined) continue; // no path there, or a figure unknown
      const worst = Math.max(0, ...moved.migrations.map((m) => m.estimate?.downtime ?? 0));
      title = `Send to ${site.name} instead (linked to ${full}, ${roomText}): ${intent.method} ≈ ${formatDuration(moved.duration)}, downtime ≈ ${formatDuration(worst)}`;
    }
    fixes.push({ title, edits: mergeEdits(edits) });
  }
  return fixes;
}

/** Capacity of the final state: every VM that ends at a site, after all intents (spec §10). */
export const VMM601: Rule = {
  code: 'VMM601',
  severity: 'error',
  summary: "migrations overfill the target site's capacity (memory, vcpus or storage)",
  check({ model, analysis, report }) {
    // Only a target site with a capacity can overflow: without one, no load is worth adding up.
    if (!analysis.intents.some((ia) => ia.intent.to !== undefined && ia.intent.vms.length > 0 && limits(model.sites.get(ia.intent.to)))) return;
    // Load of each site from what does not arrive by a migrate: VMs that stay, and federated sources.
    const base = new Map<string, Load>();
    const put = (site: string, load: Load) => base.set(site, add(base.get(site) ?? empty(), load));
    for (const vm of model.vms.values()) {
      const m = analysis.byVm.get(vm.name);
      const moves = m !== undefined && m.intent.to !== undefined;
      if ((!moves || m.intent.method === 'federate') && vm.site !== undefined) put(vm.site, vmLoad(vm, vm.datastore === undefined));
    }
    // What each intent brings to its target.
    const arriving = new Map<string, { ia: IntentAnalysis; load: Load }[]>();
    for (const ia of analysis.intents) {
      const to = ia.intent.to;
      if (to === undefined || ia.intent.vms.length === 0) continue;
      const list = arriving.get(to);
      const entry = { ia, load: arrivals(model, ia.intent) };
      if (list) list.push(entry);
      else arriving.set(to, [entry]);
    }
    const finalLoads = new Map<string, Load>();
    for (const site of model.sites.keys()) {
      let load = base.get(site) ?? empty();
      for (const a of arriving.get(site) ?? []) load = add(load, a.load);
      finalLoads.set(site, load);
    }

    for (const [name, list] of arriving) {
      const site = model.sites.get(name);
      if (!site) continue;
      if (!limits(site)) continue;
      // Intents arriving in declaration order: report each from the first that makes the load exceed.
      let load = base.get(name) ?? empty();
      for (const { ia, load: brought } of [...list].sort((a, b) => a.ia.intent.index - b.ia.intent.index)) {
        load = add(load, brought);
        const over = excess(site, load);
        if (over.length === 0) continue;
        const { intent } = ia;
        const vms = intent.vms;
        const who = vms.length === 1 ? `vm ${vms[0]}` : `${vms.length} VMs (${vmList(vms)})`;
        report(
          intent,
          headerSpan(intent.declaration),
          `site ${name} overflows once this migrate brings ${who}: ${over.join(', ')} (VMs that end at ${name}: those staying, and the migrations to it up to this one)`,
          retargetFixes(model, analysis, ia, name, finalLoads, brought),
          undefined,
          `site ${name}: ${over.join(', ')}`,
        );
      }
    }
  },
};
