import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone } from '../testing.js';

// kvm: R = R_f = 10 Gbps × 90% = 1.125 GB/s (9 Gbps; the 4 MiB window gives 2.1 GB/s at 2 ms); K = R × 300 ms = 337.5 MB (322 MiB).
const topology = `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 10Gbps }
vm db at a { memory = 64GiB  dirty-rate = 900MB/s }
vm ws at a { memory = 16GiB  resident = 8GiB  dirty-rate = 10MB/s  working-set = 2GiB }
vm small at a { memory = 4GiB  dirty-rate = 10MB/s }
vm tiny at a { memory = 256MiB  dirty-rate = 900MB/s }
vm p1 at a { memory = 16GiB  dirty-rate = 450MB/s }
vm p2 at a { memory = 16GiB  dirty-rate = 450MB/s }
vm quiet at a { memory = 64GiB }
`;
const postcopy = `${topology}policy { profile = kvm  converge = postcopy }\n`;
const exposure = (vm: string, to: string, rest: string) =>
  `vm ${vm} resumes at ${to} before all its memory is there: it switches to post-copy after round 0, which leaves ${rest}, during which a failure of site a or site ${to} loses the VM (neither holds all of its memory) and a failure of the path stalls it on every page still at a until the migration is recovered (QEMU postcopy recovery)`;

test('VMM209: a switch to post-copy names P, the pull time P ÷ R_f and what a failure then costs', () => {
  // λ = 900 ÷ 1125 = 0.8: V₁ = 0.8 × 64 GiB = 51.2 GiB > K, so the engine switches over after round 0;
  // P = 51.2 GiB = 54 975 581 389 B, pulled in 54 975 581 389 ÷ 1.125e9 = 48.9 s.
  const message = exposure(
    'db',
    'b',
    '51.2 GiB dirty (above the stop threshold 322 MiB); pulling it from a at R_f = 9 Gbps (path a → b: 10 Gbps × 90% efficiency) takes 48.9 s',
  );
  expectDiagnostics(`${postcopy}migrate [|db|] to b`, 'VMM209', [message]);
  expectDiagnostics(`${postcopy}migrate [|db|] to b { method = routed }`, 'VMM209', [message]);
  // No fix: the exposure is what post-copy costs.
  assert.deepEqual(
    diagnostics(`${postcopy}migrate db to b`, 'VMM209')[0].fixes.map((f) => f.title),
    [],
  );
});

test('VMM209: round 0 sends the resident memory on kvm, and a working set floors P', () => {
  // M₀ = resident 8 GiB; V₁ = max(2 GiB, 8 GiB × 0.0089) = 2 GiB > K: P = 2 GiB, 2147483648 ÷ 1.125e9 = 1.91 s.
  expectDiagnostics(`${postcopy}migrate [|ws|] to b`, 'VMM209', [
    exposure(
      'ws',
      'b',
      '2 GiB dirty (above the stop threshold 322 MiB); pulling it from a at R_f = 9 Gbps (path a → b: 10 Gbps × 90% efficiency) takes 1.91 s',
    ),
  ]);
});

test('VMM209: qemu lifts its max-stream for the pull, so R_f is above R', () => {
  // R = max-stream 128 MiB/s = 134.2 MB/s; λ = 0.671, K = 40.3 MB (38.4 MiB); V₁ = 0.671 × 64 GiB = 42.9 GiB.
  // R_f = 10 Gbps × 90% = 1.125 GB/s without the cap: 46 084 097 846 ÷ 1.125e9 = 41 s.
  expectDiagnostics(
    `${topology}policy { profile = qemu  converge = postcopy }\nvm db2 at a { memory = 64GiB  dirty-rate = 90MB/s }\nmigrate [|db2|] to b`,
    'VMM209',
    [
      exposure(
        'db2',
        'b',
        '42.9 GiB dirty (above the stop threshold 38.4 MiB); pulling it from a at R_f = 9 Gbps (path a → b: 10 Gbps × 90% efficiency, max-stream 1.07 Gbps lifted for it) takes 41 s',
      ),
    ],
  );
});

test('VMM209: concurrent migrations share the path, per migration on the glob; a path over two hops', () => {
  // c = 2: R = R_f = 10 Gbps ÷ 2 × 90% = 562.5 MB/s; λ = 0.8; P = 12.8 GiB = 13 743 895 347 B, 24.4 s.
  const message = (vm: string) =>
    exposure(
      vm,
      'b',
      '12.8 GiB dirty (above the stop threshold 161 MiB); pulling it from a at R_f = 4.5 Gbps (path a → b: 10 Gbps ÷ 2 concurrent × 90% efficiency) takes 24.4 s',
    );
  expectDiagnostics(`${postcopy}migrate [|[|p*|]|] to b { concurrency = 2 }`, 'VMM209', [message('p1'), message('p2')]);
  // a → h → c: RTT 4 ms, so the 4 MiB window carries 4 MiB ÷ 4 ms × 90% = 943.7 MB/s, below 10 Gbps × 90%: R = R_f;
  // λ = 500 ÷ 943.7 = 0.53, K = 283.1 MB (270 MiB); P = 0.53 × 64 GiB = 33.9 GiB, pulled in 38.6 s.
  const hub = `site a\nsite h\nsite c\nlink a <-> h { rtt = 2ms  bandwidth = 10Gbps }\nlink h <-> c { rtt = 2ms  bandwidth = 10Gbps }\npolicy { profile = kvm  converge = postcopy }\nvm db at a { memory = 64GiB  dirty-rate = 500MB/s }\n`;
  expectDiagnostics(`${hub}migrate [|db|] to c`, 'VMM209', [
    exposure(
      'db',
      'c',
      '33.9 GiB dirty (above the stop threshold 270 MiB); pulling it from a at R_f = 7.55 Gbps (path a → h → c: TCP window 4 MiB ÷ RTT 4 ms × 90% efficiency) takes 38.6 s',
    ),
  ]);
});

test('VMM209: not reported when pre-copy stops by itself, without post-copy, or for cold, federate, no dirty-rate', () => {
  // small: V₁ = 4 GiB × 10 ÷ 1125 = 38.2 MB ≤ K, an ordinary pre-copy. tiny: V₀ = 256 MiB ≤ K.
  expectNone(`${postcopy}migrate small to b`, 'VMM209');
  expectNone(`${postcopy}migrate tiny to b`, 'VMM209');
  // kvm does not switch to post-copy unless told (converge = none).
  expectNone(`${topology}policy { profile = kvm }\nmigrate db to b`, 'VMM209');
  expectNone(`${postcopy}migrate db to b { method = cold }`, 'VMM209');
  expectNone(`${postcopy}migrate db to b { method = federate }`, 'VMM209');
  // No dirty-rate: the unchecked estimate, in which post-copy plays no part (VMM204).
  expectNone(`${postcopy}migrate quiet to b`, 'VMM209');
  // converge = postcopy outside kvm/qemu is VMM008 and left out of the model.
  expectNone(`${topology}policy { profile = vmware-metro  converge = postcopy }\nmigrate db to b`, 'VMM209');
});

test('VMM209: vmm-ignore on the migrate silences it', () => {
  expectNone(`${postcopy}// vmm-ignore VMM209 the source site stays up\nmigrate db to b`, 'VMM209');
});
