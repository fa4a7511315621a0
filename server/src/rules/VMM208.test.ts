import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

// R = 1 Gbps × 90% = 112.5 MB/s (900 Mbps); vmware-metro throttles (SDPS) with K = R × 1 s = 112.5 MB (107 MiB).
const topology = `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
vm db at a { memory = 16GiB  dirty-rate = 90MB/s }
vm ws at a { memory = 4GiB  dirty-rate = 10MB/s  working-set = 1GiB }
vm calm at a { memory = 16GiB  dirty-rate = 40MB/s }
vm hot at a { memory = 16GiB  dirty-rate = 135MB/s }
vm quiet at a { memory = 16GiB }
`;
const vmware = `${topology}policy { profile = vmware-metro }\n`;
const rate = '900 Mbps (path a → b: 1 Gbps × 90% efficiency)';
const steps = '20%, +10% each round that does not halve the one before';

// db: λ = 90 ÷ 112.5 = 0.8. V₀ = 16 GiB; V₁ = 0.8 V₀ (not halved: t₁ = 20%), V₂ = 0.64 V₁ (t₂ = 30%),
// V₃ = 0.56 V₂ (t₃ = 40%), then × 0.48 a round (halving: the throttle stays); V₉ = 60.2 MB ≤ K: 9 rounds.
// throttle = t₈ = 40%; throttled = (V₁ + … + V₈) ÷ R = 31 896 846 024 ÷ 112.5e6 = 283.5 s = 4 m 44 s;
// duration = (V₀ + … + V₉) ÷ R = 436.8 s = 7 m 17 s. Unthrottled: 0.8ⁿ × 16 GiB ≤ K at n = 23, 760 s = 12 m 40 s.
const dbMessage = `vm db converges with its vCPUs throttled up to 40% for 4 m 44 s (SDPS): it dirties memory at 720 Mbps (dirty-rate), 80% of the effective bandwidth ${rate}; throttled from round 1 (${steps}), pre-copy reaches the stop threshold 107 MiB after 9 rounds; unthrottled it would stop after 23 rounds, ≈ 12 m 40 s instead of ≈ 7 m 17 s`;

test('VMM208: a throttled convergence names the deepest throttle and how long the guest runs slowed', () => {
  expectDiagnostics(`${vmware}migrate [|db|] to b`, 'VMM208', [dbMessage]);
  // Routed copies memory the same way; a service target is the range.
  expectDiagnostics(`${vmware}service s { vms = db }\nmigrate [|service s|] to b { method = routed }`, 'VMM208', [dbMessage]);
  // converge = throttle written in a policy of another profile (metro), which names both engines' features.
  expectDiagnostics(`${topology}policy { converge = throttle }\nmigrate [|db|] to b`, 'VMM208', [dbMessage.replace('(SDPS)', '(SDPS / auto-converge)')]);
});

test('VMM208: a working set that stays above the threshold converges only throttled', () => {
  // V₁ = max(1 GiB, 4 GiB × 0.089) = 1 GiB halves V₀; V₂ = 1 GiB does not (t₂ = 20%); then Vᵢ = W × (1 − tᵢ₋₁):
  // 0.8, 0.7, … V₁₀ = 0.1 GiB = 107.4 MB ≤ K. throttle = t₉ = 90%; throttled = W × (1 + 0.8 + … + 0.2) ÷ R
  // = 4.5 GiB ÷ 112.5 MB/s = 42.9 s. Unthrottled every round is 1 GiB > K: it never stops.
  expectDiagnostics(`${vmware}migrate [|ws|] to b`, 'VMM208', [
    `vm ws converges only with its vCPUs throttled up to 90% for 42.9 s (SDPS): its working set 1 GiB stays dirty every round, above the stop threshold 107 MiB (R × max-downtime) at R = ${rate}; throttled from round 2 (${steps}), pre-copy reaches it after 10 rounds; unthrottled it would never stop`,
  ]);
  // Xen's threshold is its 50 pages (200 KiB); its max-rounds 29 then forces the stop, throttled to the 99% ceiling:
  // V₁₀ = 0.1 W halves V₉ = 0.2 W (t₁₀ stays 90%), V₁₁ = 0.1 W does not (t₁₁ = 99%), then V = 0.01 W to round 28:
  // throttled = W × (1 + 0.8 + … + 0.1 + 0.1 + 17 × 0.01) ÷ R = 4.87 GiB ÷ 112.5 MB/s = 46.5 s. Unthrottled, max-data 300%
  // of 4 GiB stops it after round 9 (4 + 8 × 1 GiB = 12 GiB sent).
  expectDiagnostics(`${topology}policy { profile = xen  converge = throttle }\nmigrate [|ws|] to b`, 'VMM208', [
    `vm ws runs with its vCPUs throttled up to 99% for 46.5 s (SDPS / auto-converge) before max-rounds 29 forces the stop after 29 rounds: its working set 1 GiB stays dirty every round, above the stop threshold 200 KiB (the engine's 50 pages) at R = ${rate}; throttled from round 2 (${steps}, capped at throttle-max 99%); unthrottled it would stop after 9 rounds (max-data), ≈ 2 m 4 s instead of ≈ 1 m 35 s`,
  ]);
});

