import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profiles } from '../model/engines.js';
import { liveMigration } from '../testing.js';
import { precopy, roundLimit, roundZeroVolume, stopThreshold, type PrecopyInputs } from './precopy.js';

const KiB = 2 ** 10;
const MiB = 2 ** 20;
const GiB = 2 ** 30;
const gbps = 1e9 / 8;

function near(actual: number, expected: number, relative = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} is not ${expected}`);
}

// R = 1 Gbps × 90% = 112.5 MB/s, and K = R × 1 s: the figures of most hand-worked examples below.
const R = 112.5e6;
const base: PrecopyInputs = {
  memory: 8e9,
  roundZero: 8e9,
  dirtyRate: 0.25 * R,
  rate: R,
  finalRate: R,
  threshold: R,
  converge: 'none',
  throttleInitial: 0.2,
  throttleStep: 0.1,
  throttleMax: 0.99,
  switchover: 0,
};

const migrate = liveMigration;

test('precopy: K = R × max-downtime, except a fixed threshold (Xen); M₀ = resident on kvm/qemu, memory elsewhere', () => {
  assert.equal(stopThreshold(R, 1), R);
  assert.equal(stopThreshold(134_217_728, 0.3), 134_217_728 * 0.3);
  assert.equal(stopThreshold(R, 1, profiles.xen.fixed.stopThreshold), 200 * KiB);
  assert.equal(roundZeroVolume('resident', 16 * GiB, 2 * GiB), 2 * GiB);
  assert.equal(roundZeroVolume('resident', 16 * GiB), 16 * GiB);
  assert.equal(roundZeroVolume('memory', 16 * GiB, 2 * GiB), 16 * GiB);
});

test('precopy: a geometric pre-copy that stops at the threshold (hand-worked)', () => {
  // λ = 28.125e6 ÷ 112.5e6 = 0.25, K = 112.5e6:
  // V = 8e9, 2e9, 5e8, 1.25e8 (> K), 3.125e7 (≤ K) → rounds 4
  // data = 8e9 + 2e9 + 5e8 + 1.25e8 + 3.125e7 = 10.65625e9
  // downtime = 3.125e7 ÷ 112.5e6 = 0.2778 s; duration = 10.65625e9 ÷ 112.5e6 = 94.72 s
  const p = precopy(base);
  assert.equal(p.stop, 'threshold');
  assert.equal(p.rounds, 4);
  assert.deepEqual(p.volumes, [8e9, 2e9, 5e8, 1.25e8, 3.125e7]);
  assert.equal(p.data, 10.65625e9);
  near(p.downtime, 3.125e7 / 112.5e6);
  near(p.duration, 10.65625e9 / 112.5e6);
  assert.equal(p.lambda, 0.25);
  assert.equal(p.threshold, R);
  assert.equal(p.converges, true);
  assert.equal(p.checked, true);
  assert.equal(p.throttle, 0);
  assert.equal(p.throttled, 0);
  assert.equal(p.postcopy, 0);
});

test('precopy: the final round runs at R_f and the switch-over adds to downtime and duration', () => {
  // As above with R_f = 1.125e9 and a 20 ms switch-over:
  // downtime = 3.125e7 ÷ 1.125e9 + 0.02 = 0.04778 s; duration = 10.625e9 ÷ 112.5e6 + 3.125e7 ÷ 1.125e9 + 0.02 = 94.4444 + 0.0278 + 0.02
  const p = precopy({ ...base, finalRate: 1.125e9, switchover: 0.02 });
  near(p.downtime, 3.125e7 / 1.125e9 + 0.02);
  near(p.duration, 10.625e9 / 112.5e6 + 3.125e7 / 1.125e9 + 0.02);
});

test('precopy: stop "max-rounds" at the round cap, whatever remains', () => {
  // max-rounds 2: V₂ = 5e8 > K, stop there; data = 10.5e9, downtime = 5e8 ÷ 112.5e6 = 4.444 s
  const p = precopy({ ...base, maxRounds: 2 });
  assert.deepEqual([p.stop, p.rounds, p.data, p.converges], ['max-rounds', 2, 10.5e9, true]);
  near(p.downtime, 5e8 / R);
  near(p.duration, 10.5e9 / R);
  // max-rounds 0: the whole memory in the stop-and-copy round.
  const zero = precopy({ ...base, maxRounds: 0 });
  assert.deepEqual([zero.stop, zero.rounds, zero.data, zero.throttle], ['max-rounds', 0, 8e9, 0]);
  near(zero.downtime, 8e9 / R);
});

test('precopy: stop "max-data" once V₀ + … + Vᵢ₋₁ ≥ max-data × memory (inclusive)', () => {
  // max-data 125% of 8e9 = 10e9: before round 1 8e9 were sent (< 10e9), before round 2 8e9 + 2e9 = 10e9 (≥) → stop at 2
  const p = precopy({ ...base, maxData: 1.25 });
  assert.deepEqual([p.stop, p.rounds, p.data], ['max-data', 2, 10.5e9]);
  near(p.downtime, 5e8 / R);
});

test('precopy: when two stop conditions hold at the same round, the first of threshold, max-rounds, max-data', () => {
  // threshold and max-rounds both at round 4
  assert.equal(precopy({ ...base, maxRounds: 4 }).stop, 'threshold');
  // max-rounds and max-data both at round 2 (10e9 sent before it)
  assert.equal(precopy({ ...base, maxRounds: 2, maxData: 1.25 }).stop, 'max-rounds');
  // threshold and max-data both at round 4: 8e9 + 2e9 + 5e8 + 1.25e8 = 10.625e9 sent before it = 132.8125% of 8e9
  const both = precopy({ ...base, maxData: 10.625e9 / 8e9 });
  assert.deepEqual([both.stop, both.rounds], ['threshold', 4]);
  // the three at round 0 (V₀ ≤ K, max-rounds 0)
  assert.equal(precopy({ ...base, threshold: 8e9, maxRounds: 0 }).stop, 'threshold');
});

test('precopy: never stops when λ ≥ 1 with no cap (Vᵢ ≥ Vᵢ₋₁, throttle not rising)', () => {
  for (const lambda of [1, 2]) {
    // V₁ = min(M₀, V₀ × λ) = M₀ = V₀ → never, found at round 1
    const p = precopy({ ...base, dirtyRate: lambda * R });
    assert.deepEqual([p.stop, p.converges, p.rounds, p.never], ['never', false, 1, 'dirty-rate']);
    assert.deepEqual([p.data, p.downtime, p.duration], [Infinity, Infinity, Infinity]);
    assert.deepEqual(p.volumes, [8e9, 8e9]);
  }
});

test('precopy: never stops when the working set stays above K with no cap; a cap forces the stop instead', () => {
  // W = 1e9 > K: V = 8e9, max(1e9, 2e9) = 2e9, max(1e9, 5e8) = 1e9, 1e9 (= V₂) → never at round 3
  const p = precopy({ ...base, workingSet: 1e9 });
  assert.deepEqual([p.stop, p.rounds, p.never], ['never', 3, 'working-set']);
  assert.deepEqual(p.volumes, [8e9, 2e9, 1e9, 1e9]);
  // With max-rounds 10 it stops there: V₁₀ = 1e9, downtime 1e9 ÷ 112.5e6 = 8.889 s
  const capped = precopy({ ...base, workingSet: 1e9, maxRounds: 10 });
  assert.deepEqual([capped.stop, capped.rounds, capped.converges], ['max-rounds', 10, true]);
  near(capped.downtime, 1e9 / R);
  // A working set at or below K does not stop it from converging.
  assert.equal(precopy({ ...base, workingSet: R }).stop, 'threshold');
});

test('precopy: a pre-copy not stopped by round 10,000 never stops, whatever the caps', () => {
  // λ = 0.9999, K = 8e6 = M₀ ÷ 1000: it would need ln(1e-3) ÷ ln(0.9999) ≈ 69 075 rounds
  const slow = { ...base, dirtyRate: 0.9999 * R, threshold: 8e6 };
  const p = precopy(slow);
  assert.deepEqual([p.stop, p.rounds, p.never], ['never', roundLimit, 'round-limit']);
  assert.equal(roundLimit, 10_000);
  // max-rounds 10,000 is reached: a forced stop, which converges.
  const at = precopy({ ...slow, maxRounds: 10_000 });
  assert.deepEqual([at.stop, at.rounds, at.converges], ['max-rounds', 10_000, true]);
  // max-rounds 10,001, or a max-data never reached, are past the bound.
  assert.equal(precopy({ ...slow, maxRounds: 10_001 }).stop, 'never');
  assert.equal(precopy({ ...slow, maxData: 1e6 }).stop, 'never');
  // "Compared exactly": rounds that shrink by a hair are not "at least as much as the round before".
  const hair = precopy({ ...base, dirtyRate: (1 - 1e-12) * R });
  assert.deepEqual([hair.stop, hair.never], ['never', 'round-limit']);
});

test('precopy: a throttled convergence (VMware SDPS) with its deepest throttle and how long the guest ran slowed', () => {
  // λ = 0.8, K = 112.5e6, converge = throttle (20%, +10%, ≤ 99%):
  // V₁ = 8e9 × 0.8 = 6.4e9                       ratio 0.8 > ½ → t₁ = 0.2
  // V₂ = 6.4e9 × 0.8 × 0.8 = 4.096e9             ratio 0.64   → t₂ = 0.3
  // V₃ = 4.096e9 × 0.8 × 0.7 = 2.29376e9         ratio 0.56   → t₃ = 0.4
  // V₄ = 2.29376e9 × 0.8 × 0.6 = 1.1010048e9     ratio 0.48 ≤ ½ → t₄ = 0.4, and so on at 0.48:
  // V₅ = 528 482 304, V₆ = 253 671 505.92, V₇ = 121 762 322.8416 (> K), V₈ = 58 445 914.96 (≤ K) → rounds 8
  // throttle = t₇ = 0.4; throttled = (V₁ + … + V₇) ÷ R = 14 794 680 932.7616 ÷ 112.5e6 = 131.508 s
  // duration = (V₀ + … + V₈) ÷ R = 22 853 126 847.7256 ÷ 112.5e6 = 203.139 s; downtime = V₈ ÷ R = 0.5195 s
  const p = precopy({ ...base, dirtyRate: 0.8 * R, converge: 'throttle' });
  assert.deepEqual([p.stop, p.rounds], ['threshold', 8]);
  near(p.throttle, 0.4);
  near(p.throttled, 14_794_680_932.7616 / R, 1e-9);
  near(p.duration, 22_853_126_847.7256 / R, 1e-9);
  near(p.downtime, 58_445_914.963968 / R, 1e-9);
  assert.deepEqual(
    p.throttles.map((t) => Math.round(t * 100) / 100),
    [0, 0.2, 0.3, 0.4, 0.4, 0.4, 0.4, 0.4],
  );
  // Without throttling the same guest needs 20 rounds (8e9 × 0.8ⁱ ≤ 112.5e6 from i = 20) and longer.
  const free = precopy({ ...base, dirtyRate: 0.8 * R });
  assert.deepEqual([free.rounds, free.throttle, free.throttled], [20, 0, 0]);
  assert.ok(free.duration > p.duration);
});

test('precopy: throttling clears a working set above K, one step a round', () => {
  // W = 1e9, λ = 0.25: V₁ = 2e9 (ratio ¼), V₂ = 1e9 (ratio ½ exactly: halving, t stays 0), V₃ = 1e9 → t₃ = 0.2;
  // then V = W × (1 − t): 8e8, 7e8, …, V₁₁ = 1e9 × (1 − 0.9) = 1e8 ≤ K → rounds 11, throttle t₁₀ = 0.9
  const p = precopy({ ...base, workingSet: 1e9, converge: 'throttle' });
  assert.deepEqual([p.stop, p.rounds], ['threshold', 11]);
  near(p.throttle, 0.9, 1e-12);
  near(p.volumes[4], 8e8);
  near(p.volumes[11], 1e8, 1e-9);
  assert.deepEqual(p.throttles.slice(0, 4), [0, 0, 0, 0.2]);
});

test('precopy: a ratio within 1e-9 of one half counts as halving', () => {
  const within = precopy({ ...base, dirtyRate: (0.5 + 5e-10) * R, converge: 'throttle' });
  assert.equal(within.throttles[1], 0);
  const beyond = precopy({ ...base, dirtyRate: (0.5 + 1e-8) * R, converge: 'throttle' });
  assert.equal(beyond.throttles[1], 0.2);
});

test('precopy: with no throttling left, λ × (1 − throttle-max) ≥ 1 never stops (throttle 99%, throttled forever)', () => {
  // λ = 150: V stays M₀ (min with M₀) while t climbs 0.2, 0.3 … 0.9, 0.99; at round 10 it cannot rise → never
  const p = precopy({ ...base, dirtyRate: 150 * R, converge: 'throttle' });
  assert.deepEqual([p.stop, p.rounds, p.never, p.throttle, p.throttled], ['never', 10, 'dirty-rate', 0.99, Infinity]);
  // A throttle-max below throttle-initial caps the first step too.
  const low = precopy({ ...base, dirtyRate: 150 * R, converge: 'throttle', throttleMax: 0.1 });
  assert.deepEqual([low.rounds, low.throttle], [2, 0.1]);
});

test('precopy: xen stops below 200 KiB whatever R × max-downtime says', () => {
  const vm = { memory: GiB, dirtyRate: 14.0625e6 }; // λ = 14.0625e6 ÷ 112.5e6 = 0.125
  // xen: K = 204 800: V = 2³⁰, 2²⁷, 2²⁴, 2²¹, 2¹⁸ = 262 144 (> K), 2¹⁵ = 32 768 (≤ K) → rounds 5
  // downtime = 32 768 ÷ 112.5e6 + 0.3 s switch-over = 0.300291 s
  const xen = migrate('xen', vm, { bandwidth: 1 * gbps, rtt: 0 });
  assert.deepEqual([xen.stop, xen.rounds, xen.threshold], ['threshold', 5, 204_800]);
  near(xen.downtime, 32_768 / R + 0.3);
  // metro: K = 112.5e6: V₁ = 134 217 728 (> K), V₂ = 16 777 216 (≤ K) → rounds 2
  const metro = migrate('metro', vm, { bandwidth: 1 * gbps, rtt: 0 });
  assert.deepEqual([metro.rounds, metro.threshold], [2, R]);
});

test('precopy: xen forces the stop-and-copy after 29 rounds', () => {
  // W = 1 MiB (> 200 KiB), λ = 0.5: V = max(2²⁰, 2³⁰⁻ⁱ), 1 MiB from round 10 on; never ≤ K, so round 29 stops it.
  // sent before round 29: (2³¹ − 2²¹) + 19 × 2²⁰ = 2 165 309 440 (< 3 × 2³⁰); data = that + 2²⁰ = 2 166 358 016
  // downtime = 2²⁰ ÷ 112.5e6 + 0.3 = 0.30932 s
  const p = migrate('xen', { memory: GiB, dirtyRate: 56.25e6, workingSet: MiB }, { bandwidth: 1 * gbps, rtt: 0 });
  assert.deepEqual([p.stop, p.rounds, p.data, p.converges], ['max-rounds', 29, 2_166_358_016, true]);
  near(p.downtime, MiB / R + 0.3);
  near(p.duration, 2_166_358_016 / R + 0.3);
  // Written `max-rounds = none` (and no max-data): the working set above 200 KiB then never stops.
  const uncapped = migrate(
    'xen',
    { memory: GiB, dirtyRate: 56.25e6, workingSet: MiB },
    { bandwidth: 1 * gbps, rtt: 0 },
    { maxRounds: undefined, maxData: undefined },
  );
  assert.deepEqual([uncapped.stop, uncapped.never], ['never', 'working-set']);
});

test('precopy: xen forces the stop-and-copy once it has sent 300% of memory', () => {
  // λ = 1.5: every round is the whole 1 GiB; before round 3, 3 GiB were sent (≥ 3 × memory) → stop at 3
  // data = 4 GiB; downtime = 2³⁰ ÷ 112.5e6 + 0.3 = 9.844 s (VMM202 compares it with xen's 1 s)
  const p = migrate('xen', { memory: GiB, dirtyRate: 1.5 * R }, { bandwidth: 1 * gbps, rtt: 0 });
  assert.deepEqual([p.stop, p.rounds, p.data, p.converges], ['max-data', 3, 4 * GiB, true]);
  near(p.downtime, GiB / R + 0.3);
  near(p.duration, (4 * GiB) / R + 0.3);
});

test('precopy: qemu’s 128 MiB/s cap holds the rounds, and is lifted for the final round', () => {
  // 10 Gbps, RTT 1 ms: R = 128 MiB/s = 134 217 728; R_f = 1.25e9 × 0.9 = 1.125e9; K = R × 0.3 = 40 265 318.4
  // λ = 32 MiB/s ÷ 128 MiB/s = 0.25: V = 4, 1, ¼, 1/16 GiB (67 108 864 > K), 1/64 GiB = 16 777 216 (≤ K) → rounds 4
  // downtime = 16 777 216 ÷ 1.125e9 + 0.02 = 0.034913 s (at R it would be 0.125 + 0.02 = 0.145 s)
  // duration = 5.3125 GiB ÷ 128 MiB/s + 0.014913 + 0.02 = 42.5 + 0.034913 = 42.534913 s
  const p = migrate('qemu', { memory: 4 * GiB, dirtyRate: 32 * MiB }, { bandwidth: 10 * gbps, rtt: 0.001 });
  assert.deepEqual([p.stop, p.rounds, p.lambda], ['threshold', 4, 0.25]);
  near(p.threshold, 134_217_728 * 0.3);
  near(p.downtime, 16_777_216 / 1.125e9 + 0.02);
  near(p.duration, 42.5 + 16_777_216 / 1.125e9 + 0.02);
});

test('precopy: kvm sends only the resident memory in round 0', () => {
  // 16 GiB guest that has touched 2 GiB, no dirty-rate: data 2 GiB, duration = 2 GiB ÷ R + 20 ms
  // (10 Gbps, RTT 1 ms: R = min(1.125e9, 4 MiB ÷ 1 ms × 0.9 = 3.77e9) = 1.125e9)
  const vm = { memory: 16 * GiB, resident: 2 * GiB };
  const kvm = migrate('kvm', vm, { bandwidth: 10 * gbps, rtt: 0.001 });
  assert.deepEqual([kvm.data, kvm.rounds, kvm.checked], [2 * GiB, 1, false]);
  near(kvm.duration, (2 * GiB) / 1.125e9 + 0.02);
  // metro ignores `resident`: 16 GiB.
  assert.equal(migrate('metro', vm, { bandwidth: 10 * gbps, rtt: 0.001 }).data, 16 * GiB);
  // With a dirty-rate, no round re-sends more than the resident size: λ = 2 gives V₁ = min(2 GiB, 4 GiB) = V₀ → never.
  const hot = migrate('kvm', { ...vm, dirtyRate: 2.25e9 }, { bandwidth: 10 * gbps, rtt: 0.001 });
  assert.deepEqual(hot.volumes, [2 * GiB, 2 * GiB]);
  assert.equal(hot.stop, 'never');
});

test('precopy: post-copy switches over after round 0 when V₀ > K and V₁ > K', () => {
  // qemu, 10 Gbps, 1 ms: R = 128 MiB/s, R_f = 1.125e9, K = 40 265 318.4. λ = 256 MiB/s ÷ 128 MiB/s = 2:
  // V₀ = 4 GiB, V₁ = min(4 GiB, 8 GiB) = 4 GiB > K → P = 4 GiB; data = 8 GiB; downtime = 20 ms
  // duration = 4 GiB ÷ 128 MiB/s + 0.02 + 4 GiB ÷ 1.125e9 = 32 + 0.02 + 3.81775 = 35.83775 s
  const path = { bandwidth: 10 * gbps, rtt: 0.001 };
  const p = migrate('qemu', { memory: 4 * GiB, dirtyRate: 256 * MiB }, path, { converge: 'postcopy' });
  assert.deepEqual([p.stop, p.rounds, p.postcopy, p.data, p.downtime, p.converges], ['postcopy', 0, 4 * GiB, 8 * GiB, 0.02, true]);
  near(p.duration, 32 + 0.02 + (4 * GiB) / 1.125e9);
  assert.deepEqual([p.throttle, p.throttled], [0, 0]);
  // Whatever the caps.
  assert.equal(migrate('qemu', { memory: 4 * GiB, dirtyRate: 256 * MiB }, path, { converge: 'postcopy', maxRounds: 0 }).stop, 'postcopy');
  // V₁ with the working-set floor: λ = 0.25, W = 2 GiB → V₁ = max(2 GiB, 1 GiB) = 2 GiB = P.
  assert.equal(migrate('qemu', { memory: 4 * GiB, dirtyRate: 32 * MiB, workingSet: 2 * GiB }, path, { converge: 'postcopy' }).postcopy, 2 * GiB);
  // V₁ ≤ K: an ordinary pre-copy. λ = 1/128: V₁ = 32 MiB = 33 554 432 ≤ K → threshold at round 1.
  const ordinary = migrate('qemu', { memory: 4 * GiB, dirtyRate: MiB }, path, { converge: 'postcopy' });
  assert.deepEqual([ordinary.stop, ordinary.rounds, ordinary.postcopy], ['threshold', 1, 0]);
  // V₀ ≤ K: stops at round 0.
  assert.equal(migrate('qemu', { memory: 4 * GiB, resident: 32 * MiB, dirtyRate: 256 * MiB }, path, { converge: 'postcopy' }).rounds, 0);
});

test('precopy: with no dirty-rate, the simple unchecked estimate (caps, working set and post-copy play no part)', () => {
  // rounds 1, data M₀, downtime = switchover, duration = 8e9 ÷ 112.5e6 + 0.3 = 71.41 s
  const p = precopy({ ...base, dirtyRate: undefined, workingSet: 4e9, maxRounds: 0, maxData: 0.1, converge: 'postcopy', switchover: 0.3 });
  assert.deepEqual([p.stop, p.rounds, p.data, p.downtime, p.checked, p.converges, p.postcopy, p.lambda], ['threshold', 1, 8e9, 0.3, false, true, 0, undefined]);
  near(p.duration, 8e9 / R + 0.3);
});
