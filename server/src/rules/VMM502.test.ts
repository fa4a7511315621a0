import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a
site b
site c
link a <-> b { rtt = 5ms  bandwidth = 10Gbps }
link a <-> c { rtt = 8ms  bandwidth = 10Gbps }
datastore ds-b at b
datastore ds-c at c
`;

test('VMM502: sync replication over a path above sync-max-rtt, on the datastore name', () => {
  expectDiagnostics(`${topology}datastore [|ds-a|] at a { replication { target = ds-c  mode = sync } }`, 'VMM502', [
    'sync replication of datastore ds-a (a) to ds-c (c) crosses path RTT 8 ms (a → c), above the default sync-max-rtt 5 ms: every write waits for the remote acknowledgement',
  ]);
});

test('VMM502: the path RTT sums its hops', () => {
  // b → c has no direct link: b → a → c, 5 ms + 8 ms.
  expectDiagnostics(`${topology}datastore [|ds-x|] at b { replication { target = ds-c  mode = sync } }`, 'VMM502', [
    'sync replication of datastore ds-x (b) to ds-c (c) crosses path RTT 13 ms (b → a → c), above the default sync-max-rtt 5 ms: every write waits for the remote acknowledgement',
  ]);
});

test('VMM502: the limit is strict, and async replication is not checked', () => {
  expectNone(`${topology}datastore ds-a at a { replication { target = ds-b  mode = sync } }`, 'VMM502'); // 5 ms = 5 ms
  expectNone(`${topology}datastore ds-a at a { replication { target = ds-c  mode = async  rpo = 5min } }`, 'VMM502');
  expectNone(`${topology}datastore ds-a at c { replication { target = ds-c  mode = sync } }`, 'VMM502'); // same site
});

test('VMM502: the limit comes from the unnamed policy, never from a named one', () => {
  expectNone(`${topology}policy { sync-max-rtt = 10ms }\ndatastore ds-a at a { replication { target = ds-c  mode = sync } }`, 'VMM502');
  expectDiagnostics(`${topology}policy { sync-max-rtt = 4ms }\ndatastore [|ds-a|] at a { replication { target = ds-b  mode = sync } }`, 'VMM502', [
    'sync replication of datastore ds-a (a) to ds-b (b) crosses path RTT 5 ms (a → b), above sync-max-rtt 4 ms of the unnamed policy: every write waits for the remote acknowledgement',
  ]);
  expectDiagnostics(`${topology}policy wan { sync-max-rtt = 20ms }\ndatastore [|ds-a|] at a { replication { target = ds-c  mode = sync } }`, 'VMM502', [
    'sync replication of datastore ds-a (a) to ds-c (c) crosses path RTT 8 ms (a → c), above the default sync-max-rtt 5 ms: every write waits for the remote acknowledgement',
  ]);
});

test('VMM502: mode = async, with an rpo to review when there is none', () => {
  const { text, fix } = fixed(`${topology}datastore ds-a at a { replication { target = ds-c  mode = sync } }`, 'VMM502', 'Set mode = async');
  assert.equal(fix.title, 'Set mode = async: writes no longer wait 8 ms for c; adds rpo = 15min (review it)');
  assert.ok(text.endsWith('datastore ds-a at a { replication { target = ds-c  mode = async rpo = 15min } }'));
  expectNone(text, 'VMM502');
  assert.deepEqual(diagnostics(text, 'VMM006'), []);
});

test('VMM502: the fix edits inside a multi-line replication block and keeps a written rpo', () => {
  const source = `${topology}datastore ds-a at a {\n  replication {\n    mode = sync\n    target = ds-c\n  }\n}\n`;
  const { text } = fixed(source, 'VMM502', 'Set mode = async');
  assert.ok(text.endsWith('datastore ds-a at a {\n  replication {\n    mode = async\n    target = ds-c\n    rpo = 15min\n  }\n}\n'));
  expectNone(text, 'VMM502');
  const withRpo = fixed(`${topology}datastore ds-a at a { replication { target = ds-c  mode = sync  rpo = 1min } }`, 'VMM502', 'Set mode = async');
  assert.equal(withRpo.fix.title, 'Set mode = async: writes no longer wait 8 ms for c');
  assert.ok(withRpo.text.endsWith('datastore ds-a at a { replication { target = ds-c  mode = async  rpo = 1min } }'));
  expectNone(withRpo.text, 'VMM502');
});

test('VMM502: vmm-ignore on the datastore silences it', () => {
  expectNone(`${topology}// vmm-ignore VMM502 vendor supports 10 ms\ndatastore ds-a at a { replication { target = ds-c  mode = sync } }`, 'VMM502');
});
