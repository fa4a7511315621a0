/**
 * The migration model of spec §6: effective bandwidth, pre-copy rounds, data, time and downtime
 * for live, routed, cold and federated moves. Pure arithmetic on canonical units (bytes, bytes/s,
 * seconds); the rules and the plan both read these figures.
 */
import type { Intent, Method, Policy, Vm } from '../model/model.js';

/**
 * R = min( path bandwidth ÷ c, max-stream ) × efficiency, where the path bandwidth is already the
 * minimum over hops of bandwidth × share, and c = min(concurrency, VMs in the intent).
 */
export function effectiveBandwidth(pathBandwidth: number, concurrent: number, policy: Pick<Policy, 'maxStream' | 'efficiency'>): number {
  const perMigration = pathBandwidth / Math.max(1, concurrent);
  return Math.min(perMigration, policy.maxStream ?? Infinity) * policy.efficiency;
}

export interface Precopy {
  /** Index of the last round (the stop-and-copy round). */
  rounds: number;
  /** Bytes sent over all rounds. */
  data: number;
  /** Seconds the guest is paused: the last round ÷ R. */
  downtime: number;
  converges: boolean;
  /** dirty-rate ÷ R (0 without a dirty rate). */
  lambda: number;
  /** Bytes sent in each round, V₀ … Vₙ. */
  roundBytes: number[];
}

/**
 * Iterative pre-copy (spec §6, normative): V₀ = M, Vᵢ = max(M·λⁱ, working-set) for i ≥ 1; stop at the
 * first i with Vᵢ ≤ R·L, or at i = max-rounds. λ ≥ 1 never converges. Without a dirty rate: one
 * round, data M, no downtime.
 */
export function precopy(memory: number, rate: number, maxDowntime: number, maxRounds: number, dirtyRate?: number, workingSet?: number): Precopy {
  if (dirtyRate === undefined) return { rounds: 1, data: memory, downtime: 0, converges: true, lambda: 0, roundBytes: [memory, 0] };
  const lambda = dirtyRate / rate;
  if (lambda >= 1) return { rounds: maxRounds, data: Infinity, downtime: Infinity, converges: false, lambda, roundBytes: [memory] };
  const threshold = rate * maxDowntime;
  const roundBytes = [memory];
  let volume = memory;
  let i = 0;
  while (!(volume <= threshold) && i < maxRounds) {
    i++;
    volume = Math.max(memory * lambda ** i, workingSet ?? 0);
    roundBytes.push(volume);
  }
  const data = roundBytes.reduce((a, b) => a + b, 0);
  return { rounds: i, data, downtime: volume / rate, converges: true, lambda, roundBytes };
}

/** v1.1 stopped pre-copy after 30 rounds on every engine; kept only until the §6 engine replaces this estimate. */
const V11_ROUND_CAP = 30;

export interface Estimate {
  vm: string;
  method: Method;
  /** Effective bytes/s for this migration. */
  rate: number;
  /** Bytes of disk copied (local disks, or `storage = move`). */
  diskData: number;
  /** Bytes of memory copied by pre-copy (0 for cold and federate). */
  memoryData: number;
  data: number;
  /** Seconds, Infinity when pre-copy never converges. */
  duration: number;
  downtime: number;
  converges: boolean;
  precopy?: Precopy;
}

/** Whether the VM's disks are copied: local disks always, shared ones only with `storage = move`. */
export function copiesDisk(vm: Pick<Vm, 'datastore'>, storage: Intent['storage']): boolean {
  return vm.datastore === undefined || storage === 'move';
}

/** The estimate of one VM's move; undefined when its memory is unknown. */
export function estimateMove(
  vm: Pick<Vm, 'name' | 'memory' | 'disk' | 'datastore' | 'dirtyRate' | 'workingSet'>,
  method: Method,
  storage: Intent['storage'],
  rate: number,
  policy: Pick<Policy, 'maxDowntime' | 'maxRounds'>,
): Estimate | undefined {
  if (method === 'federate') {
    return { vm: vm.name, method, rate, diskData: 0, memoryData: 0, data: 0, duration: 0, downtime: 0, converges: true };
  }
  const diskData = copiesDisk(vm, storage) ? vm.disk : 0;
  if (method === 'cold') {
    const duration = diskData / rate;
    return { vm: vm.name, method, rate, diskData, memoryData: 0, data: diskData, duration, downtime: duration, converges: true };
  }
  if (vm.memory === undefined) return undefined;
  const p = precopy(vm.memory, rate, policy.maxDowntime, policy.maxRounds ?? V11_ROUND_CAP, vm.dirtyRate, vm.workingSet);
  const data = diskData + p.data;
  return {
    vm: vm.name,
    method,
    rate,
    diskData,
    memoryData: p.data,
    data,
    duration: p.converges ? data / rate : Infinity,
    downtime: p.downtime,
    converges: p.converges,
    precopy: p,
  };
}

/** Makespan of `slots` parallel slots filled in order, each job taking its duration (spec §6). */
export function makespan(durations: number[], slots: number): number {
  const ends = new Array<number>(Math.max(1, slots)).fill(0);
  for (const d of durations) {
    let earliest = 0;
    for (let i = 1; i < ends.length; i++) if (ends[i] < ends[earliest]) earliest = i;
    ends[earliest] += d;
  }
  return Math.max(...ends);
}
