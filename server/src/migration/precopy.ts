/**
 * Live and routed migration: the pre-copy of spec §6 (normative), with the engine's stop conditions
 * (threshold, max-rounds, max-data), its throttling of a guest that does not converge, its switch to
 * post-copy, and the rule for a pre-copy that never stops. Canonical units: bytes, bytes/s, seconds.
 */
import type { Converge, EngineFixed, RoundZero } from '../model/engines.js';

/** How pre-copy ends (the JSON `stop`). */
export type Stop = 'threshold' | 'max-rounds' | 'max-data' | 'postcopy' | 'never';

/**
 * Why a pre-copy never stops (VMM201's message says which): the guest dirties as much as a round
 * sends (λ × (1 − t) ≥ 1), its working set stays above the threshold, or it would need more than
 * 10,000 rounds.
 */
export type NeverReason = 'dirty-rate' | 'working-set' | 'round-limit';

/** Rounds are iterated for i = 1 … 10,000 whatever the caps; a pre-copy not stopped by then never stops. */
export const roundLimit = 10_000;

/** A ratio Vᵢ ÷ Vᵢ₋₁ within this of one half counts as halving (the throttle then stays). */
export const halvingTolerance = 1e-9;

/** K = R × max-downtime, except where the engine has a fixed threshold (Xen: 200 KiB). */
export function stopThreshold(rate: number, maxDowntime: number, fixedThreshold?: number): number {
  return fixedThreshold ?? rate * maxDowntime;
}

/** M₀, what round 0 sends: `resident` on engines that skip untouched pages (kvm, qemu), else `memory`. */
export function roundZeroVolume(roundZero: RoundZero, memory: number, resident?: number): number {
  return roundZero === 'resident' ? Math.min(memory, resident ?? memory) : memory;
}

export interface PrecopyInputs {
  /** bytes: the VM's `memory`, what max-data is a fraction of */
  memory: number;
  /** bytes: M₀ (roundZeroVolume) */
  roundZero: number;
  /** bytes/s; undefined: no dirty-rate, the unchecked simple estimate (VMM204) */
  dirtyRate?: number;
  /** bytes: W; undefined: 0 */
  workingSet?: number;
  /** R, bytes/s */
  rate: number;
  /** R_f, bytes/s */
  finalRate: number;
  /** K, bytes (stopThreshold) */
  threshold: number;
  /** undefined: none */
  maxRounds?: number;
  /** fraction of memory; undefined: none */
  maxData?: number;
  converge: Converge;
  throttleInitial: number;
  throttleStep: number;
  throttleMax: number;
  /** seconds */
  switchover: number;
}

export interface Precopy {
  /** The index of the last round (0 for post-copy; for `never`, the round at which it was found never to stop). */
  rounds: number;
  stop: Stop;
  /** false only for `never` (a forced stop converges, §10) */
  converges: boolean;
  /** false for the no-dirty-rate estimate, whose convergence is unchecked (VMM204) */
  checked: boolean;
  /** bytes sent: V₀ + … + Vₙ (+ P for post-copy); Infinity for `never` */
  data: number;
  /** seconds the VM is paused: Vₙ ÷ R_f + switchover; Infinity for `never` */
  downtime: number;
  /** seconds: (V₀ + … + Vₙ₋₁) ÷ R + Vₙ ÷ R_f + switchover; Infinity for `never` */
  duration: number;
  /** tₙ₋₁, the deepest throttle the guest ran under (0 when n ≤ 1); for `never`, the throttle it stays under */
  throttle: number;
  /** seconds the guest ran throttled: Σ Vᵢ ÷ R over rounds i < n with tᵢ > 0; Infinity for `never` under a throttle */
  throttled: number;
  /** bytes pulled after a post-copy switch-over (P = V₁), else 0 */
  postcopy: number;
  /** dirty-rate ÷ R; undefined without a dirty-rate */
  lambda?: number;
  /** K, bytes */
  threshold: number;
  /** bytes sent in each round, V₀ … Vₙ (for `never`, up to the round where it was found) */
  volumes: number[];
  /** the throttle each round was sent under, t₀ … (none for the stop-and-copy round, sent paused) */
  throttles: number[];
  /** for `never` only */
  never?: NeverReason;
}

/** What precopyInputs reads of the VM. */
export interface PrecopyVm {
  /** bytes */
  memory: number;
  /** bytes; undefined: `memory` */
  resident?: number;
  /** bytes/s */
  dirtyRate?: number;
  /** bytes */
  workingSet?: number;
}

/** What precopyInputs reads of the policy in force (the profile's figures with the policy's attributes on top). */
export interface PrecopyPolicy {
  /** seconds: L */
  maxDowntime: number;
  maxRounds?: number;
  maxData?: number;
  converge: Converge;
  throttleInitial: number;
  throttleStep: number;
  throttleMax: number;
  switchover: number;
}

/** The inputs of precopy for a VM under a policy and its profile's fixed columns, at the rates R and R_f. */
export function precopyInputs(
  vm: PrecopyVm,
  policy: PrecopyPolicy,
  fixed: Pick<EngineFixed, 'roundZero' | 'stopThreshold'>,
  rates: { rate: number; finalRate: number },
): PrecopyInputs {
  return {
    memory: vm.memory,
    roundZero: roundZeroVolume(fixed.roundZero, vm.memory, vm.resident),
    dirtyRate: vm.dirtyRate,
    workingSet: vm.workingSet,
    rate: rates.rate,
    finalRate: rates.finalRate,
    threshold: stopThreshold(rates.rate, policy.maxDowntime, fixed.stopThreshold),
    maxRounds: policy.maxRounds,
    maxData: policy.maxData,
    converge: policy.converge,
    throttleInitial: policy.throttleInitial,
    throttleStep: policy.throttleStep,
    throttleMax: policy.throttleMax,
    switchover: policy.switchover,
  };
}

