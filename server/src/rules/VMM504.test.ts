import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = (mode = 'async  rpo = 15min') => `
site a
site b
link a <-> b { rtt = 4ms  bandwidth = 10Gbps }
datastore ds-a at a { replication { target = ds-b  mode = ${mode} } }
datastore ds-b at b
vm web at a { memory = 16GiB  disk = 100GiB  datastore = ds-a }
vm api at a { memory = 4GiB  disk = 10GiB  datastore = ds-a }
`;

test('VMM504: live with storage = replica on an async replica, per VM', () => {
  expectDiagnostics(`${topology()}migrate [|web|] to b { storage = replica }`, 'VMM504', [
    'vm web would resume at b on ds-b, an async replica of ds-a (rpo 15 m): after a live migration its memory is current but that disk is behind it',
  ]);
  expectDiagnostics(`${topology()}migrate [|web|], [|api|] to b { method = routed  storage = replica }`, 'VMM504', [
    'vm web would resume at b on ds-b, an async replica of ds-a (rpo 15 m): after a routed migration its memory is current but that disk is behind it',
    'vm api would resume at b on ds-b, an async replica of ds-a (rpo 15 m): after a routed migration its memory is current but that disk is behind it',
  ]);
});

test('VMM504: not for cold or federate, a sync replica, or other storage', () => {
  expectNone(`${topology()}migrate web to b { method = cold  storage = replica }`, 'VMM504');
  expectNone(`${topology()}migrate web to b { method = federate  storage = replica }`, 'VMM504');
  expectNone(`${topology('sync')}migrate web to b { storage = replica }`, 'VMM504');
  expectNone(`${topology()}migrate web to b`, 'VMM504'); // storage = stay: VMM501
  expectNone(`${topology()}migrate web to b { storage = move }`, 'VMM504');
});

test('VMM504: storage = move states the copy time and removes the error', () => {
  // R = 10 Gbps × 90% = 1.125e9 B/s; 100 GiB = 107374182400 B → 95.4 s.
  const { text, fix } = fixed(`${topology()}migrate web to b { storage = replica }`, 'VMM504', 'Set storage = move');
  assert.equal(fix.title, "Set storage = move: ≈ 1 m 35 s to copy web's 100 GiB of disk with it");
  assert.ok(text.endsWith('migrate web to b { storage = move }'));
  expectNone(text, 'VMM504');
  expectNone(text, 'VMM501');
});

test('VMM504: cold states its cost (a failover copies nothing) and removes the error', () => {
  const { text, fix } = fixed(`${topology()}migrate web to b { storage = replica }`, 'VMM504', 'Use cold migration');
  assert.equal(fix.title, 'Use cold migration: ≈ 2 m offline (shut down, restart; no disk to copy), a planned failover with a final sync loses nothing');
  assert.ok(text.endsWith('migrate web to b { storage = replica method = cold }'));
  expectNone(text, 'VMM504');
  expectNone(text, 'VMM501');
});
