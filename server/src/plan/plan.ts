/**
 * The migration plan of spec §8: the intents of a file without errors put into waves, each
 * migration with its figures (spec §6, canonical units), the steps of its method, its open
 * warnings and its rollback. One model; markdown.ts and json.ts render it, svg.ts draws it.
 */
import type { CheckResult, Diagnostic } from '../checker.js';
import type { Estimate, IntentAnalysis, Migration } from '../migration/analysis.js';
import type { Intent, Method, Model } from '../model/model.js';
import type { Severity } from '../model/findings.js';
import { headerSpan } from '../syntax/spans.js';
import { formatDuration, formatPercent, formatRate, formatSize } from '../format.js';
import type { Stop } from '../migration/precopy.js';
import { federableService, isLiveOrRouted } from '../migration/methods.js';
import { scheduleIntents, type ScheduledIntent } from '../migration/schedule.js';
import { Concerns } from './concerns.js';
import { baseName } from '../filepath.js';

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
  /** seconds from the start of the plan (spec §8 schedule); Infinity behind a wave or a slot that never ends */
  start: number;
  /** start + duration; Infinity when it never ends or never starts */
  end: number;
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
  /** seconds from the start of the plan: when its wave starts (Infinity behind a wave that never ends) */
  start: number;
  /** start + duration (Infinity when a migration never stops or it never starts) */
  end: number;
  /** seconds, when the intent has one: relative to its start (VMM203) */
  window?: number;
  /** seconds from the start of the plan, when the intent has one (VMM206 compares `end` with it) */
  deadline?: number;
  vms: string[];
}

export interface PlanWave {
  /** 1-based */
  index: number;
  /** seconds: the longest intent in the wave */
  duration: number;
  /** seconds from the start of the plan: the end of the wave before (waves are barriers); Infinity behind one that never ends */
  start: number;
  /** start + duration */
  end: number;
  /** The intent that sets the wave's length (the first of its longest). */
  longest?: PlanIntent;
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

/**
 * The diagnostics that concern one migration (spec §8; see concerns.ts), any severity. For one
 * migration; a whole plan builds one `Concerns` and asks it for each.
 */
export function diagnosticsOf(result: CheckResult, migration: Migration): Diagnostic[] {
  return new Concerns(result).of(migration);
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
  const steps = planSteps(result);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** How many migrations the plan builds between two pauses of planSteps. */
const MIGRATIONS_PER_STEP = 250;

/**
 * buildPlan in steps: it yields after the schedule and after every few hundred migrations, so that
 * a caller can pause between steps (the server answers other requests) or stop (a cancelled request).
 */
export function* planSteps(result: CheckResult): Generator<void, PlanResult, void> {
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

  const schedule = scheduleIntents(result.model, planned);
  const concerns = new Concerns(result);
  yield;
  const waves: PlanWave[] = [];
  let built = 0;
  for (const w of schedule.waves) {
    const intents = w.intents.map(planIntent);
    const migrations: PlanMigration[] = [];
    for (const si of w.intents) {
      for (let j = 0; j < si.analysis.migrations.length; j++) {
        migrations.push(planMigration(result, concerns, si.analysis.migrations[j], si.migrations[j]));
        if (++built % MIGRATIONS_PER_STEP === 0) yield;
      }
    }
    waves.push({
      index: w.index,
      duration: w.duration,
      start: w.start,
      end: w.end,
      longest: w.longest ? intents[w.intents.indexOf(w.longest)] : undefined,
      intents,
      migrations,
    });
  }
  const migrations = waves.flatMap((w) => w.migrations);
  const warnings = result.diagnostics.filter((d) => d.severity !== 'error').map(planWarning);
  return {
    ok: true,
    plan: {
      file: baseName(result.file.path),
      summary: {
        migrations: migrations.length,
        waves: waves.length,
        data: migrations.reduce((sum, m) => sum + m.data, 0),
        duration: schedule.end,
        worstDowntime: migrations.reduce((worst, m) => Math.max(worst, m.downtime), 0),
        warnings,
      },
      waves,
    },
  };
}

function planIntent(si: ScheduledIntent<PlannedIntent>): PlanIntent {
  const ia = si.analysis;
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
    start: si.start,
    end: si.end ?? si.start + ia.duration,
    window: intent.window,
    deadline: intent.deadline,
    vms: ia.migrations.map((m) => m.vm.name),
  };
}

function planMigration(result: CheckResult, concerns: Concerns, m: PlannedMigration, at: { start: number; end: number } | undefined): PlanMigration {
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
    // Every planned migration has an estimate, so its intent's slots are known.
    start: at?.start ?? Infinity,
    end: at?.end ?? Infinity,
    converges: e.converges,
    steps: stepsOf(result.model, m),
    warnings: concerns
      .of(m)
      .filter((d) => d.severity !== 'error')
      .map(planWarning),
    rollback: rollbackOf(m),
  };
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

/** The DNS lead time of a re-addressing move: lower the TTL one old TTL before cut-over. */
function dnsStep(model: Model, m: PlannedMigration): string {
  const { vm } = m;
  const network = vm.network ? model.networks.get(vm.network) : undefined;
  if (!network) return `Lower the DNS TTL of ${vm.name}'s records to ${CUTOVER_TTL_TEXT} at least one old TTL before cut-over`;
  if (network.dnsTtl <= CUTOVER_TTL)
    return `DNS TTL of network ${network.name} is ${formatDuration(network.dnsTtl)} already: no lead time needed before cut-over`;
  return `Lower the DNS TTL of network ${network.name} from ${formatDuration(network.dnsTtl)} to ${CUTOVER_TTL_TEXT} at least ${formatDuration(network.dnsTtl)} (one old TTL) before cut-over`;
}

function stepsOf(model: Model, m: PlannedMigration): string[] {
  const { vm, intent } = m;
  const e = m.estimate;
  switch (intent.method) {
    case 'live':
      return [preCheckStep(m), migrateStep(m), verifyStep(m)];
    case 'routed': {
      const drain = vm.sessions === 'stateless' ? ' (stateless: clients reconnect to the new address, so this is short)' : '';
      // The tunnel is up before the move, so sessions opened to the old address survive the re-addressing (spec §8).
      return [
        dnsStep(model, m),
        preCheckStep(m),
        `Set up a tunnel from ${m.from} to ${m.to} for the sessions to the old address of ${vm.name}`,
        migrateStep(m),
        `Re-address: give ${vm.name} its new IP address at ${m.to}`,
        `Update DNS and DHCP with the new address of ${vm.name}`,
        `Drain the old sessions through the tunnel${drain}`,
        `Remove the tunnel once the old sessions have drained`,
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
      const restartTime = vm.restartTime ?? intent.policy.restartTime;
      const restart = `Restart ${vm.name} at ${m.to} (restart ≈ ${formatDuration(restartTime)}; offline ≈ ${formatDuration(e.downtime)} in all)`;
      const shutDown = `Shut down ${vm.name} at ${m.from}`;
      if (intent.address === 'new') {
        // Re-addressed at the target (spec §8): the TTL is lowered ahead, the address and records changed after the restart.
        return [
          dnsStep(model, m),
          shutDown,
          copy,
          restart,
          `Re-address: give ${vm.name} its new IP address at ${m.to}`,
          `Update DNS and DHCP with the new address of ${vm.name}`,
          verifyStep(m),
        ];
      }
      return [shutDown, copy, restart, verifyStep(m)];
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
