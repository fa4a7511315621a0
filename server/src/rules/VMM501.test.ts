import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a
site b
site c
link a <-> b { rtt = 4ms  bandwidth = 10Gbps }
link b <-> c { rtt = 3ms  bandwidth = 1Gbps }
datastore ds-a at a
datastore ds-b at b
datastore ds-c at c
vm web at a { memory = 16GiB  disk = 100GiB  datastore = ds-a }
vm app at a { memory = 8GiB  disk = 50GiB  datastore = ds-c }
vm db at a { memory = 8GiB  disk = 200GiB }
vm near at a { memory = 8GiB  disk = 20GiB  datastore = ds-b }
`;

const replicated = (mode: string) =>
  topology.replace('datastore ds-a at a', `datastore ds-a at a { replication { target = ds-b  mode = ${mode === 'async' ? 'async  rpo = 15min' : mode} } }`);

test('VMM501: disks left on the source datastore: the VM, the datastore, its site and the path RTT', () => {
  expectDiagnostics(`${topology}migrate [|web|] to b`, 'VMM501', [
    "vm web's disks stay on datastore ds-a at a after the move to b: every disk I/O then crosses path RTT 4 ms (b → a)",
  ]);
});

test('VMM501: a datastore at a third site is reached over the path from the target', () => {
  expectDiagnostics(`${topology}migrate [|app|] to b { method = routed }`, 'VMM501', [
    "vm app's disks stay on datastore ds-c at c after the move to b: every disk I/O then crosses path RTT 3 ms (b → c)",
  ]);
  // From a, ds-c is two hops away: 4 ms + 3 ms.
  expectDiagnostics(`${topology}vm far at b { memory = 1GiB  datastore = ds-c }\nmigrate [|far|] to a`, 'VMM501', [
    "vm far's disks stay on datastore ds-c at c after the move to a: every disk I/O then crosses path RTT 7 ms (a → b → c)",
  ]);
});

test('VMM501: one diagnostic per VM, on the target that brought it in', () => {
  expectDiagnostics(`${topology}migrate [|web|], db, [|service tier|] to b\nservice tier { vms = app }`, 'VMM501', [
    "vm web's disks stay on datastore ds-a at a after the move to b: every disk I/O then crosses path RTT 4 ms (b → a)",
    "vm app's disks stay on datastore ds-c at c after the move to b: every disk I/O then crosses path RTT 3 ms (b → c)",
  ]);
});

test('VMM501: cold only with storage = stay, or replica without a replica at the target; never for federate', () => {
  expectDiagnostics(`${topology}migrate [|web|] to b { method = cold  storage = stay }`, 'VMM501', [
    "vm web's disks stay on datastore ds-a at a after the move to b: every disk I/O then crosses path RTT 4 ms (b → a)",
  ]);
  expectNone(`${topology}migrate web to b { method = cold }`, 'VMM501'); // cold defaults to storage = move
  expectDiagnostics(`${replicated('sync')}migrate [|web|] to c { method = cold  storage = replica }`, 'VMM501', [
    'vm web has storage = replica, but its datastore ds-a at a has no replica at c (its replica ds-b is at b): there is nothing to fail over to',
  ]);
  expectNone(`${replicated('async')}migrate web to b { method = cold  storage = replica }`, 'VMM501');
  expectNone(`${topology}migrate web to b { method = federate }`, 'VMM501');
});

test('VMM501: not reported when the disks move or are already at the target', () => {
  expectNone(`${topology}migrate web to b { storage = move }`, 'VMM501');
  expectNone(`${topology}migrate db to b`, 'VMM501'); // local disks always move with the VM
  expectNone(`${topology}migrate near to b`, 'VMM501'); // ds-b is at b
  expectNone(`${topology}migrate near to b { storage = replica }`, 'VMM501');
});

test('VMM501: storage = replica with no replica at the target', () => {
  expectDiagnostics(`${topology}migrate [|web|] to b { storage = replica }`, 'VMM501', [
    'vm web has storage = replica, but its datastore ds-a at a has no replica at b (it has no replication): there is nothing to fail over to',
  ]);
  expectDiagnostics(`${replicated('sync')}migrate [|web|] to c { method = routed  storage = replica }`, 'VMM501', [
    'vm web has storage = replica, but its datastore ds-a at a has no replica at c (its replica ds-b is at b): there is nothing to fail over to',
  ]);
  expectNone(`${replicated('sync')}migrate web to b { storage = replica }`, 'VMM501');
  expectNone(`${replicated('async')}migrate web to b { storage = replica }`, 'VMM501'); // that is VMM504
});

test('VMM501: storage = move states the copy time, disk ÷ R, and removes the warning', () => {
  // R = 10 Gbps × 90% = 1.125e9 B/s; 100 GiB = 107374182400 B → 95.4 s = 1 m 35 s.
  const { text, fix } = fixed(`${topology}migrate web to b`, 'VMM501', 'Set storage = move');
  assert.equal(fix.title, "Set storage = move: ≈ 1 m 35 s to copy web's 100 GiB of disk with it");
  assert.ok(text.endsWith('migrate web to b {\n  storage = move\n}'));
  expectNone(text, 'VMM501');
  // concurrency 2 over two VMs halves R: 50 GiB = 53687091200 B ÷ 0.5625e9 B/s = 95.4 s.
  const two = fixed(`${topology}migrate app, web to b { concurrency = 2 }`, 'VMM501', 'Set storage = move');
  assert.equal(two.fix.title, "Set storage = move: ≈ 1 m 35 s to copy app's 50 GiB of disk with it");
  assert.ok(two.text.endsWith('migrate app, web to b { concurrency = 2 storage = move }'));
  expectNone(two.text, 'VMM501');
});

test('VMM501: storage = move replaces storage = replica', () => {
  const { text } = fixed(`${topology}migrate web to b { storage = replica }`, 'VMM501', 'Set storage = move');
  assert.ok(text.endsWith('migrate web to b { storage = move }'));
  expectNone(text, 'VMM501');
});

test('VMM501: storage = replica is offered only where a usable replica is at the target', () => {
  const { text, fix } = fixed(`${replicated('sync')}migrate web to b`, 'VMM501', 'Set storage = replica');
  assert.equal(fix.title, 'Set storage = replica: fail over to ds-b at b (sync replica of ds-a)');
  assert.ok(text.endsWith('migrate web to b {\n  storage = replica\n}'));
  expectNone(text, 'VMM501');
  // No replica at all: only storage = move.
  assert.deepEqual(
    diagnostics(`${topology}migrate web to b`, 'VMM501')[0].fixes.map((f) => f.title.split(':')[0]),
    ['Set storage = move'],
  );
  // A live VM cannot resume on an async replica (VMM504), so the fix would trade this warning for an error.
  assert.deepEqual(
    diagnostics(`${replicated('async')}migrate web to b`, 'VMM501')[0].fixes.map((f) => f.title.split(':')[0]),
    ['Set storage = move'],
  );
  // A cold move can use the async replica (a planned failover with a final sync).
  const cold = fixed(`${replicated('async')}migrate web to b { method = cold  storage = stay }`, 'VMM501', 'Set storage = replica');
  assert.equal(cold.fix.title, 'Set storage = replica: fail over to ds-b at b (async replica of ds-a)');
  assert.ok(cold.text.endsWith('migrate web to b { method = cold  storage = replica }'));
  expectNone(cold.text, 'VMM501');
});

test('VMM501: a VM with no disk size still warns; the fix says there is nothing to time', () => {
  const source = `${topology}vm small at a { memory = 1GiB  datastore = ds-a }\nmigrate small to b`;
  const { fix } = fixed(source, 'VMM501', 'Set storage = move');
  assert.equal(fix.title, 'Set storage = move: small declares no disk size, so there is nothing to time');
});

test('VMM501: a datastore the target cannot reach is said in words', () => {
  expectDiagnostics(`${topology}site e\ndatastore ds-e at e\nvm lost at a { memory = 1GiB  disk = 10GiB  datastore = ds-e }\nmigrate [|lost|] to b`, 'VMM501', [
    "vm lost's disks stay on datastore ds-e at e after the move to b: no path joins b to e",
  ]);
});

test('VMM501: vmm-ignore on the migrate silences it', () => {
  expectNone(`${topology}// vmm-ignore VMM501 the array is stretched\nmigrate web to b`, 'VMM501');
});

test('VMM501: with a deadline, disks on a datastore at the source are lost with it: VMM207 instead; a datastore elsewhere stays VMM501', () => {
  expectNone(`${topology}migrate web to b { deadline = 1h }`, 'VMM501');
  expectDiagnostics(`${topology}migrate [|web|] to b { deadline = 1h }`, 'VMM207', ["after the loss of a, vm 'web': its disks stay on ds-a at a"]);
  expectDiagnostics(`${topology}migrate [|app|] to b { deadline = 1h }`, 'VMM501', [
    "vm app's disks stay on datastore ds-c at c after the move to b: every disk I/O then crosses path RTT 3 ms (b → c)",
  ]);
  expectNone(`${topology}migrate app to b { deadline = 1h }`, 'VMM207');
});
