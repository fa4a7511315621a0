/**
 * The migration plan of spec §8: the intents of a file without errors put into waves, each
 * migration with its figures (spec §6, canonical units), the steps of its method, its open
 * warnings and its rollback. One model; markdown.ts and json.ts render it, svg.ts draws it.
 */
import * as path from 'node:path';
import type { CheckResult, Diagnostic } from '../checker.js';
import type { Estimate, IntentAnalysis, Migration } from '../migration/analysis.js';
import type { Intent, Link, Method, Model } from '../model/model.js';
import type { Severity } from '../model/findings.js';
import { headerSpan } from '../syntax/spans.js';
import { formatDuration, formatPercent, formatRate, formatSize } from '../format.js';
import type { Stop } from '../migration/precopy.js';
import { federableService, isLiveOrRouted } from '../migration/methods.js';

/** An open (warning or info) diagnostic of the file. */
export interface PlanWarning {
  code: string;
  severity: Exclude<Severity, 'error'>;
  message: string;
  /** 1-based, as the text report and editors show it. */
  line: number;
}

export interface PlanMigration {
  vm: string;
  from: string;
  to: string;
  method: Method;
  /** 1-based line and start offset of the `migrate` it belongs to. */
  line: number;
  offset: number;
  /** Site ids from source to target; empty for a federate between sites no links join. */
  path: string[];
  /** seconds */
  rtt: number;
  /** bytes/s: the effective bandwidth R of spec §6; 0 for federate, which sends nothing. */
  bandwidth: number;
  /** bytes sent: disks copied plus every pre-copy round. */
  data: number;
  /** Index of the last pre-copy round; 0 for cold and federate, which copy no memory. */
  /** `keep` or `new` (re-addressed at the target) */
  address: 'keep' | 'new';
  rounds: number;
  /** how pre-copy stops; null for cold and federate */
  stop: Stop | null;
  /** fraction: the deepest throttle the guest ran under (0 when none) */
  throttle: number;
  /** seconds the guest ran throttled */
  throttled: number;
  /** bytes pulled after a post-copy switch-over (0 when none) */
  postcopy: number;
  /** seconds, Infinity when pre-copy never converges */
  duration: number;
  /** seconds: the switch-over pause (live, routed), the whole time (cold), 0 (federate) */
  downtime: number;
  converges: boolean;
  steps: string[];
  /** The open diagnostics that concern this migration (see warningsOf). */
  warnings: PlanWarning[];
  rollback: string;
}

/** One `migrate`, as it runs in its wave. */
export interface PlanIntent {
  /** `migrate app-* to nj-west`, as written (whitespace collapsed). */
  header: string;
  line: number;
  offset: number;
  method: Method;
  to: string;
  /** Migrations at once: min(concurrency, VMs in the intent). */
  concurrent: number;
  /** seconds: the makespan of its migrations (spec §6) */
  duration: number;
  /** seconds, when the intent has one */
  window?: number;
  deadline?: number;
  vms: string[];
}

export interface PlanWave {
  /** 1-based */
  index: number;
  /** seconds: the longest intent in the wave */
  duration: number;
  intents: PlanIntent[];
  migrations: PlanMigration[];
}

export interface PlanSummary {
  migrations: number;
  waves: number;
  /** bytes */
  data: number;
  /** seconds: the sum of the waves' durations */
  duration: number;
  /** seconds */
  worstDowntime: number;
  /** Every warning and info diagnostic of the file, in text order. */
  warnings: PlanWarning[];
}

