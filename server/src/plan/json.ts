/**
 * The plan for tools (spec §8): every figure in canonical units (seconds, bytes, bytes/s), keys in
 * a fixed order, 2-space indent. A figure that is infinite (pre-copy that never converges) is
 * null, with `converges: false` beside it. The schedule (spec §8, §10): each wave's, intent's and
 * migration's `start` and `end` in seconds from the start of the plan; `end` is null when it never
 * ends, and `start` and `end` are null for everything in waves after one that never ends.
 */
import type { Plan, PlanIntent, PlanMigration, PlanWarning } from './plan.js';

/**
 * JSON has no Infinity: a never-ending figure is null. Twelve significant digits, so that unit
 * conversions read as written (0.018, not 0.018000000000000002).
 */
function figure(n: number): number | null {
  return Number.isFinite(n) ? Number(n.toPrecision(12)) : null;
}

function warning(w: PlanWarning) {
  return { code: w.code, severity: w.severity, line: w.line, message: w.message };
}

function intent(i: PlanIntent) {
  return {
    migrate: i.header,
    line: i.line,
    start: figure(i.start),
    end: figure(i.end),
    method: i.method,
    to: i.to,
    concurrent: i.concurrent,
    duration: figure(i.duration),
    window: i.window === undefined ? null : figure(i.window),
    deadline: i.deadline === undefined ? null : figure(i.deadline),
    vms: i.vms,
  };
}

function migration(m: PlanMigration) {
  return {
    vm: m.vm,
    from: m.from,
    to: m.to,
    method: m.method,
    address: m.address,
    line: m.line,
    path: m.path,
    rtt: figure(m.rtt),
    bandwidth: figure(m.bandwidth),
    data: figure(m.data),
    rounds: m.rounds,
    stop: m.stop,
    throttle: m.throttle,
    throttled: figure(m.throttled),
    postcopy: m.postcopy,
    duration: figure(m.duration),
    downtime: figure(m.downtime),
    start: figure(m.start),
    end: figure(m.end),
    converges: m.converges,
    steps: m.steps,
    // Rule codes (spec §8), each once; the messages are in summary.warnings.
    warnings: [...new Set(m.warnings.map((w) => w.code))],
    rollback: m.rollback,
  };
}

export function planJson(plan: Plan): string {
  const document = {
    file: plan.file,
    units: { time: 's', data: 'B', rate: 'B/s' },
    summary: {
      migrations: plan.summary.migrations,
      waves: plan.summary.waves,
      data: figure(plan.summary.data),
      duration: figure(plan.summary.duration),
      worstDowntime: figure(plan.summary.worstDowntime),
      warnings: { count: plan.summary.warnings.length, list: plan.summary.warnings.map(warning) },
    },
    waves: plan.waves.map((w) => ({
      index: w.index,
      start: figure(w.start),
      end: figure(w.end),
      duration: figure(w.duration),
      // The `line` of the intent that sets the wave's length (spec §8).
      longest: w.longest ? w.longest.line : null,
      intents: w.intents.map(intent),
      migrations: w.migrations.map(migration),
    })),
  };
  return JSON.stringify(document, null, 2) + '\n';
}
