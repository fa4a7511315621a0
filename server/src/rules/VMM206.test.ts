import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

// metro over 1 Gbps: R = 112.5 MB/s. A 1125 MB VM with no local disk: 10 s live.
// d1, d2: 1125 MB local disk (10 s) + 1 GiB memory (1073741824 / 112500000 = 9.54 s) = 19.54 s live, 10 s cold.
// The restart of a cold move is set to 0 s here so that the deadlines stay short; the last test counts the default 2 min.
const topology = `
policy { restart-time = 0s }
site a
site b
site c
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
vm w1 at a { memory = 1125MB }
vm w2 at a { memory = 1125MB }
vm w3 at a { memory = 1125MB }
vm d1 at a { memory = 1GiB  disk = 1125MB }
vm d2 at a { memory = 1GiB  disk = 1125MB }
vm hot at a { memory = 16GiB  dirty-rate = 1Gbps }
service shop { vms = w1, w2  load-balancer = gslb  scalable = true }
`;

test('VMM206: an intent that cannot finish before its deadline is an error on the migrate', () => {
  // 3 × 10 s in one slot = 30 s > 25 s.
  expectDiagnostics(`${topology}[|migrate w* to b|] { reason = disaster-avoidance  deadline = 25s }`, 'VMM206', [
    'estimated time of the intent 30 s (3 migrations, 1 at a time) exceeds its deadline 25 s: not every VM leaves site a before it is lost',
  ]);
  // Evaluated whenever a deadline is set, whatever the reason.
  expectDiagnostics(`${topology}[|migrate w* to b|] { deadline = 25s }`, 'VMM206', [
    'estimated time of the intent 30 s (3 migrations, 1 at a time) exceeds its deadline 25 s: not every VM leaves site a before it is lost',
  ]);
  // Exactly the deadline is in time (strict).
  expectNone(`${topology}migrate w* to b { reason = disaster-avoidance  deadline = 30s }`, 'VMM206');
  expectNone(`${topology}migrate w* to b { reason = disaster-avoidance }`, 'VMM206');
});

test('VMM206: a migration that does not converge never finishes, said in words', () => {
  expectDiagnostics(`${topology}[|migrate hot to b|] { reason = disaster-avoidance  deadline = 1h }`, 'VMM206', [
    'pre-copy of vm hot never stops, so the intent never finishes before its deadline 1 h',
  ]);
});

test('VMM206: cold and federate intents are checked too (federate takes no time)', () => {
  // Cold: 2 × 10 s = 20 s > 15 s; already cold, not federable: no fix.
  const found = expectDiagnostics(`${topology}[|migrate d1, d2 to b|] { method = cold  deadline = 15s }`, 'VMM206', [
    'estimated time of the intent 20 s (2 migrations, 1 at a time) exceeds its deadline 15 s: not every VM leaves site a before it is lost',
  ]);
  assert.deepEqual(found[0].fixes, []);
  expectNone(`${topology}migrate service shop to b { method = federate  deadline = 1s }`, 'VMM206');
});

test('VMM206: the cold fix states the time and is offered only when cold meets the deadline', () => {
  // Live: 2 × 19.54 s = 39.1 s > 30 s. Cold: 10 s each, 20 s for both, 2 × 1125 MB = 2.1 GiB copied.
  const source = `${topology}migrate d1, d2 to b { reason = disaster-avoidance  deadline = 30s }`;
  expectDiagnostics(`${topology}[|migrate d1, d2 to b|] { reason = disaster-avoidance  deadline = 30s }`, 'VMM206', [
    'estimated time of the intent 39.1 s (2 migrations, 1 at a time) exceeds its deadline 30 s: not every VM leaves site a before it is lost',
  ]);
  const { text, fix } = fixed(source, 'VMM206', 'Use cold migration');
  assert.equal(fix.title, 'Use cold migration: ≈ 10 s offline per VM at most, 2.1 GiB copied, 20 s for all 2, done before the deadline 30 s');
  expectNone(text, 'VMM206');
  // With 15 s cold (20 s) is too slow too: not offered.
  assert.deepEqual(diagnostics(`${topology}migrate d1, d2 to b { deadline = 15s }`, 'VMM206')[0].fixes, []);
});

test('VMM206: federate is offered for a scalable service behind a load balancer, and removes the error', () => {
  const source = `${topology}migrate service shop to b { reason = disaster-avoidance  deadline = 15s }`;
  assert.deepEqual(
    diagnostics(source, 'VMM206')[0].fixes.map((f) => f.title),
    [
      'Use cold migration: ≈ 0 s offline (shut down, restart; no disk to copy), done before the deadline 15 s',
      'Federate instead of moving: new instances at the target behind the load balancer, nothing copied, no downtime',
    ],
  );
  const { text } = fixed(source, 'VMM206', 'Federate');
  assert.ok(text.endsWith('migrate service shop to b { reason = disaster-avoidance  deadline = 15s method = federate }'));
  expectNone(text, 'VMM206');
});

test('VMM206: with a half-typed storage, the cold fix is costed as the model will read it (disks copied)', () => {
  // `storage` without a value leaves cold's default, move: the fix must not promise the no-copy time of stay.
  const source =
    'policy { restart-time = 0s }\nsite a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 1Gbps }\ndatastore ds at a\nvm s1 at a { memory = 1GiB  disk = 1125MB  datastore = ds  dirty-rate = 2Gbps }\nmigrate s1 to b { deadline = 30s  storage }';
  const { text, fix } = fixed(source, 'VMM206', 'Use cold migration');
  assert.equal(fix.title, 'Use cold migration: ≈ 10 s offline, 1.05 GiB copied, done before the deadline 30 s');
  expectNone(text, 'VMM206');
});

test('VMM206: a cold move counts its restart (2 min unless restart-time says otherwise, spec §6)', () => {
  const estate = topology.replace('policy { restart-time = 0s }', '');
  // Each: 2 min restart + 10 s disk copy; 2 in one slot = 4 m 20 s.
  expectDiagnostics(`${estate}[|migrate d1, d2 to b|] { method = cold  deadline = 4min }`, 'VMM206', [
    'estimated time of the intent 4 m 20 s (2 migrations, 1 at a time) exceeds its deadline 4 m: not every VM leaves site a before it is lost',
  ]);
  // A VM's own restart-time wins over the policy's.
  expectNone(
    `${estate.replace('vm d2 at a { memory = 1GiB  disk = 1125MB }', 'vm d2 at a { memory = 1GiB  disk = 1125MB  restart-time = 30s }')}migrate d1, d2 to b { method = cold  deadline = 4min }`,
    'VMM206',
  );
});
