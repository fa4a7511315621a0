import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

// metro over 1 Gbps: R = 112.5 MB/s, so a 1125 MB VM with no dirty-rate takes 10 s (one round, no local disk).
const topology = `
site a
site b
site c
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
vm w1 at a { memory = 1125MB }
vm w2 at a { memory = 1125MB }
vm w3 at a { memory = 1125MB }
vm d1 at a { memory = 1GiB  disk = 1125MB }
vm hot at a { memory = 16GiB  dirty-rate = 1Gbps }
vm lost at c { memory = 1GiB }
`;

test('VMM203: the makespan of the intent above its window is a warning on the migrate', () => {
  // 3 × 10 s in one slot = 30 s > 29 s.
  expectDiagnostics(`${topology}[|migrate w* to b|] { window = 29s }`, 'VMM203', [
    'estimated time of the intent 30 s (3 migrations, 1 at a time) exceeds its window 29 s',
  ]);
  // Exactly the window is fine (strict).
  expectNone(`${topology}migrate w* to b { window = 30s }`, 'VMM203');
  expectDiagnostics(`${topology}[|migrate w1 to b|] { window = 5s  method = routed }`, 'VMM203', [
    'estimated time of the intent 10 s (1 migration) exceeds its window 5 s',
  ]);
});

test('VMM203: cold counts its disk copy; federate takes no time; unknown paths are skipped', () => {
  // Cold copies the local 1125 MB disk: 10 s, plus the 2 min restart: 2 m 10 s > 5 s. Already cold and a single VM: no fix to offer.
  const found = expectDiagnostics(`${topology}[|migrate d1 to b|] { method = cold  window = 5s }`, 'VMM203', [
    'estimated time of the intent 2 m 10 s (1 migration) exceeds its window 5 s',
  ]);
  assert.deepEqual(found[0].fixes, []);
  expectNone(`${topology}migrate w* to b { method = federate  window = 1s }`, 'VMM203');
  // No path from c (VMM104): the time is unknown.
  expectNone(`${topology}migrate lost to b { window = 1s }`, 'VMM203');
  expectNone(`${topology}migrate w* to b`, 'VMM203');
});

test('VMM203: a migration that does not converge makes the intent take forever, said in words', () => {
  // hot dirties 1 Gbps ≥ R = 900 Mbps.
  expectDiagnostics(`${topology}[|migrate hot, w1 to b|] { window = 1h }`, 'VMM203', [
    'pre-copy of vm hot never stops, so the intent never finishes within its window 1 h',
  ]);
});

test('VMM203: the cold fix is offered when cold fits the window, and removes the warning', () => {
  // Cold: no local disk, so nothing is copied: each VM is only restarted, 5 s (restart-time), 15 s for the three.
  const source = `${topology}policy { restart-time = 5s }\nmigrate w* to b { window = 29s }`;
  assert.deepEqual(
    diagnostics(source, 'VMM203')[0].fixes.map((f) => f.title),
    ['Use cold migration: ≈ 5 s offline (shut down, restart; no disk to copy), within the window 29 s'],
  );
  // With the default 2 min restart, cold does not fit 29 s either: not offered.
  assert.deepEqual(
    diagnostics(`${topology}migrate w* to b { window = 29s }`, 'VMM203')[0].fixes.map((f) => f.title),
    [],
  );
  const { text } = fixed(source, 'VMM203', 'Use cold migration');
  assert.ok(text.endsWith('migrate w* to b { window = 29s method = cold }'));
  expectNone(text, 'VMM203');
});

// qemu (bare QEMU) caps a stream at 128 MiB/s: R = 134.2 MB/s (the engine's own cap, without efficiency, spec §6)
// while the 10 Gbps path has room for more streams; each 1125 MB VM takes 1.125e9 / 134217728 = 8.38 s plus the
// 20 ms switch-over, 8.40 s; 4 of them 33.6 s in one slot.
const capped = `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 10Gbps }
vm k1 at a { memory = 1125MB }
vm k2 at a { memory = 1125MB }
vm k3 at a { memory = 1125MB }
vm k4 at a { memory = 1125MB }
`;

test('VMM203: raise concurrency to the smallest value that fits the window, when the link allows', () => {
  // c = 2: 5 Gbps per migration, still capped at 134.2 MB/s: 2 slots × 2 VMs = 16.8 s ≤ 20 s.
  const source = `${capped}policy { profile = qemu }\nmigrate k* to b { window = 20s }`;
  expectDiagnostics(`${capped}policy { profile = qemu }\n[|migrate k* to b|] { window = 20s }`, 'VMM203', [
    'estimated time of the intent 33.6 s (4 migrations, 1 at a time) exceeds its window 20 s',
  ]);
  const { text, fix } = fixed(source, 'VMM203', 'Raise concurrency');
  assert.equal(fix.title, 'Raise concurrency to 2: ≈ 16.8 s for all 4, path share 5 Gbps per migration, within the window 20 s');
  assert.ok(text.endsWith('migrate k* to b { window = 20s concurrency = 2 }'));
  expectNone(text, 'VMM203');
  // A 10 s window needs all 4 at once (8.40 s): 2.5 Gbps per migration.
  const { fix: four } = fixed(`${capped}policy { profile = qemu }\nmigrate k* to b { window = 10s }`, 'VMM203', 'Raise concurrency');
  assert.equal(four.title, 'Raise concurrency to 4: ≈ 8.4 s for all 4, path share 2.5 Gbps per migration, within the window 10 s');
});

test('VMM203: no concurrency fix when the needed share would fall below min-bandwidth, or when more streams do not help', () => {
  // Needs c = 4 (2.5 Gbps each) but min-bandwidth is 3 Gbps.
  // (A 1 s restart lets cold fit the window: it stays on offer.)
  const strict = diagnostics(`${capped}policy { profile = qemu  min-bandwidth = 3Gbps  restart-time = 1s }\nmigrate k* to b { window = 10s }`, 'VMM203');
  assert.deepEqual(
    strict[0].fixes.map((f) => f.title.split(':')[0]),
    ['Use cold migration'],
  );
  // Without a stream cap the path is split: c = 3 gives each VM a third of the bandwidth, the same 30 s.
  const metro = diagnostics(`${topology}migrate w* to b { window = 29s }`, 'VMM203');
  assert.ok(metro[0].fixes.every((f) => !f.title.startsWith('Raise concurrency')));
});

test('VMM203: a time just over the window is shown with enough digits to differ from it', () => {
  // 407250 MB ÷ 112.5 MB/s = 3620 s: formatDuration would read "1 h" for both.
  expectDiagnostics(`${topology}vm huge at a { memory = 407250MB }\n[|migrate huge to b|] { window = 1h }`, 'VMM203', [
    'estimated time of the intent 1 h 0 m 20 s (1 migration) exceeds its window 1 h',
  ]);
});