function halved(volume: number, previous: number): boolean {
  return volume <= previous / 2 || Math.abs(volume / previous - 0.5) <= halvingTolerance;
}

/**
 * Pre-copy as §6 says (t₀ = 0, V₀ = M₀; for i ≥ 1):
 *   Vᵢ = min(M₀, max(W × (1 − tᵢ₋₁), Vᵢ₋₁ × λ × (1 − tᵢ₋₁)))
 * and it stops at the first i ≥ 0 where Vᵢ ≤ K (threshold), i = max-rounds, or
 * V₀ + … + Vᵢ₋₁ ≥ max-data × memory, named in that order when two hold. Going on past round i, round
 * i is sent under tᵢ: with `converge = throttle`, tᵢ₋₁ when Vᵢ halved Vᵢ₋₁, else the next step
 * (throttle-initial from 0, then + throttle-step, at most throttle-max); otherwise 0. With no cap set,
 * a round that sends at least as much as the one before (exactly) while the throttle did not rise
 * never stops, nor does a pre-copy not stopped by round 10,000.
 */
export function precopy(inputs: PrecopyInputs): Precopy {
  const { memory, roundZero: m0, rate, finalRate, threshold, switchover } = inputs;
  if (inputs.dirtyRate === undefined) return unchecked(m0, rate, threshold, switchover);

  const lambda = inputs.dirtyRate / rate;
  const workingSet = inputs.workingSet ?? 0;
  if (inputs.converge === 'postcopy') {
    // V₁ computed with t₀ = 0 and the working-set floor; switched over after round 0 whatever the caps.
    const v1 = Math.min(m0, Math.max(workingSet, m0 * lambda));
    if (m0 > threshold && v1 > threshold) {
      return {
        rounds: 0,
        stop: 'postcopy',
        converges: true,
        checked: true,
        data: m0 + v1,
        downtime: switchover,
        duration: m0 / rate + switchover + v1 / finalRate,
        throttle: 0,
        throttled: 0,
        postcopy: v1,
        lambda,
        threshold,
        volumes: [m0],
        throttles: [0],
      };
    }
  }

  const dataCap = inputs.maxData === undefined ? undefined : inputs.maxData * memory;
  const capped = inputs.maxRounds !== undefined || inputs.maxData !== undefined;
  const volumes = [m0];
  const throttles = [0];
  // V₀ + … + Vᵢ₋₁, what had been sent before round i.
  let sent = 0;
  const stopAt = (i: number, volume: number): Stop | undefined => {
    if (volume <= threshold) return 'threshold';
    if (i === inputs.maxRounds) return 'max-rounds';
    if (dataCap !== undefined && sent >= dataCap) return 'max-data';
    return undefined;
  };
  const stopped = (n: number, stop: Stop): Precopy => {
    const last = volumes[n];
    let throttled = 0;
    for (let i = 0; i < n; i++) if (throttles[i] > 0) throttled += volumes[i] / rate;
    return {
      rounds: n,
      stop,
      converges: true,
      checked: true,
      data: sent + last,
      downtime: last / finalRate + switchover,
      duration: sent / rate + last / finalRate + switchover,
      throttle: n >= 1 ? throttles[n - 1] : 0,
      throttled,
      postcopy: 0,
      lambda,
      threshold,
      volumes,
      throttles: throttles.slice(0, n),
    };
  };
  const neverStops = (n: number, never: NeverReason): Precopy => {
    const throttle = throttles[throttles.length - 1];
    return {
      rounds: n,
      stop: 'never',
      converges: false,
      checked: true,
      data: Infinity,
      downtime: Infinity,
      duration: Infinity,
      throttle,
      throttled: throttle > 0 ? Infinity : 0,
      postcopy: 0,
      lambda,
      threshold,
      volumes,
      throttles,
      never,
    };
  };

  const first = stopAt(0, m0);
  if (first) return stopped(0, first);
  for (let i = 1; i <= roundLimit; i++) {
    const previous = volumes[i - 1];
    const slowed = 1 - throttles[i - 1];
    sent += previous;
    const volume = Math.min(m0, Math.max(workingSet * slowed, previous * lambda * slowed));
    volumes.push(volume);
    const stop = stopAt(i, volume);
    if (stop) return stopped(i, stop);
    const before = throttles[i - 1];
    let throttle = 0;
    if (inputs.converge === 'throttle') {
      throttle = halved(volume, previous) ? before : Math.min(before === 0 ? inputs.throttleInitial : before + inputs.throttleStep, inputs.throttleMax);
    }
    throttles.push(throttle);
    if (!capped && volume >= previous && throttle === before) return neverStops(i, lambda * slowed >= 1 ? 'dirty-rate' : 'working-set');
  }
  return neverStops(roundLimit, 'round-limit');
}

/**
 * With no dirty-rate the estimate is unchecked (VMM204) and deliberately simple: rounds 1, data M₀,
 * downtime = switchover, duration = M₀ ÷ R + switchover, stop "threshold"; working-set, caps and
 * post-copy play no part.
 */
function unchecked(m0: number, rate: number, threshold: number, switchover: number): Precopy {
  return {
    rounds: 1,
    stop: 'threshold',
    converges: true,
    checked: false,
    data: m0,
    downtime: switchover,
    duration: m0 / rate + switchover,
    throttle: 0,
    throttled: 0,
    postcopy: 0,
    threshold,
    volumes: [m0],
    throttles: [0],
  };
}
