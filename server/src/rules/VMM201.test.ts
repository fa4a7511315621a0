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

const never = 'no max-rounds or max-data stops it';
const dirty = (vm: string, rate: string, r: string) =>
  `pre-copy of vm ${vm} never stops: it dirties memory at ${rate} (dirty-rate), at least the effective bandwidth ${r}; ${never}`;

test('VMM201: dirty-rate at or above the effective bandwidth is an error on the VM target', () => {
  expectDiagnostics(`${topology}migrate [|hot|] to b`, 'VMM201', [dirty('hot', '1 Gbps', '900 Mbps (path a → b: 1 Gbps × 90% efficiency)')]);
  // 112.5 MB/s = R exactly: ≥ is not strict.
  expectDiagnostics(`${topology}migrate [|edge|] to b { method = routed }`, 'VMM201', [
    dirty('edge', '900 Mbps', '900 Mbps (path a → b: 1 Gbps × 90% efficiency)'),
  ]);
  // 112 MB/s < 112.5 MB/s: converges (slowly).
  expectNone(`${topology}migrate calm to b`, 'VMM201');
});

test('VMM201: R is shared by concurrent migrations and capped by max-stream', () => {
  // c = 2: R = 1 Gbps ÷ 2 × 90% = 56.25 MB/s = 450 Mbps; 60 MB/s = 480 Mbps ≥ R for both, reported on the glob.
  const message = (vm: string) => dirty(vm, '480 Mbps', '450 Mbps (path a → b: 1 Gbps ÷ 2 concurrent × 90% efficiency)');
  // Two diagnostics on the same glob: the markers nest.
  expectDiagnostics(`${topology}migrate [|[|w*|]|] to b { concurrency = 2 }`, 'VMM201', [message('w1'), message('w2')]);
  // One at a time: R = 900 Mbps > 480 Mbps.
  expectNone(`${topology}migrate w* to b`, 'VMM201');
  // qemu: R = min(10 Gbps × 90%, max-stream 128 MiB/s) = 134.2 MB/s = 1.07 Gbps (efficiency does not apply to the
  // engine's own cap, spec §6): 1 Gbps converges, 1.1 Gbps ≥ R does not.
  const qemu = (rate: string) =>
    `site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\npolicy { profile = qemu }\nvm hot at a { memory = 16GiB  dirty-rate = ${rate} }\n`;
  expectNone(`${qemu('1Gbps')}migrate hot to b`, 'VMM201');
  expectDiagnostics(`${qemu('1.1Gbps')}migrate [|hot|] to b`, 'VMM201', [dirty('hot', '1.1 Gbps', '1.07 Gbps (path a → b: max-stream 1.07 Gbps)')]);
});

test('VMM201: cold and federate copy no memory and are not checked; a service target is the range', () => {
  expectNone(`${topology}migrate hot to b { method = cold }`, 'VMM201');
  expectNone(`${topology}migrate hot to b { method = federate }`, 'VMM201');
  expectDiagnostics(`${topology}service s { vms = hot }\nmigrate [|service s|] to b`, 'VMM201', [
    dirty('hot', '1 Gbps', '900 Mbps (path a → b: 1 Gbps × 90% efficiency)'),
  ]);
});

test('VMM201: suppresses VMM202 and VMM205 for that migration', () => {
  expectNone(`${topology}migrate hot to b`, 'VMM202');
  expectNone(`${topology}migrate hot to b`, 'VMM205');
});

test('VMM201: cold and converge = throttle are offered (routed copies memory the same way, so not), and each removes the error', () => {
  const source = `${topology}migrate hot to b`;
  // Throttled: λ = 125 ÷ 112.5 = 1.11; the throttle steps 20%, 30%, 40%, 50%, 60% until λ(1 − t) = 0.44 halves each round.
  assert.deepEqual(
    diagnostics(source, 'VMM201')[0].fixes.map((f) => f.title),
    [
      'Use cold migration: ≈ 2 m offline (shut down, restart; no disk to copy), no memory copy, so nothing to converge',
      'Set converge = throttle in the unnamed policy: converges with the guest throttled up to 60% for 8 m 54 s, ≈ 11 m 27 s, downtime ≈ 678 ms',
    ],
  );
  const { text } = fixed(source, 'VMM201', 'Use cold migration');
  assert.ok(text.endsWith('migrate hot to b {\n  method = cold\n}'));
  expectNone(text, 'VMM201');
  const throttled = fixed(source, 'VMM201', 'Set converge = throttle').text;
  assert.ok(throttled.endsWith('migrate hot to b\n\npolicy {\n  converge = throttle\n}\n'), throttled);
  expectNone(throttled, 'VMM201');
  // Post-copy is offered on kvm and qemu only.
  const kvm = `${topology}policy { profile = kvm }\nmigrate hot to b`;
  assert.deepEqual(
    diagnostics(kvm, 'VMM201')[0].fixes.map((f) => f.title.split(':')[0]),
    ['Use cold migration', 'Set converge = throttle in the unnamed policy', 'Set converge = postcopy in the unnamed policy'],
  );
  expectNone(fixed(kvm, 'VMM201', 'Set converge = postcopy').text, 'VMM201');
});
