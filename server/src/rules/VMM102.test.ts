import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a
site b
site c
link a <-> b { rtt = 2ms  bandwidth = 1.5Gbps }
link b <-> c { rtt = 2ms  bandwidth = 10Gbps  share = 5% }
vm w1 at a { memory = 4GiB }
vm w2 at a { memory = 4GiB }
vm w3 at a { memory = 4GiB }
vm far at c { memory = 4GiB }
`;

test('VMM102: bandwidth per concurrent migration below min-bandwidth is an error with its figures', () => {
  // 1.5 Gbps ÷ c = min(3, 3 VMs) = 500 Mbps < 600 Mbps (metro).
  expectDiagnostics(`${topology}[|migrate w* to b|] { concurrency = 3 }`, 'VMM102', [
    'bandwidth per concurrent migration 500 Mbps (path a → b 1.5 Gbps ÷ 3 concurrent migrations) is below min-bandwidth 600 Mbps of profile metro for live migration',
  ]);
});

test('VMM102: c counts only the VMs of the intent; efficiency is not applied; equal to the minimum is fine', () => {
  // concurrency 5 with 2 VMs: c = 2, 1.5 Gbps ÷ 2 = 750 Mbps ≥ 600 Mbps.
  expectNone(`${topology}migrate w1, w2 to b { concurrency = 5 }`, 'VMM102');
  // 1.2 Gbps ÷ 2 = 600 Mbps exactly: not below (strict). R would be 540 Mbps with 90% efficiency, which VMM102 ignores.
  expectNone(
    `site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 1.2Gbps }\nvm w1 at a { memory = 4GiB }\nvm w2 at a { memory = 4GiB }\nmigrate w1, w2 to b { concurrency = 2 }`,
    'VMM102',
  );
  // 1.19 Gbps ÷ 2 = 595 Mbps: just below.
  expectDiagnostics(
    `site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 1.19Gbps }\nvm w1 at a { memory = 4GiB }\nvm w2 at a { memory = 4GiB }\n[|migrate w1, w2 to b|] { concurrency = 2 }`,
    'VMM102',
    [
      'bandwidth per concurrent migration 595 Mbps (path a → b 1.19 Gbps ÷ 2 concurrent migrations) is below min-bandwidth 600 Mbps of profile metro for live migration',
    ],
  );
});

test('VMM102: the path bandwidth is the minimum over hops of bandwidth × share; routed is checked too', () => {
  // c → b → a: min(10 Gbps × 5% = 500 Mbps, 1.5 Gbps) = 500 Mbps < 600 Mbps.
  expectDiagnostics(`${topology}[|migrate far to a|] { method = routed }`, 'VMM102', [
    'bandwidth per concurrent migration 500 Mbps (path c → b → a) is below min-bandwidth 600 Mbps of profile metro for routed migration',
  ]);
});

test('VMM102: the limit comes from the policy; cold and federate are not checked', () => {
  // vmware-long-distance: 250 Mbps; 500 Mbps per migration is enough.
  expectNone(`${topology}policy ld { profile = vmware-long-distance }\nmigrate w* to b { concurrency = 3  policy = ld }`, 'VMM102');
  expectDiagnostics(`${topology}policy ld { profile = vmware-long-distance  min-bandwidth = 2Gbps }\n[|migrate w1 to b|] { policy = ld }`, 'VMM102', [
    'bandwidth per concurrent migration 1.5 Gbps (path a → b) is below min-bandwidth 2 Gbps of policy ld (profile vmware-long-distance) for live migration',
  ]);
  // kvm sets no min-bandwidth.
  expectNone(`${topology}policy k { profile = kvm }\nmigrate w* to b { concurrency = 3  policy = k }`, 'VMM102');
  expectNone(`${topology}migrate w* to b { concurrency = 3  method = cold }`, 'VMM102');
  expectNone(`${topology}migrate w* to b { concurrency = 3  method = federate }`, 'VMM102');
});

test('VMM102: the lower-concurrency fix sets the largest concurrency that meets the minimum and states the time', () => {
  // Largest c with 1.5 Gbps ÷ c ≥ 600 Mbps: c = 2 (750 Mbps). R = 750 Mbps × 90% = 84.375 MB/s;
  // each 4 GiB VM: 4294967296 / 84375000 = 50.9 s; 3 VMs in 2 slots: 101.8 s = 1 m 42 s.
  const source = `${topology}migrate w* to b { concurrency = 3 }`;
  const { text, fix } = fixed(source, 'VMM102', 'Lower concurrency');
  assert.equal(fix.title, 'Lower concurrency to 2: 750 Mbps per migration, ≈ 1 m 42 s for all 3');
  assert.ok(text.endsWith('migrate w* to b { concurrency = 2 }'));
  expectNone(text, 'VMM102');
});

test('VMM102: no lower-concurrency fix when even one migration at a time is below the minimum; cold is offered', () => {
  // c → b → a: 500 Mbps with c = 1 already; cold copies no disk (none declared).
  const found = diagnostics(`${topology}migrate far to a`, 'VMM102');
  assert.deepEqual(
    found[0].fixes.map((f) => f.title),
    ['Use cold migration: ≈ 2 m offline (shut down, restart; no disk to copy), no bandwidth minimum'],
  );
  const { text } = fixed(`${topology}migrate far to a`, 'VMM102', 'Use cold migration');
  assert.ok(text.endsWith('migrate far to a {\n  method = cold\n}'));
  expectNone(text, 'VMM102');
});

test('VMM102: the cold fix states the offline time and the data copied', () => {
  // Cold: the local 100 GiB disk over R = 1.5 Gbps ÷ 1 × 90% = 168.75 MB/s: 107374182400 / 168750000 = 636.3 s, plus the 2 min restart: 756.3 s = 12 m 36 s.
  const source = `${topology}vm big at a { memory = 4GiB  disk = 100GiB }\nmigrate big to b { policy = strict }\npolicy strict { min-bandwidth = 2Gbps }`;
  const { text, fix } = fixed(source, 'VMM102', 'Use cold migration');
  assert.equal(fix.title, 'Use cold migration: ≈ 12 m 36 s offline, 100 GiB copied, no bandwidth minimum');
  expectNone(text, 'VMM102');
});
