import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a { location = 40.71, -74.0 }
site b { location = 41.88, -87.63 }
site c
link a <-> b { rtt = 35ms  bandwidth = 10Gbps }
link b <-> c { rtt = 4ms  bandwidth = 10Gbps }
vm web at a { memory = 16GiB  disk = 100GiB }
vm db at b { memory = 64GiB }
`;

test('VMM101: a path RTT above the profile limit is an error with both figures', () => {
  expectDiagnostics(`${topology}[|migrate web to b|]`, 'VMM101', ['path RTT 35 ms (a → b) exceeds max-rtt 10 ms of profile metro for live migration']);
});

test('VMM101: the limit comes from the named policy and its own profile', () => {
  expectNone(`${topology}policy far { profile = vmware-long-distance }\nmigrate web to b { policy = far }`, 'VMM101');
  expectDiagnostics(`${topology}policy far { profile = vmware-long-distance  max-rtt = 30ms }\n[|migrate web to b|] { policy = far }`, 'VMM101', [
    'path RTT 35 ms (a → b) exceeds max-rtt 30 ms of policy far (profile vmware-long-distance) for live migration',
  ]);
});

test('VMM101: a multi-hop path sums its RTT', () => {
  expectDiagnostics(`${topology}[|migrate web to c|] { method = routed }`, 'VMM101', [
    'path RTT 39 ms (a → b → c) exceeds max-rtt 10 ms of profile metro for routed migration',
  ]);
});

test('VMM101: cold and federate are not limited by RTT; within the limit is fine', () => {
  expectNone(`${topology}migrate web to b { method = cold }`, 'VMM101');
  expectNone(`${topology}migrate db to c`, 'VMM101');
});

test('VMM101: the cold fix states its cost and removes the error', () => {
  // R = 10 Gbps × 90% = 1.125 GB/s; the local 100 GiB disk takes 107374182400 / 1.125e9 = 95.4 s, plus the 2 min restart (spec §6): 215.4 s.
  const { text, fix } = fixed(`${topology}migrate web to b`, 'VMM101', 'Use cold migration');
  assert.equal(fix.title, 'Use cold migration: ≈ 3 m 35 s offline, 100 GiB copied, no RTT limit');
  assert.ok(text.endsWith('migrate web to b {\n  method = cold\n}'));
  expectNone(text, 'VMM101');
});

test('VMM101: the cold fix completes a half-typed method (or one missing its =) without replacing what is written', () => {
  for (const [written, expected] of [
    ['method =', 'method = cold;'],
    ['method', 'method = cold;'],
    ['method "live"', 'method = cold;'],
    ['method cool', 'method = cold; cool'],
  ]) {
    const { text } = fixed(`${topology}migrate web to b { ${written} }`, 'VMM101', 'Use cold migration');
    assert.equal(text, `${topology}migrate web to b { ${expected} }`);
    expectNone(text, 'VMM101');
  }
});
