import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

// R = 1 Gbps = 125 MB/s × 90% = 112.5 MB/s = 900 Mbps with one migration at a time.
const topology = `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
vm hot at a { memory = 16GiB  dirty-rate = 1Gbps }
vm edge at a { memory = 16GiB  dirty-rate = 112.5MB/s }
vm calm at a { memory = 16GiB  dirty-rate = 112MB/s }
vm w1 at a { memory = 4GiB  dirty-rate = 60MB/s }
vm w2 at a { memory = 4GiB  dirty-rate = 60MB/s }
`;

const never = 'pre-copy never converges without throttling the guest (SDPS, auto-converge) or post-copy';

test('VMM201: dirty-rate at or above the effective bandwidth is an error on the VM target', () => {
  expectDiagnostics(`${topology}migrate [|hot|] to b`, 'VMM201', [
    `vm hot dirties memory at 1 Gbps (dirty-rate), at least the effective bandwidth 900 Mbps (path a → b: 1 Gbps × 90% efficiency): ${never}`,
  ]);
  // 112.5 MB/s = R exactly: ≥ is not strict.
  expectDiagnostics(`${topology}migrate [|edge|] to b { method = routed }`, 'VMM201', [
    `vm edge dirties memory at 900 Mbps (dirty-rate), at least the effective bandwidth 900 Mbps (path a → b: 1 Gbps × 90% efficiency): ${never}`,
  ]);
  // 112 MB/s < 112.5 MB/s: converges (slowly).
  expectNone(`${topology}migrate calm to b`, 'VMM201');
});

test('VMM201: R is shared by concurrent migrations and capped by max-stream', () => {
  // c = 2: R = 1 Gbps ÷ 2 × 90% = 56.25 MB/s = 450 Mbps; 60 MB/s = 480 Mbps ≥ R for both, reported on the glob.
  const message = (vm: string) =>
    `vm ${vm} dirties memory at 480 Mbps (dirty-rate), at least the effective bandwidth 450 Mbps (path a → b: 1 Gbps ÷ 2 concurrent × 90% efficiency): ${never}`;
  // Two diagnostics on the same glob: the markers nest.
  expectDiagnostics(`${topology}migrate [|[|w*|]|] to b { concurrency = 2 }`, 'VMM201', [message('w1'), message('w2')]);
  // One at a time: R = 900 Mbps > 480 Mbps.
  expectNone(`${topology}migrate w* to b`, 'VMM201');
  // qemu: R = min(10 Gbps, 128 MiB/s) × 90% = 120.8 MB/s = 966 Mbps; 1 Gbps ≥ R.
  expectDiagnostics(
    `site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\npolicy { profile = qemu }\nvm hot at a { memory = 16GiB  dirty-rate = 1Gbps }\nmigrate [|hot|] to b`,
    'VMM201',
    [`vm hot dirties memory at 1 Gbps (dirty-rate), at least the effective bandwidth 966 Mbps (path a → b: max-stream 1.07 Gbps × 90% efficiency): ${never}`],
  );
});

test('VMM201: cold and federate copy no memory and are not checked; a service target is the range', () => {
  expectNone(`${topology}migrate hot to b { method = cold }`, 'VMM201');
  expectNone(`${topology}migrate hot to b { method = federate }`, 'VMM201');
  expectDiagnostics(`${topology}service s { vms = hot }\nmigrate [|service s|] to b`, 'VMM201', [
    `vm hot dirties memory at 1 Gbps (dirty-rate), at least the effective bandwidth 900 Mbps (path a → b: 1 Gbps × 90% efficiency): ${never}`,
  ]);
});

test('VMM201: suppresses VMM202 and VMM205 for that migration', () => {
  expectNone(`${topology}migrate hot to b`, 'VMM202');
  expectNone(`${topology}migrate hot to b`, 'VMM205');
});

test('VMM201: only cold is offered (routed copies memory the same way), and it removes the error', () => {
  const source = `${topology}migrate hot to b`;
  assert.deepEqual(
    diagnostics(source, 'VMM201')[0].fixes.map((f) => f.title),
    ['Use cold migration: ≈ 0 s offline (shut down, restart; no disk to copy), no memory copy, so nothing to converge'],
  );
  const { text } = fixed(source, 'VMM201', 'Use cold migration');
  assert.ok(text.endsWith('migrate hot to b {\n  method = cold\n}'));
  expectNone(text, 'VMM201');
});
