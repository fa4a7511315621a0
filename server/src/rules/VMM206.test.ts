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
    "in the plan's schedule the intent ends at 30 s (wave 1, from the start of the plan: 30 s for 3 migrations, 1 at a time), after its deadline 25 s: not every VM leaves site a before it is lost",
  ]);
  // Evaluated whenever a deadline is set, whatever the reason.
  expectDiagnostics(`${topology}[|migrate w* to b|] { deadline = 25s }`, 'VMM206', [
    "in the plan's schedule the intent ends at 30 s (wave 1, from the start of the plan: 30 s for 3 migrations, 1 at a time), after its deadline 25 s: not every VM leaves site a before it is lost",
  ]);
  // Exactly the deadline is in time (strict).
  expectNone(`${topology}migrate w* to b { reason = disaster-avoidance  deadline = 30s }`, 'VMM206');
  expectNone(`${topology}migrate w* to b { reason = disaster-avoidance }`, 'VMM206');
});

test('VMM206: a migration that does not converge never finishes, said in words', () => {
  expectDiagnostics(`${topology}[|migrate hot to b|] { reason = disaster-avoidance  deadline = 1h }`, 'VMM206', [
    'pre-copy of vm hot never stops, so the intent never finishes before its deadline 1 h (wave 1)',
  ]);
});

test('VMM206: cold and federate intents are checked too (federate takes no time)', () => {
  // Cold: 2 × 10 s = 20 s > 15 s; already cold, not federable: no fix.
  const found = expectDiagnostics(`${topology}[|migrate d1, d2 to b|] { method = cold  deadline = 15s }`, 'VMM206', [
    "in the plan's schedule the intent ends at 20 s (wave 1, from the start of the plan: 20 s for 2 migrations, 1 at a time), after its deadline 15 s: not every VM leaves site a before it is lost",
  ]);
  assert.deepEqual(found[0].fixes, []);
  expectNone(`${topology}migrate service shop to b { method = federate  deadline = 1s }`, 'VMM206');
});

test('VMM206: the cold fix states the time and is offered only when cold meets the deadline', () => {
  // Live: 2 × 19.54 s = 39.1 s > 30 s. Cold: 10 s each, 20 s for both, 2 × 1125 MB = 2.1 GiB copied.
  const source = `${topology}migrate d1, d2 to b { reason = disaster-avoidance  deadline = 30s }`;
  expectDiagnostics(`${topology}[|migrate d1, d2 to b|] { reason = disaster-avoidance  deadline = 30s }`, 'VMM206', [
    "in the plan's schedule the intent ends at 39.1 s (wave 1, from the start of the plan: 39.1 s for 2 migrations, 1 at a time), after its deadline 30 s: not every VM leaves site a before it is lost",
  ]);
  const { text, fix } = fixed(source, 'VMM206', 'Use cold migration');
  assert.equal(
    fix.title,
    'Use cold migration: ≈ 10 s offline per VM at most, 2.1 GiB copied, 20 s for all 2, ends at 20 s in wave 1, before the deadline 30 s',
  );
  expectNone(text, 'VMM206');
  // With 15 s cold (20 s) is too slow too: not offered.
  assert.deepEqual(diagnostics(`${topology}migrate d1, d2 to b { deadline = 15s }`, 'VMM206')[0].fixes, []);
});

