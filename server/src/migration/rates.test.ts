import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileFigures, profiles } from '../model/engines.js';
import { concurrentMigrations, linkRate, migrationRates, windowCap, windowLimit } from './rates.js';

const MiB = 2 ** 20;
const gbps = 1e9 / 8;

/** Relative closeness, for figures that go through a division or two. */
function near(actual: number, expected: number, relative = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} is not ${expected}`);
}

test('rates: c = min(concurrency, VMs in the intent, the profile’s concurrency cap)', () => {
  assert.equal(concurrentMigrations(4, 10), 4);
  assert.equal(concurrentMigrations(4, 2), 2);
  // HCX runs one vMotion at a time per service mesh, whatever the intent says.
  assert.equal(concurrentMigrations(4, 10, profiles.hcx.fixed.concurrencyCap), 1);
  assert.equal(concurrentMigrations(1, 0), 1);
});

test('rates: HCX’s cap of 1 gives each migration the whole path', () => {
  const hcx = profileFigures('hcx');
  const c = concurrentMigrations(3, 3, profiles.hcx.fixed.concurrencyCap);
  // 1 Gbps path, c = 1: link rate 125 MB/s; R = min(125e6 × 0.9, —, 1 Gbps cap = 125e6) = 112.5 MB/s
  const rates = migrationRates({ pathBandwidth: 1 * gbps, pathRtt: 0.05, concurrent: c, ...hcx, liftsRateCapForFinalRound: false });
  assert.equal(rates.linkRate, 125e6);
  near(rates.rate, 112.5e6);
  assert.equal(rates.limitedBy, 'link');
  // On a 10 Gbps path the 1 Gbps per-flow cap sets R (no efficiency on it): 125 MB/s.
  const fast = migrationRates({ pathBandwidth: 10 * gbps, pathRtt: 0.05, concurrent: c, ...hcx, liftsRateCapForFinalRound: false });
  assert.equal(fast.rate, 125e6);
  assert.equal(fast.finalRate, 125e6);
  assert.equal(fast.limitedBy, 'max-stream');
});

test('rates: link rate = path bandwidth ÷ c; window cap none without a window or with RTT 0', () => {
  assert.equal(linkRate(1.25e9, 4), 312.5e6);
  assert.equal(windowCap(1, undefined, 0.1), undefined);
  assert.equal(windowCap(1, 4 * MiB, 0), undefined);
  assert.equal(windowCap(2, 4 * MiB, 0.01), 838_860_800);
});

test('rates: one connection at 160 ms RTT with a 4 MiB window carries about 26 MB/s (4 MiB ÷ 0.16 s = 26.2 MB/s)', () => {
  const kvm = profileFigures('kvm');
  const rates = migrationRates({ pathBandwidth: 10 * gbps, pathRtt: 0.16, concurrent: 1, ...kvm, liftsRateCapForFinalRound: true });
  // 4 194 304 B ÷ 0.16 s = 26 214 400 B/s; R = × 0.9 = 23 592 960 B/s; R_f the same (no max-stream to lift)
  near(rates.windowCap ?? NaN, 26_214_400);
  near(rates.rate, 23_592_960);
  near(rates.finalRate, 23_592_960);
  assert.equal(rates.limitedBy, 'window');
});

test('rates: qemu’s 128 MiB/s cap sets R but is lifted for the final round (R_f)', () => {
  const qemu = profileFigures('qemu');
  const rates = migrationRates({ pathBandwidth: 10 * gbps, pathRtt: 0.001, concurrent: 1, ...qemu, liftsRateCapForFinalRound: true });
  // link 1.25e9 × 0.9 = 1.125e9; window 4 MiB ÷ 1 ms = 4.194e9 × 0.9 = 3.77e9; cap 134 217 728 → R = cap
  assert.equal(rates.rate, 134_217_728);
  assert.equal(rates.limitedBy, 'max-stream');
  // R_f = min(link 1.25e9, window 4.194e9) × 0.9 = 1.125e9
  near(rates.finalRate, 1.125e9);
  // A profile that does not lift its cap keeps R for the final round.
  const hold = migrationRates({ pathBandwidth: 10 * gbps, pathRtt: 0.001, concurrent: 1, ...qemu, liftsRateCapForFinalRound: false });
  assert.equal(hold.finalRate, 134_217_728);
});

test('rates: concurrency divides the link, not the per-stream cap', () => {
  const qemu = profileFigures('qemu');
  // 1 Gbps over c = 4: link rate 31.25 MB/s × 0.9 = 28.125 MB/s, below the 128 MiB/s cap
  const rates = migrationRates({ pathBandwidth: 1 * gbps, pathRtt: 0.001, concurrent: 4, ...qemu, liftsRateCapForFinalRound: true });
  assert.equal(rates.linkRate, 31.25e6);
  near(rates.rate, 28.125e6);
  near(rates.finalRate, 28.125e6);
  assert.equal(rates.limitedBy, 'link');
});

test('rates: VMM107 fires when the window caps the stream below the path, and N is the fewest streams that reach it', () => {
  // kvm at 160 ms on 10 Gbps: 26.2 MB/s < min(1.25e9, ∞); N = ⌈1.25e9 × 0.16 ÷ 4 194 304⌉ = ⌈47.68⌉ = 48
  const kvm = windowLimit({ linkRate: 1.25e9, pathRtt: 0.16, efficiency: 0.9, streams: 1, streamWindow: 4 * MiB });
  assert.deepEqual(kvm && { limits: kvm.limits, needed: kvm.streamsNeeded }, { limits: true, needed: 48 });
  // qemu: min(1.25e9, 134 217 728 ÷ 0.9 = 149 130 808.9); N = ⌈149 130 808.9 × 0.16 ÷ 4 194 304⌉ = ⌈5.69⌉ = 6
  const qemu = windowLimit({ linkRate: 1.25e9, pathRtt: 0.16, efficiency: 0.9, maxStream: 128 * MiB, streams: 1, streamWindow: 4 * MiB });
  near(qemu?.pathRate ?? NaN, 134_217_728 / 0.9);
  assert.equal(qemu?.streamsNeeded, 6);
  // With those 6 streams it no longer fires: 6 × 4 MiB ÷ 0.16 s = 157 286 400 ≥ 149 130 808.9.
  assert.equal(windowLimit({ linkRate: 1.25e9, pathRtt: 0.16, efficiency: 0.9, maxStream: 128 * MiB, streams: 6, streamWindow: 4 * MiB })?.limits, false);
  // With 5 it still does: 131 072 000 < 149 130 808.9.
  assert.equal(windowLimit({ linkRate: 1.25e9, pathRtt: 0.16, efficiency: 0.9, maxStream: 128 * MiB, streams: 5, streamWindow: 4 * MiB })?.limits, true);
  // A short path: 4 MiB ÷ 1 ms = 4.19e9 ≥ 1.25e9, no VMM107; N is still the fewest (1).
  const metroLike = windowLimit({ linkRate: 1.25e9, pathRtt: 0.001, efficiency: 0.9, streams: 1, streamWindow: 4 * MiB });
  assert.deepEqual(metroLike && { limits: metroLike.limits, needed: metroLike.streamsNeeded }, { limits: false, needed: 1 });
  // No window (VMware), or RTT 0: nothing to say.
  assert.equal(windowLimit({ linkRate: 1.25e9, pathRtt: 0.16, efficiency: 0.9, streams: 1 }), undefined);
  assert.equal(windowLimit({ linkRate: 1.25e9, pathRtt: 0, efficiency: 0.9, streams: 1, streamWindow: 4 * MiB }), undefined);
});

test('rates: VMM107’s N clears the condition exactly where the quotient is an integer', () => {
  // 3 × 4 MiB ÷ 0.1 s = 125 829 120 B/s: with the link at exactly that rate, 3 streams reach it (not <).
  const linkRate = (3 * 4 * MiB) / 0.1;
  const limit = windowLimit({ linkRate, pathRtt: 0.1, efficiency: 0.9, streams: 1, streamWindow: 4 * MiB });
  assert.equal(limit?.streamsNeeded, 3);
  assert.equal(windowLimit({ linkRate, pathRtt: 0.1, efficiency: 0.9, streams: 3, streamWindow: 4 * MiB })?.limits, false);
  assert.equal(windowLimit({ linkRate, pathRtt: 0.1, efficiency: 0.9, streams: 2, streamWindow: 4 * MiB })?.limits, true);
  // Many RTTs and rates: N always clears the condition, N − 1 never does.
  for (const rtt of [0.003, 0.01, 0.037, 0.1, 0.16, 0.3]) {
    for (const rate of [1e6, 12.5e6, 125e6, 1.25e9, 5e9]) {
      const found = windowLimit({ linkRate: rate, pathRtt: rtt, efficiency: 0.9, streams: 1, streamWindow: 4 * MiB });
      const n = found?.streamsNeeded ?? NaN;
      assert.equal(windowLimit({ linkRate: rate, pathRtt: rtt, efficiency: 0.9, streams: n, streamWindow: 4 * MiB })?.limits, false);
      if (n > 1) assert.equal(windowLimit({ linkRate: rate, pathRtt: rtt, efficiency: 0.9, streams: n - 1, streamWindow: 4 * MiB })?.limits, true);
    }
  }
});
