import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectDiagnostics, expectNone, fixed } from '../testing.js';

// R = 1 Gbps × 90% = 112.5 MB/s (900 Mbps); metro max-downtime 1 s, so a last round must be ≤ 112.5 MB.
// metro has no round cap (spec §5): the forced stops below come from a written max-rounds.
const topology = `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
vm big at a { memory = 16GiB  disk = 50GiB  dirty-rate = 100MB/s }
vm ws at a { memory = 4GiB  dirty-rate = 10MB/s  working-set = 1GiB }
vm fits at a { memory = 4GiB  dirty-rate = 10MB/s  working-set = 112.5MB }
vm over at a { memory = 4GiB  dirty-rate = 10MB/s  working-set = 112.6MB }
vm small at a { memory = 4GiB  dirty-rate = 10MB/s }
vm quiet at a { memory = 16GiB }
`;
const capped = `${topology}policy { max-rounds = 30 }\n`;

test('VMM202: pre-copy stopped by max-rounds leaves a last round longer than max-downtime, and the message names the cap', () => {
  // λ = 100 / 112.5 = 0.889; V₃₀ = 16 GiB × 0.889³⁰ = 501.7 MB = 478 MiB > 112.5 MB, so it stops at max-rounds 30;
  // downtime = 501.7 MB ÷ 112.5 MB/s = 4.46 s (metro's switch-over is 0 s).
  const message =
    'estimated downtime of vm big 4.46 s exceeds max-downtime 1 s of profile metro: the guest dirties memory at 800 Mbps, 88.9% of R, so each round is 88.9% of the one before; max-rounds 30 forced the stop after 30 rounds with 478 MiB sent with the guest paused at 900 Mbps';
  expectDiagnostics(`${capped}migrate [|big|] to b`, 'VMM202', [message]);
  expectDiagnostics(`${capped}migrate [|big|] to b { method = routed }`, 'VMM202', [message]);
  // Without the cap pre-copy goes on until a round fits: 16 GiB × 0.889ⁿ ≤ 112.5 MB at n = 42.
  expectNone(`${topology}migrate big to b`, 'VMM202');
});

test('VMM202: a working set larger than R × max-downtime never fits', () => {
  // Every round ≥ 1 GiB > 112.5 MB: after 30 rounds, 1073741824 ÷ 112500000 = 9.54 s.
  expectDiagnostics(`${capped}migrate [|ws|] to b`, 'VMM202', [
    'estimated downtime of vm ws 9.54 s exceeds max-downtime 1 s of profile metro: the working set 1 GiB stays dirty every round, so max-rounds 30 forced the stop after 30 rounds with 1 GiB sent with the guest paused at 900 Mbps (dirty-rate 80 Mbps)',
  ]);
  // With no cap it never stops: VMM201's error, not this warning.
  expectNone(`${topology}migrate ws to b`, 'VMM202');
  // A working set of exactly R × L = 112.5 MB fits: downtime 1 s is not above 1 s.
  expectNone(`${capped}migrate fits to b`, 'VMM202');
  // 112.6 MB ÷ 112.5 MB/s = 1.0009 s: just above, shown with more digits.
  expectDiagnostics(`${capped}migrate [|over|] to b`, 'VMM202', [
    'estimated downtime of vm over 1.001 s exceeds max-downtime 1 s of profile metro: the working set 107 MiB stays dirty every round, so max-rounds 30 forced the stop after 30 rounds with 107 MiB sent with the guest paused at 900 Mbps (dirty-rate 80 Mbps)',
  ]);
});

test('VMM202: max-rounds 0 pauses the guest for the whole memory; the limit comes from the policy', () => {
  // 4 GiB ÷ 112.5 MB/s = 38.2 s.
  expectDiagnostics(`${topology}policy { max-rounds = 0 }\nmigrate [|small|] to b`, 'VMM202', [
    'estimated downtime of vm small 38.2 s exceeds max-downtime 1 s of profile metro: max-rounds 0 forced the stop at round 0: the whole 4 GiB sent with the guest paused at 900 Mbps (dirty-rate 80 Mbps)',
  ]);
  // A named policy's own max-downtime: big's 4.46 s fits 5 s; with 4 s the last round (501.7 MB) is still above
  // R × L = 450 MB at round 30, so the downtime stays 4.46 s.
  expectNone(`${topology}policy p { max-downtime = 5s  max-rounds = 30 }\nmigrate big to b { policy = p }`, 'VMM202');
  expectDiagnostics(`${topology}policy p { max-downtime = 4s  max-rounds = 30 }\nmigrate [|big|] to b { policy = p }`, 'VMM202', [
    'estimated downtime of vm big 4.46 s exceeds max-downtime 4 s of policy p (profile metro): the guest dirties memory at 800 Mbps, 88.9% of R, so each round is 88.9% of the one before; max-rounds 30 forced the stop after 30 rounds with 478 MiB sent with the guest paused at 900 Mbps',
  ]);
  // kvm allows 300 ms: small converges at round 3 (4 GiB × 0.0889³ = 3.0 MB, 26.8 ms, plus the 20 ms switch-over).
  expectNone(`${topology}policy { profile = kvm }\nmigrate small to b`, 'VMM202');
});

test('VMM202: not reported for converging VMs, VMs without a dirty-rate, cold or federate', () => {
  expectNone(`${topology}migrate small to b`, 'VMM202');
  expectNone(`${topology}migrate quiet to b`, 'VMM202');
  expectNone(`${topology}migrate big to b { method = cold }`, 'VMM202');
  expectNone(`${topology}migrate big to b { method = federate }`, 'VMM202');
});

test('VMM202: the cold fix states its downtime and removes the warning', () => {
  // Cold copies the local 50 GiB disk: 53687091200 ÷ 112500000 = 477.2 s, plus the 2 min restart: 597.2 s = 9 m 57 s offline.
  const { text, fix } = fixed(`${capped}migrate big to b`, 'VMM202', 'Use cold migration');
  assert.equal(fix.title, 'Use cold migration: ≈ 9 m 57 s offline, 50 GiB copied');
  expectNone(text, 'VMM202');
});

test('VMM202: a threshold stop over the limit names the engine’s fixed switch-over as the cause', () => {
  // kvm: R = 10 Gbps × 90% = 1.125e9 B/s; K = R × 10 ms = 11.25 MB; λ = 100e6 ÷ 1.125e9 = 0.0889.
  // V₃ = 4 GiB × λ³ = 3.016e6 B (2.88 MiB) ≤ K: threshold at round 3. Downtime = 3.016e6 ÷ 1.125e9 + 20 ms = 22.7 ms.
  expectDiagnostics(
    'policy { profile = kvm  max-downtime = 10ms }\nsite a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\nvm k at a { memory = 4GiB  dirty-rate = 100MB/s }\nmigrate [|k|] to b',
    'VMM202',
    [
      "estimated downtime of vm k 22.7 ms exceeds max-downtime 10 ms of profile kvm: 2.88 MiB sent with the guest paused at 9 Gbps plus the 20 ms switch-over: the engine's fixed switch-over of 20 ms is what exceeds it (dirty-rate 800 Mbps)",
    ],
  );
});