export interface Plan {
  /** The file name (no directory), for titles. */
  file: string;
  summary: PlanSummary;
  waves: PlanWave[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; errors: Diagnostic[] };

/** The TTL, in seconds, a routed move lowers the records to before cut-over (the VMM604 fix writes the same). */
export const CUTOVER_TTL = 60;
const CUTOVER_TTL_TEXT = '60 s';

function lineOf(intent: Intent): number {
  return intent.file.lines.position(intent.declaration.span.start).line + 1;
}

/** Where a VM name occurs in a message as a whole word (names hold `-` and `.`, so \b does not do). */
function nameIndex(message: string, name: string): number {
  const word = /[A-Za-z0-9_-]/;
  for (let i = message.indexOf(name); i >= 0; i = message.indexOf(name, i + 1)) {
    const before = message[i - 1];
    const after = message.slice(i + name.length, i + name.length + 2);
    const joinedBefore = before !== undefined && (word.test(before) || (before === '.' && word.test(message[i - 2] ?? '')));
    const joinedAfter = word.test(after[0] ?? '') || (after[0] === '.' && word.test(after[1] ?? ''));
    if (!joinedBefore && !joinedAfter) return i;
  }
  return -1;
}

/**
 * The diagnostics that concern one migration: those anchored on its intent (intent-wide ones on
 * the header or an attribute; per-VM ones on the target that brought the VM in, when the VM is
 * the first of that target's VMs the message names, or the message names none of them), on its
 * VM's network, on the links of its path and on its VM's datastore. Any severity.
 */
export function diagnosticsOf(result: CheckResult, migration: Migration): Diagnostic[] {
  const { intent, vm } = migration;
  const model = result.model;
  const network = vm.network ? model.networks.get(vm.network)?.declaration : undefined;
  const datastore = vm.datastore ? model.datastores.get(vm.datastore)?.declaration : undefined;
  const links = new Set((migration.path?.links ?? []).map((l) => l.declaration));
  return result.diagnostics.filter((d) => {
    if (!d.declaration) return false;
    if (d.declaration === intent.declaration) {
      const target = intent.targets.find((t) => t.target.span.start === d.span.start && t.target.span.end === d.span.end);
      if (!target) return true;
      if (!target.vms.includes(vm.name)) return false;
      const named = target.vms.map((name) => ({ name, at: nameIndex(d.message, name) })).filter((n) => n.at >= 0);
      if (named.length === 0) return true;
      return named.reduce((a, b) => (b.at < a.at ? b : a)).name === vm.name;
    }
    return d.declaration === network || d.declaration === datastore || links.has(d.declaration);
  });
}

function planWarning(d: Diagnostic): PlanWarning {
  return { code: d.code, severity: d.severity as PlanWarning['severity'], message: d.message, line: d.range.start.line + 1 };
}

/** A migration the plan can show: its sites and its estimate are known. */
type PlannedMigration = Migration & { from: string; to: string; estimate: Estimate };

function isPlanned(m: Migration): m is PlannedMigration {
  return Boolean(m.estimate && m.from && m.to);
}

/** An intent whose migrations are all planned: its target and makespan are then known. */
interface PlannedIntent extends IntentAnalysis {
  intent: Intent & { to: string };
  duration: number;
  migrations: PlannedMigration[];
}

function isPlannedIntent(ia: IntentAnalysis): ia is PlannedIntent {
  return ia.intent.to !== undefined && ia.duration !== undefined && ia.migrations.every(isPlanned);
}

/**
 * Why a migration has no figures though the checker found no error: an error silenced by
 * `// vmm-ignore` or a severity of "off". The plan refuses it too, naming the gap.
 */
function unplannable(result: CheckResult, m: Migration): Diagnostic | undefined {
  if (isPlanned(m)) return undefined;
  const why = !m.to
    ? 'the migrate has no known target site'
    : !m.from
      ? 'its site is unknown'
      : !m.path && m.intent.method !== 'federate'
        ? `no path joins ${m.from} to ${m.to}`
        : 'its memory is unknown';
  const file = result.file;
  const span = m.intent.targets.find((t) => t.vms.includes(m.vm.name))?.target.span ?? headerSpan(m.intent.declaration);
  return {
    file: file.path,
    range: file.lines.range(span.start, span.end),
    span,
    severity: 'error',
    code: 'plan',
    message: `vm ${m.vm.name} cannot be planned: ${why} (an error was silenced)`,
    fixes: [],
    declaration: m.intent.declaration,
  };
}

/**
 * The intents the plan covers: those of the planned file that move a VM. Imported files bring
 * the topology; their own intents are planned (and checked: the checker reports the planned
 * file's diagnostics only) on their own.
 */
export function plannedIntents(result: CheckResult): IntentAnalysis[] {
  return result.analysis.intents.filter((ia) => ia.intent.file === result.file && ia.migrations.length > 0);
}

/** Builds the plan, or returns the errors that prevent it (spec §8: a file with errors has no plan). */
export function buildPlan(result: CheckResult): PlanResult {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const intents = plannedIntents(result);
  if (errors.length === 0) {
    for (const ia of intents)
      for (const m of ia.migrations) {
        const gap = unplannable(result, m);
        if (gap) errors.push(gap);
      }
  }
  if (errors.length > 0) return { ok: false, errors };
  // With no error every migration is planned (so each intent's target and makespan are known):
  // the filter only gives the compiler what the check above established.
  const planned = intents.filter(isPlannedIntent);

  const waves = formWaves(result.model, planned).map((members, i): PlanWave => ({
    index: i + 1,
    duration: Math.max(0, ...members.map((ia) => ia.duration)),
    intents: members.map(planIntent),
    migrations: members.flatMap((ia) => ia.migrations.map((m) => planMigration(result, m))),
  }));
  const migrations = waves.flatMap((w) => w.migrations);
  const warnings = result.diagnostics.filter((d) => d.severity !== 'error').map(planWarning);
  return {
    ok: true,
    plan: {
      file: path.basename(result.file.path),
      summary: {
        migrations: migrations.length,
        waves: waves.length,
        data: migrations.reduce((sum, m) => sum + m.data, 0),
        duration: waves.reduce((sum, w) => sum + w.duration, 0),
        worstDowntime: Math.max(0, ...migrations.map((m) => m.downtime)),
        warnings,
      },
      waves,
    },
  };
}

function planIntent(ia: PlannedIntent): PlanIntent {
  const { intent } = ia;
  const header = headerSpan(intent.declaration);
  return {
    header: intent.file.text.slice(header.start, header.end).replace(/\s+/g, ' '),
    line: lineOf(intent),
    offset: intent.declaration.span.start,
    method: intent.method,
    to: intent.to,
    concurrent: ia.concurrent,
    duration: ia.duration,
    window: intent.window,
    deadline: intent.deadline,
    vms: ia.migrations.map((m) => m.vm.name),
  };
}

function planMigration(result: CheckResult, m: PlannedMigration): PlanMigration {
  const e = m.estimate;
  const method = m.intent.method;
  const copiesMemory = isLiveOrRouted(method);
  return {
    vm: m.vm.name,
    from: m.from,
    to: m.to,
    method,
    line: lineOf(m.intent),
    offset: m.intent.declaration.span.start,
    path: m.path?.sites ?? [],
    rtt: m.path?.rtt ?? 0,
    bandwidth: method === 'federate' ? 0 : e.rate,
    data: e.data,
    address: m.intent.address,
    rounds: copiesMemory ? (e.precopy?.rounds ?? 0) : 0,
    stop: copiesMemory ? (e.precopy?.stop ?? null) : null,
    throttle: e.throttle,
    throttled: e.throttled,
    postcopy: e.postcopy,
    duration: e.duration,
    downtime: e.downtime,
    converges: e.converges,
    steps: stepsOf(result.model, m),
    warnings: diagnosticsOf(result, m)
      .filter((d) => d.severity !== 'error')
      .map(planWarning),
    rollback: rollbackOf(m),
  };
}

// ---------------------------------------------------------------------------------------------
// Waves

/**
 * The hops an intent's copies cross. A migration that sends nothing (federate; cold with no disk
 * to copy) takes no bandwidth, so it holds no hop.
 */
function hopsOf(ia: IntentAnalysis): Set<Link> {
  const hops = new Set<Link>();
  for (const m of ia.migrations) if (m.estimate && m.estimate.data > 0) for (const link of m.path?.links ?? []) hops.add(link);
  return hops;
}

/**
 * Intents into waves (spec §8, §10): a VM moves in the same wave as, or after, what it depends on
 * (a vm, or the moving vms of a service it names); within a wave at most one intent uses any link
 * hop; an intent's migrations stay together in one wave, at its own concurrency. Intents are
 * placed greedily, dependencies first and otherwise in declaration order, each into the earliest
 * wave that breaks no rule; a wave lists its intents in that order. Intents that depend on each
 * other in a cycle cannot be ordered: they share one wave, even when they share a hop.
 */
export function formWaves<T extends IntentAnalysis>(model: Model, intents: T[]): T[][] {
  const intentOfVm = new Map<string, number>();
  intents.forEach((ia, i) => ia.migrations.forEach((m) => intentOfVm.set(m.vm.name, i)));
  /** dependsOn[i]: the intents whose VMs intent i's VMs depend on; i runs in their wave or later. */
  const dependsOn = intents.map(() => new Set<number>());
  intents.forEach((ia, i) => {
    for (const m of ia.migrations) {
      for (const name of m.vm.dependsOn) {
        const service = model.vms.has(name) ? undefined : model.services.get(name);
        for (const callee of service ? service.vms : [name]) {
          const j = intentOfVm.get(callee);
          if (j !== undefined && j !== i) dependsOn[i].add(j);
        }
      }
    }
  });

  const components = stronglyConnected(intents.length, dependsOn);
  const componentOf = new Array<number>(intents.length);
  components.forEach((c, k) => c.forEach((i) => (componentOf[i] = k)));
  const first = (k: number) => Math.min(...components[k].map((i) => intents[i].intent.index));
  /** needs[k]: the components component k depends on (never itself). */
  const needs = components.map((c, k) => new Set(c.flatMap((i) => [...dependsOn[i]].map((j) => componentOf[j])).filter((d) => d !== k)));

  const waves: { members: T[]; hops: Set<Link> }[] = [];
  const waveOf = new Map<number, number>();
  const placed = new Set<number>();
  while (placed.size < components.length) {
    // Kahn's order: of the components whose dependencies are placed, the one declared first.
    let next = -1;
    for (let k = 0; k < components.length; k++) {
      if (placed.has(k) || [...needs[k]].some((d) => !placed.has(d))) continue;
      if (next < 0 || first(k) < first(next)) next = k;
    }
    const members = components[next].map((i) => intents[i]);
    const hops = new Set(members.flatMap((ia) => [...hopsOf(ia)]));
    // Every component needed is placed already; one without a wave would hold nothing back (0).
    let wave = Math.max(0, ...[...needs[next]].map((d) => waveOf.get(d) ?? 0));
    while (wave < waves.length && [...hops].some((h) => waves[wave].hops.has(h))) wave++;
    if (wave === waves.length) waves.push({ members: [], hops: new Set() });
    waves[wave].members.push(...members);
    for (const h of hops) waves[wave].hops.add(h);
    waveOf.set(next, wave);
    placed.add(next);
  }
  return waves.map((w) => w.members);
}

/** Tarjan's strongly connected components over edges i → each of edges[i]. */
function stronglyConnected(n: number, edges: Set<number>[]): number[][] {
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of edges[v]) {
      if (index[w] < 0) {
        visit(w);
        low[v] = Math.min(low[v], low[w]);
      } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
    }
    if (low[v] === index[v]) {
      // v and everything above it on the stack.
      const component = stack.splice(stack.lastIndexOf(v));
      for (const w of component) onStack[w] = false;
      components.push(component.sort((a, b) => a - b));
    }
  };
  for (let v = 0; v < n; v++) if (index[v] < 0) visit(v);
  return components;
}