test('VMM208: a cap that forces the stop is named; throttle-max caps the throttle', () => {
  // max-rounds 3: t₀…t₂ = 0, 20%, 30%; throttled = (V₁ + V₂) ÷ R = 22 539 988 369 ÷ 112.5e6 = 200.4 s = 3 m 20 s.
  expectDiagnostics(`${topology}policy { profile = vmware-metro  max-rounds = 3 }\nmigrate [|db|] to b`, 'VMM208', [
    `vm db runs with its vCPUs throttled up to 30% for 3 m 20 s (SDPS) before max-rounds 3 forces the stop after 3 rounds: it dirties memory at 720 Mbps (dirty-rate), 80% of the effective bandwidth ${rate}; throttled from round 1 (${steps}); unthrottled it would stop after 3 rounds (max-rounds), ≈ 7 m 31 s instead of ≈ 6 m 37 s`,
  ]);
  // throttle-max 30% in a named policy: the rounds shrink by 0.8 × 0.7 = 0.56 from round 3, V₁₀ = 85.1 MB ≤ K;
  // throttled = (V₁ + … + V₉) ÷ R = 298.1 s = 4 m 58 s.
  expectDiagnostics(`${topology}policy p { profile = vmware-metro  throttle-max = 30% }\nmigrate [|db|] to b { policy = p }`, 'VMM208', [
    `vm db converges with its vCPUs throttled up to 30% for 4 m 58 s (SDPS): it dirties memory at 720 Mbps (dirty-rate), 80% of the effective bandwidth ${rate}; throttled from round 1 (${steps}, capped at throttle-max 30%), pre-copy reaches the stop threshold 107 MiB after 10 rounds; unthrottled it would stop after 23 rounds, ≈ 12 m 40 s instead of ≈ 7 m 32 s`,
  ]);
});

test('VMM208: not reported when the throttle never rose, without converge = throttle, or for cold, federate, no dirty-rate', () => {
  // calm: λ = 0.356, every round halves the one before, so the throttle stays 0.
  expectNone(`${vmware}migrate calm to b`, 'VMM208');
  // metro and kvm do not throttle by default (converge = none): VMM205 is the note there.
  expectNone(`${topology}migrate db to b`, 'VMM208');
  expectNone(`${topology}policy { profile = kvm }\nmigrate db to b`, 'VMM208');
  expectNone(`${vmware}migrate db to b { method = cold }`, 'VMM208');
  expectNone(`${vmware}migrate db to b { method = federate }`, 'VMM208');
  expectNone(`${vmware}migrate quiet to b`, 'VMM208');
});

test('VMM208: a throttled pre-copy that never stops is VMM201, which suppresses it', () => {
  // hot: λ = 1.2; throttle-max 10% leaves λ × 0.9 = 1.08 ≥ 1.
  const source = `${topology}policy { profile = vmware-metro  throttle-max = 10% }\nmigrate hot to b`;
  assert.equal(diagnostics(source, 'VMM201').length, 1);
  expectNone(source, 'VMM208');
});

test('VMM208: the cold fix states its cost and removes the warning', () => {
  const source = `${vmware}migrate db to b`;
  assert.deepEqual(
    diagnostics(source, 'VMM208')[0].fixes.map((f) => f.title),
    ['Use cold migration: ≈ 2 m offline (shut down, restart; no disk to copy), no memory copy, so no throttling'],
  );
  const { text } = fixed(source, 'VMM208', 'Use cold migration');
  assert.ok(text.endsWith('migrate db to b {\n  method = cold\n}'));
  expectNone(text, 'VMM208');
});

test('VMM208: on kvm/qemu, auto-converge can give way to post-copy, which states its exposure', () => {
  // R = 10 Gbps × 90% = 1.125 GB/s (the 4 MiB window gives 2.1 GB/s at 2 ms); λ = 900 ÷ 1125 = 0.8; K = R × 300 ms.
  const kvm = `site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\npolicy p { profile = kvm  converge = throttle }\nvm db at a { memory = 64GiB  dirty-rate = 900MB/s }\n`;
  const source = `${kvm}migrate [|db|] to b { policy = p }`;
  expectDiagnostics(source, 'VMM208', [
    'vm db converges with its vCPUs throttled up to 40% for 1 m 53 s (auto-converge): it dirties memory at 7.2 Gbps (dirty-rate), 80% of the effective bandwidth 9 Gbps (path a → b: 10 Gbps × 90% efficiency); throttled from round 1 (20%, +10% each round that does not halve the one before), pre-copy reaches the stop threshold 322 MiB after 9 rounds; unthrottled it would stop after 24 rounds, ≈ 5 m 4 s instead of ≈ 2 m 55 s',
  ]);
  // Post-copy switches over after round 0 and pulls P = V₁ = 0.8 × 64 GiB = 51.2 GiB at R_f = 1.125 GB/s: 48.9 s.
  const { text, fix } = fixed(source.replace(/\[\||\|\]/g, ''), 'VMM208', 'Set converge = postcopy');
  assert.equal(
    fix.title,
    'Set converge = postcopy in policy p: switches over after one round (pause ≈ 20 ms), then pulls 51.2 GiB for 48.9 s during which a failure of either site loses the VM and a failure of the path stalls it',
  );
  assert.ok(text.includes('policy p { profile = kvm  converge = postcopy }'));
  expectNone(text, 'VMM208');
});

test('VMM208: vmm-ignore on the migrate silences it', () => {
  expectNone(`${vmware}// vmm-ignore VMM208 SDPS is acceptable for this guest\nmigrate db to b`, 'VMM208');
});