test('VMM206: federate is offered for a scalable service behind a load balancer, and removes the error', () => {
  const source = `${topology}migrate service shop to b { reason = disaster-avoidance  deadline = 15s }`;
  assert.deepEqual(
    diagnostics(source, 'VMM206')[0].fixes.map((f) => f.title),
    [
      'Use cold migration: ≈ 0 s offline (shut down, restart; no disk to copy), ends at 0 s in wave 1, before the deadline 15 s',
      'Federate instead of moving: new instances at the target behind the load balancer, nothing copied, no downtime, ends at 0 s in wave 1, before the deadline 15 s',
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
  assert.equal(fix.title, 'Use cold migration: ≈ 10 s offline, 1.05 GiB copied, ends at 10 s in wave 1, before the deadline 30 s');
  expectNone(text, 'VMM206');
});

test('VMM206: a cold move counts its restart (2 min unless restart-time says otherwise, spec §6)', () => {
  const estate = topology.replace('policy { restart-time = 0s }', '');
  // Each: 2 min restart + 10 s disk copy; 2 in one slot = 4 m 20 s.
  expectDiagnostics(`${estate}[|migrate d1, d2 to b|] { method = cold  deadline = 4min }`, 'VMM206', [
    "in the plan's schedule the intent ends at 4 m 20 s (wave 1, from the start of the plan: 4 m 20 s for 2 migrations, 1 at a time), after its deadline 4 m: not every VM leaves site a before it is lost",
  ]);
  // A VM's own restart-time wins over the policy's.
  expectNone(
    `${estate.replace('vm d2 at a { memory = 1GiB  disk = 1125MB }', 'vm d2 at a { memory = 1GiB  disk = 1125MB  restart-time = 30s }')}migrate d1, d2 to b { method = cold  deadline = 4min }`,
    'VMM206',
  );
});

// The schedule (spec §8): waves are barriers, one intent per link hop per wave, deadlines first,
// dependencies strictly before. p1, p2: cold, 1125 MB of disk at R = 112.5 MB/s = 10 s each (restart 0 s).
const scheduled = `${topology}
site c2
link a <-> c2 { rtt = 2ms  bandwidth = 1Gbps }
vm p1 at a { memory = 1GiB  disk = 1125MB }
vm p2 at a { memory = 1GiB  disk = 1125MB }
vm p3 at a { memory = 1GiB  disk = 1125MB }
`;

test('VMM206: two intents over one link: the second waits for the first wave to end, and misses its deadline there', () => {
  // Wave 1: p1 0 → 10 s; wave 2 (the hop a <-> b is taken in wave 1): p2 10 → 20 s > 15 s.
  const source = `${scheduled}migrate p1 to b { method = cold  deadline = 15s }\n[|migrate p2 to b|] { method = cold  deadline = 15s }`;
  const found = expectDiagnostics(source, 'VMM206', [
    "in the plan's schedule the intent ends at 20 s (wave 2, from 10 s when wave 1 ends: 10 s for 1 migration), after its deadline 15 s: not every VM leaves site a before it is lost",
  ]);
  // Already cold, not federable: no fix.
  assert.deepEqual(found[0].fixes, []);
  // On its own each is in time (10 s): the schedule, not the intent's own time, is what fails.
  expectNone(`${scheduled}migrate p2 to b { method = cold  deadline = 15s }`, 'VMM206');
});

test('VMM206: the earliest deadline is placed first, whatever the declaration order', () => {
  // p2 (15 s) goes first: wave 1, 0 → 10 s; p1 (1 h) waits: wave 2, 10 → 20 s, in time.
  expectNone(`${scheduled}migrate p1 to b { method = cold  deadline = 1h }\nmigrate p2 to b { method = cold  deadline = 15s }`, 'VMM206');
  // An intent without a deadline goes after every one with: p1 in wave 2, the deadline one in wave 1.
  expectNone(`${scheduled}migrate p1 to b { method = cold }\nmigrate p2 to b { method = cold  deadline = 15s }`, 'VMM206');
});

test('VMM206: waves are barriers: a long intent on another link delays the next wave', () => {
  // Wave 1: w1, w2, w3 to b (3 × 10 s live in one slot: 0 → 30 s) and p1 to c2 (0 → 10 s).
  // p2 to c2 shares a <-> c2 with p1: wave 2, which starts when w* ends at 30 s: 30 → 40 s > 35 s.
  // The deadlines put w* (30 s, declared first) and p1 (30 s) before p2 (35 s).
  expectDiagnostics(
    `${scheduled}migrate w* to b { deadline = 30s }\nmigrate p1 to c2 { method = cold  deadline = 30s }\n[|migrate p2 to c2|] { method = cold  deadline = 35s }`,
    'VMM206',
    [
      "in the plan's schedule the intent ends at 40 s (wave 2, from 30 s when wave 1 ends: 10 s for 1 migration), after its deadline 35 s: not every VM leaves site a before it is lost",
    ],
  );
});

test('VMM206: an intent comes strictly after what it depends on, even on another link', () => {
  // q depends on p1: p1 to b in wave 1 (0 → 10 s); q to c2 shares no hop but waits: wave 2, 10 → 20 s > 15 s.
  const source = `${scheduled}vm q at a { memory = 1GiB  disk = 1125MB  depends-on = p1 }\nmigrate p1 to b { method = cold }\n[|migrate q to c2|] { method = cold  deadline = 15s }`;
  expectDiagnostics(source, 'VMM206', [
    "in the plan's schedule the intent ends at 20 s (wave 2, from 10 s when wave 1 ends: 10 s for 1 migration), after its deadline 15 s: not every VM leaves site a before it is lost",
  ]);
});

test('VMM206: intents in a dependency cycle share one wave even over one link, placed by their earliest deadline', () => {
  // x depends on y and y on x: one group, in wave 1 (0 → 10 s) for its 15 s deadline, before p1
  // (declared first, deadline 1 h, wave 2: 10 → 20 s). Without the group both would be in their own waves.
  const source = `${scheduled}vm x at a { memory = 1GiB  disk = 1125MB  depends-on = y }\nvm y at a { memory = 1GiB  disk = 1125MB  depends-on = x }\nmigrate p1 to b { method = cold  deadline = 1h }\nmigrate x to b { method = cold  deadline = 15s }\nmigrate y to b { method = cold }`;
  expectNone(source, 'VMM206');
  // y with a 15 s deadline too: still wave 1, from 0 to 10 s.
  expectNone(source.replace('migrate y to b { method = cold }', 'migrate y to b { method = cold  deadline = 15s }'), 'VMM206');
});

test('VMM206: behind a wave that never ends, an intent never starts', () => {
  // hot never converges (wave 1 never ends); p1 shares a <-> b: wave 2, which never starts.
  expectDiagnostics(`${scheduled}[|migrate hot to b|] { deadline = 2h }\n[|migrate p1 to b|] { method = cold  deadline = 3h }`, 'VMM206', [
    'pre-copy of vm hot never stops, so the intent never finishes before its deadline 2 h (wave 1)',
    "in the plan's schedule the intent never starts, so it cannot finish before its deadline 3 h: it runs in wave 2, after wave 1, which never ends (pre-copy of vm hot never stops, so the intent never finishes)",
  ]);
});

test('VMM206: the cold fix is costed in the schedule: it ends where the wave it lands in puts it', () => {
  // d1 (deadline 20 s) first: live 10 s disk + 1 GiB ÷ 112.5 MB/s (9.544 s) = 19.544 s, wave 1.
  // d2 live: wave 2, 19.544 → 39.089 s > 30 s. Cold (10 s, still over a <-> b): 19.544 → 29.544 s, in time.
  const source = `${topology}migrate d1 to b { deadline = 20s }\nmigrate d2 to b { deadline = 30s }`;
  const [found] = diagnostics(source, 'VMM206');
  assert.equal(
    found.message,
    "in the plan's schedule the intent ends at 39.1 s (wave 2, from 19.5 s when wave 1 ends: 19.5 s for 1 migration), after its deadline 30 s: not every VM leaves site a before it is lost",
  );
  const { text, fix } = fixed(source, 'VMM206', 'Use cold migration');
  assert.equal(fix.title, 'Use cold migration: ≈ 10 s offline, 1.05 GiB copied, ends at 29.5 s in wave 2, before the deadline 30 s');
  expectNone(text, 'VMM206');
  // With 25 s cold would end at 29.5 s too: not offered.
  assert.deepEqual(diagnostics(source.replace('deadline = 30s', 'deadline = 25s'), 'VMM206')[0].fixes, []);
});