// ---------------------------------------------------------------------------------------------
// Steps and rollback (spec §8)

/** The disks a move copies, as a clause: `copy its local disks (186 GiB)`. */
function diskClause(m: PlannedMigration): string | undefined {
  const e = m.estimate;
  if (e.diskData === 0) return undefined;
  const where = m.vm.datastore ? `its disks from datastore ${m.vm.datastore}` : 'its local disks';
  return `copy ${where} (${formatSize(e.diskData)})`;
}

/** The pre-copy of memory in words, with the figures of spec §6; none for a move that copies no memory (no pre-copy, or no memory size). */
function precopyClause(m: PlannedMigration): string | undefined {
  const e = m.estimate;
  const p = e.precopy;
  if (!p || m.vm.memory === undefined) return undefined;
  const memory = formatSize(m.vm.memory);
  if (!p.converges) {
    return `pre-copy ${memory} of memory: it never stops (${p.never === 'working-set' ? `a ${formatSize(m.vm.workingSet ?? 0)} working set stays above ${formatSize(p.threshold)}` : `the guest dirties memory at ${formatRate(m.vm.dirtyRate ?? 0)}, at least R ${formatRate(e.rate)}`})`;
  }
  if (m.vm.dirtyRate === undefined) return `copy ${memory} of memory once (no dirty-rate given: convergence unchecked)`;
  const n = p.rounds;
  if (p.stop === 'postcopy') {
    return `pre-copy ${memory} of memory in round 0, then switch to post-copy and pull ${formatSize(p.postcopy)} from the source (dirty-rate ${formatRate(m.vm.dirtyRate)} = ${formatPercent(p.lambda ?? 0)} of R)`;
  }
  const stopped = p.stop === 'max-rounds' ? `, stopped at max-rounds ${m.intent.policy.maxRounds}` : p.stop === 'max-data' ? ', stopped at max-data' : '';
  const throttled = p.throttle > 0 ? `; guest throttled up to ${formatPercent(p.throttle)} for ${formatDuration(p.throttled)}` : '';
  const rounds = n === 0 ? 'in one round (round 0)' : `in rounds 0–${n}`;
  return `pre-copy ${memory} of memory ${rounds} (dirty-rate ${formatRate(m.vm.dirtyRate)} = ${formatPercent(p.lambda ?? 0)} of R; last round ${formatSize(p.volumes[n] ?? 0)}${stopped}${throttled})`;
}

