// Properties of the §6 model over many generated migrations (a small seeded generator: the same
// cases every run, and a failure names its seed and case so that it can be replayed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileFigures, profileNames, profiles, type Converge, type PolicyFigures, type ProfileName } from '../model/engines.js';
import { concurrentMigrations, migrationRates } from './rates.js';
import { precopy, precopyInputs, roundLimit, type Precopy, type PrecopyInputs } from './precopy.js';
import { copiesDisks, liveMove, type Move } from './moves.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const mbps = 1e6 / 8;

/** mulberry32: a seeded generator of floats in [0, 1). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  profile: ProfileName;
  policy: PolicyFigures;
  vm: { memory: number; resident?: number; dirtyRate?: number; workingSet?: number; disk: number; hasDatastore: boolean };
  path: { bandwidth: number; rtt: number };
  concurrency: number;
  vmCount: number;
  storageMove: boolean;
}

function cases(seed: number, count: number, shape: (c: Case) => Case = (c) => c): Case[] {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const logUniform = (low: number, high: number) => low * (high / low) ** random();
  const maybe = <T>(p: number, value: () => T): T | undefined => (random() < p ? value() : undefined);
  const out: Case[] = [];
  for (let n = 0; n < count; n++) {
    const profile = pick(profileNames);
    const figures = profileFigures(profile);
    const bandwidth = logUniform(10 * mbps, 100e9 / 8);
    const memory = Math.round(logUniform(256 * MiB, 512 * GiB));
    const converges: Converge[] = profile === 'kvm' || profile === 'qemu' ? ['none', 'throttle', 'postcopy'] : ['none', 'throttle'];
    const initial = pick([0.05, 0.2, 0.5]);
    const policy: PolicyFigures = {
      ...figures,
      maxDowntime: pick([figures.maxDowntime, logUniform(0.005, 2)]),
      converge: pick([figures.converge, pick(converges)]),
      throttleInitial: initial,
      throttleStep: pick([0.01, 0.1, 0.25]),
      throttleMax: Math.max(initial, pick([0.5, 0.9, 0.99])),
      efficiency: pick([0.9, 0.8, 1]),
      streams: pick([1, 1, 2, 4, 8]),
      maxRounds: pick([figures.maxRounds, undefined, Math.floor(random() * 40)]),
      maxData: pick([figures.maxData, undefined, logUniform(0.5, 6)]),
      maxStream: pick([figures.maxStream, logUniform(10 * mbps, 10e9 / 8)]),
      switchover: pick([figures.switchover, logUniform(0.001, 1)]),
    };
    const c: Case = {
      profile,
      policy,
      vm: {
        memory,
        resident: maybe(0.5, () => Math.round(memory * random())),
        // λ between 0.001 and 3 of the path's raw bandwidth, so every regime is met.
        dirtyRate: maybe(0.9, () => bandwidth * logUniform(0.001, 3)),
        workingSet: maybe(0.4, () => Math.round(memory * logUniform(1e-5, 1))),
        disk: pick([0, Math.round(logUniform(GiB, 2048 * GiB))]),
        hasDatastore: random() < 0.7,
      },
      path: { bandwidth, rtt: pick([0, logUniform(0.0002, 0.25)]) },
      concurrency: pick([1, 2, 4, 8]),
      vmCount: pick([1, 3, 10]),
      storageMove: random() < 0.3,
    };
    out.push(shape(c));
  }
  return out;
}

function inputsOf(c: Case): PrecopyInputs {
  const fixed = profiles[c.profile].fixed;
  const concurrent = concurrentMigrations(c.concurrency, c.vmCount, fixed.concurrencyCap);
  const rates = migrationRates({
    pathBandwidth: c.path.bandwidth,
    pathRtt: c.path.rtt,
    concurrent,
    ...c.policy,
    liftsRateCapForFinalRound: fixed.liftsRateCapForFinalRound,
  });
  return precopyInputs(c.vm, c.policy, fixed, rates);
}

function moveOf(c: Case): Move {
  const inputs = inputsOf(c);
  const copies = copiesDisks('live', c.storageMove ? 'move' : 'stay', c.vm.hasDatastore);
  return liveMove({ method: 'live', disk: c.vm.disk, copiesDisks: copies, rate: inputs.rate, precopy: precopy(inputs) });
}

const describe = (c: Case) => JSON.stringify(c);

test('properties: invariants of every pre-copy (stop, rounds, throttle, downtime never below the switch-over)', () => {
  const seen = new Map<string, number>();
  const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const c of cases(1, 3000)) {
    const inputs = inputsOf(c);
    const p: Precopy = precopy(inputs);
    const m = moveOf(c);
    count(p.checked ? p.stop : 'unchecked');
    if (p.never) count(`never ${p.never}`);
    if (p.throttled > 0) count('throttled');
    assert.equal(p.converges, p.stop !== 'never', describe(c));
    assert.ok(p.rounds >= 0 && p.rounds <= roundLimit, describe(c));
    // Downtime is never below the switch-over.
    assert.ok(p.downtime >= c.policy.switchover, describe(c));
    assert.ok(m.downtime >= c.policy.switchover, describe(c));
    assert.ok(p.throttle >= 0 && p.throttle <= c.policy.throttleMax, describe(c));
    if (p.stop === 'never') {
      assert.deepEqual([p.duration, p.downtime, m.duration], [Infinity, Infinity, Infinity], describe(c));
      continue;
    }
    assert.ok(Number.isFinite(p.duration) && Number.isFinite(p.data), describe(c));
    assert.ok(p.duration >= p.downtime, describe(c));
    assert.ok(p.throttled <= p.duration, describe(c));
    assert.ok(p.data >= inputs.roundZero, describe(c));
    if (c.policy.converge !== 'throttle') assert.deepEqual([p.throttle, p.throttled], [0, 0], describe(c));
    if (p.stop === 'max-rounds') assert.equal(p.rounds, c.policy.maxRounds, describe(c));
    if (p.stop === 'threshold' && p.checked) assert.ok(p.volumes[p.rounds] <= p.threshold, describe(c));
    if (p.checked && p.stop !== 'postcopy' && c.policy.maxRounds !== undefined) assert.ok(p.rounds <= c.policy.maxRounds, describe(c));
    // Every round is at most M₀.
    assert.ok(
      p.volumes.every((v) => v <= inputs.roundZero),
      describe(c),
    );
  }
  // The generator reaches every way pre-copy ends.
  const kinds = ['threshold', 'max-rounds', 'max-data', 'postcopy', 'never', 'unchecked', 'never dirty-rate', 'never working-set', 'throttled'];
  for (const kind of kinds) assert.ok((seen.get(kind) ?? 0) >= 10, `${kind}: ${seen.get(kind) ?? 0} of 3000`);
});

test('properties: more bandwidth never lengthens a migration (converge none or postcopy, no max-data)', () => {
  const monotone = cases(2, 3000, (c) => ({
    ...c,
    policy: { ...c.policy, converge: c.policy.converge === 'throttle' ? 'none' : c.policy.converge, maxData: undefined },
  }));
  // The second bandwidth, 1 to 10 times the first.
  const random = generator(3);
  for (const c of monotone) {
    const faster = { ...c, path: { ...c.path, bandwidth: c.path.bandwidth * (1 + 9 * random()) } };
    const slow = moveOf(c).duration;
    const fast = moveOf(faster).duration;
    assert.ok(fast <= slow, `${fast} > ${slow}: ${describe(c)} → ${faster.path.bandwidth}`);
  }
});

test('properties: with throttling or max-data, more bandwidth can lengthen a migration (the §6 model as written)', () => {
  // Throttling: λ = 0.51 just misses halving, so SDPS slows the guest to 80% and rounds shrink by
  // 0.51 × 0.8 = 0.408; 2% more bandwidth gives λ = 0.5, which halves, so no throttle: rounds shrink
  // by 0.5 only. Σ ≈ M(1 + 0.51 ÷ 0.592) = 1.86 M ÷ R against 2 M ÷ 1.02 R = 1.96 M ÷ R.
  const R = 112.5e6;
  const throttled: PrecopyInputs = {
    memory: 8e9,
    roundZero: 8e9,
    dirtyRate: 0.51 * R,
    rate: R,
    finalRate: R,
    threshold: R / 1000,
    converge: 'throttle',
    throttleInitial: 0.2,
    throttleStep: 0.1,
    throttleMax: 0.99,
    switchover: 0,
  };
  const faster = { ...throttled, rate: 1.02 * R, finalRate: 1.02 * R, threshold: (1.02 * R) / 1000 };
  assert.ok(precopy(faster).duration > precopy(throttled).duration);
  // max-data: λ = 0.5 stops at round 3 by max-data (1.75 M sent ≥ 1.749 M); at λ = 0.499 only
  // 1.748 M were sent by then, so it goes on to round 4 and sends more in all.
  const capped: PrecopyInputs = { ...throttled, converge: 'none', dirtyRate: 0.5 * R, maxData: 1.749 };
  const more = { ...capped, dirtyRate: 0.5 * R, rate: R / 0.998, finalRate: R / 0.998, threshold: R / 0.998 / 1000 };
  assert.deepEqual([precopy(capped).stop, precopy(capped).rounds, precopy(more).rounds], ['max-data', 3, 4]);
  assert.ok(precopy(more).duration > precopy(capped).duration);
});

test('properties: throttling never turns a stopping pre-copy into a never-stopping one (max-data unset, or max-rounds set)', () => {
  for (const c of cases(4, 3000)) {
    const inputs = inputsOf(c);
    const unthrottled = precopy({ ...inputs, converge: 'none' });
    if (unthrottled.stop === 'never') continue;
    if (inputs.maxData !== undefined && inputs.maxRounds === undefined) continue;
    const throttled = precopy({ ...inputs, converge: 'throttle' });
    assert.notEqual(throttled.stop, 'never', describe(c));
    // With no cap both stop at the threshold, and the throttled rounds, each no larger, reach it no later.
    if (inputs.maxData === undefined && inputs.maxRounds === undefined) assert.ok(throttled.rounds <= unthrottled.rounds, describe(c));
  }
});

test('properties: throttling under a data cap alone can outlast the 10,000-round bound (the §6 model as written)', () => {
  // W = 1 GiB of 64 GiB, λ = 0.1, K = 1 MB: unthrottled, V = 64 GiB, 6.4 GiB, then 1 GiB a round, and
  // max-data 300% (192 GiB) stops it at round 124 (64 + 6.4 + 121.6 × 1 ≥ 192). Throttled to 99%, a
  // round is 1 GiB × 1% = 10.7 MB, still above K, and the ≈ 115 GiB left under the cap would take
  // ≈ 11 500 such rounds: past round 10,000, so it never stops.
  const inputs: PrecopyInputs = {
    memory: 64 * GiB,
    roundZero: 64 * GiB,
    dirtyRate: 10e6,
    workingSet: GiB,
    rate: 100e6,
    finalRate: 100e6,
    threshold: 1e6,
    maxData: 3,
    converge: 'none',
    throttleInitial: 0.2,
    throttleStep: 0.1,
    throttleMax: 0.99,
    switchover: 0,
  };
  const unthrottled = precopy(inputs);
  assert.deepEqual([unthrottled.stop, unthrottled.rounds], ['max-data', 124]);
  const throttled = precopy({ ...inputs, converge: 'throttle' });
  assert.deepEqual([throttled.stop, throttled.never], ['never', 'round-limit']);
});

test('properties: with no working set, throttle or cap, pre-copy is the geometric series Vᵢ = M₀ λⁱ, stopping at the first M₀ λⁱ ≤ K', () => {
  const random = generator(5);
  for (let n = 0; n < 3000; n++) {
    const m0 = 2 ** 20 * (1 + random() * 2 ** 19);
    const lambda = random() < 0.1 ? 1 + random() : random() * 0.99;
    const threshold = m0 * 10 ** (-6 * random());
    const rate = 1e6 + random() * 1e10;
    const finalRate = rate * (1 + random());
    const switchover = random() * 0.3;
    const p = precopy({
      memory: m0,
      roundZero: m0,
      dirtyRate: lambda * rate,
      rate,
      finalRate,
      threshold,
      converge: 'none',
      throttleInitial: 0.2,
      throttleStep: 0.1,
      throttleMax: 0.99,
      switchover,
    });
    const what = JSON.stringify({ m0, lambda, threshold, rate, finalRate, switchover });
    if (lambda >= 1) {
      assert.deepEqual([p.stop, p.rounds, p.never], ['never', m0 <= threshold ? 0 : 1, 'dirty-rate'], what);
      continue;
    }
    // Closed form: the first i with M₀ λⁱ ≤ K. The iteration multiplies, the closed form raises to a
    // power; a case within 1e-9 of the threshold could round either way and is left out.
    let closed = 0;
    while (m0 * lambda ** closed > threshold) closed++;
    const edge = Math.abs(m0 * lambda ** closed - threshold) <= 1e-9 * threshold || Math.abs(m0 * lambda ** (closed - 1) - threshold) <= 1e-9 * threshold;
    if (edge) continue;
    assert.equal(p.stop, 'threshold', what);
    assert.equal(p.rounds, closed, what);
    p.volumes.forEach((v, i) => assert.ok(Math.abs(v - m0 * lambda ** i) <= 1e-9 * m0 * lambda ** i, what));
    // Σ V₀ … Vₙ₋₁ = M₀ (1 − λⁿ) ÷ (1 − λ); duration = that ÷ R + M₀ λⁿ ÷ R_f + switchover
    const sent = (m0 * (1 - lambda ** closed)) / (1 - lambda);
    const expected = sent / rate + (m0 * lambda ** closed) / finalRate + switchover;
    assert.ok(Math.abs(p.duration - expected) <= 1e-9 * expected, what);
    assert.ok(Math.abs(p.data - (sent + m0 * lambda ** closed)) <= 1e-9 * p.data, what);
  }
});