function migrateStep(m: PlannedMigration): string {
  const e = m.estimate;
  const clauses = [diskClause(m), precopyClause(m)].filter((c): c is string => c !== undefined);
  const sent = e.converges ? `; ${formatSize(e.data)} sent in ≈ ${formatDuration(e.duration)}; switch-over pause ≈ ${formatDuration(e.downtime)}` : '';
  return `Migrate ${m.vm.name} ${m.intent.method} to ${m.to}: ${clauses.join(', then ')}${sent}`;
}

function preCheckStep(m: PlannedMigration): string {
  const p = m.path;
  return `Pre-checks: path ${p?.sites.join(' → ') ?? '?'}, RTT ${p ? formatDuration(p.rtt) : '?'}, effective bandwidth ${formatRate(m.estimate.rate)}`;
}

function verifyStep(m: Migration): string {
  const network = m.vm.network ? `, reachable on network ${m.vm.network}` : '';
  return `Verify: ${m.vm.name} runs at ${m.to}${network}`;
}

function stepsOf(model: Model, m: PlannedMigration): string[] {
  const { vm, intent } = m;
  const e = m.estimate;
  switch (intent.method) {
    case 'live':
      return [preCheckStep(m), migrateStep(m), verifyStep(m)];
    case 'routed': {
      const network = vm.network ? model.networks.get(vm.network) : undefined;
      const dns = !network
        ? `Lower the DNS TTL of ${vm.name}'s records to ${CUTOVER_TTL_TEXT} at least one old TTL before cut-over`
        : network.dnsTtl <= CUTOVER_TTL
          ? `DNS TTL of network ${network.name} is ${formatDuration(network.dnsTtl)} already: no lead time needed before cut-over`
          : `Lower the DNS TTL of network ${network.name} from ${formatDuration(network.dnsTtl)} to ${CUTOVER_TTL_TEXT} at least ${formatDuration(network.dnsTtl)} (one old TTL) before cut-over`;
      const drain = vm.sessions === 'stateless' ? ' (stateless: clients reconnect to the new address, so this is short)' : '';
      return [
        dns,
        preCheckStep(m),
        migrateStep(m),
        `Re-address: give ${vm.name} its new IP address at ${m.to}`,
        `Update DNS and DHCP with the new address of ${vm.name}`,
        `Tunnel old sessions from ${m.from} to ${m.to} until they drain${drain}`,
      ];
    }
    case 'cold': {
      const disk = diskClause(m);
      const route = `over ${m.path?.sites.join(' → ') ?? '?'} at ${formatRate(e.rate)}, ≈ ${formatDuration(e.rate > 0 ? e.diskData / e.rate : 0)}`;
      let copy: string;
      if (disk && vm.datastore && intent.storage === 'replica')
        copy = `Final sync of the replica of datastore ${vm.datastore} at ${m.to}: ${formatSize(e.diskData)} ${route}`;
      else if (disk) copy = `Copy: ${disk.slice('copy '.length)} to ${m.to} ${route}`;
      else if (vm.datastore && intent.storage === 'replica')
        copy = `Nothing to copy: the disks fail over to the replica of datastore ${vm.datastore} at ${m.to}`;
      else if (vm.datastore) copy = `Nothing to copy: the disks stay on datastore ${vm.datastore}`;
      else copy = 'Nothing to copy: no disk';
      return [`Shut down ${vm.name} at ${m.from}`, copy, `Restart ${vm.name} at ${m.to} (offline ≈ ${formatDuration(e.downtime)} in all)`, verifyStep(m)];
    }
    case 'federate': {
      const service = federableService(model, vm);
      const balancer = service ? `the ${service.loadBalancer} load balancer of service ${service.name}` : 'the load balancer';
      return [
        `Deploy a new instance of ${vm.name} at ${m.to}`,
        `Add it to ${balancer}`,
        `Drain the old instance at ${m.from}: new sessions go to ${m.to}`,
        `Retire the old instance at ${m.from}`,
      ];
    }
  }
}

function rollbackOf(m: PlannedMigration): string {
  const { vm } = m;
  switch (m.intent.method) {
    case 'live':
      return `Live-migrate ${vm.name} back to ${m.from} over the same path (≈ ${formatDuration(m.estimate.duration)})`;
    case 'routed':
      return `Migrate ${vm.name} back to ${m.from}, restore its old address and DNS records (keep the TTL low until the rollback window closes)`;
    case 'cold':
      return `Shut ${vm.name} down at ${m.to} and restart it at ${m.from} on its original disks (keep them until ${vm.name} is verified at ${m.to})`;
    case 'federate':
      return `Put the old instance at ${m.from} back in the load balancer and remove the new one at ${m.to}`;
  }
}
