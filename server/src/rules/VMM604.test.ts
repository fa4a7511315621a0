import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a
site b
link a <-> b { rtt = 4ms  bandwidth = 10Gbps }
network lan { sites = a }
network dmz {
  sites = a
  dns-ttl = 5min
}
vm web at a { memory = 8GiB  network = lan }
vm api at a { memory = 8GiB  network = dmz }
vm tool at a { memory = 8GiB }
`;

test('VMM604: routed with a window shorter than the default dns-ttl (1 h), per VM, naming the lead time', () => {
  expectDiagnostics(`${topology}migrate [|web|], tool to b { method = routed  window = 30min }`, 'VMM604', [
    'vm web is on network lan with dns-ttl 1 h, longer than the window 30 m: clients keep resolving its old address for up to 1 h after cutover; lower the TTL at least 1 h (one old TTL) before the cutover',
  ]);
});

test('VMM604: a written dns-ttl; strict comparison', () => {
  expectDiagnostics(`${topology}migrate [|api|] to b { method = routed  window = 4min }`, 'VMM604', [
    'vm api is on network dmz with dns-ttl 5 m, longer than the window 4 m: clients keep resolving its old address for up to 5 m after cutover; lower the TTL at least 5 m (one old TTL) before the cutover',
  ]);
  expectNone(`${topology}migrate api to b { method = routed  window = 5min }`, 'VMM604'); // 5 min = 5 min
});

test('VMM604: only routed, only with a window, only with a network', () => {
  expectNone(`${topology}migrate web to b { window = 1min }`, 'VMM604');
  expectNone(`${topology}migrate web to b { method = cold  window = 1min }`, 'VMM604');
  expectNone(`${topology}migrate web to b { method = federate  window = 1min }`, 'VMM604');
  expectNone(`${topology}migrate web to b { method = routed }`, 'VMM604');
  expectNone(`${topology}migrate tool to b { method = routed  window = 1min }`, 'VMM604');
});

test('VMM604: the fix sets dns-ttl = 60s on the network and removes the warning', () => {
  const { text, fix } = fixed(`${topology}migrate web to b { method = routed  window = 30min }`, 'VMM604', 'Set dns-ttl = 60s');
  assert.equal(fix.title, 'Set dns-ttl = 60s on network lan: do it at least 1 h (the old TTL) before the cutover');
  assert.ok(text.includes('network lan { sites = a dns-ttl = 60s }'));
  expectNone(text, 'VMM604');
  const dmz = fixed(`${topology}migrate api to b { method = routed  window = 2min }`, 'VMM604', 'Set dns-ttl = 60s');
  assert.ok(dmz.text.includes('network dmz {\n  sites = a\n  dns-ttl = 60s\n}'));
  expectNone(dmz.text, 'VMM604');
});

test('VMM604: a window under a minute sets the TTL to the window, so the fix removes the warning', () => {
  const { text, fix } = fixed(`${topology}migrate web to b { method = routed  window = 30s }`, 'VMM604', 'Set dns-ttl = 30s');
  assert.equal(fix.title, 'Set dns-ttl = 30s on network lan: do it at least 1 h (the old TTL) before the cutover');
  expectNone(text, 'VMM604');
  const ms = fixed(`${topology}migrate web to b { method = routed  window = 1500ms }`, 'VMM604', 'Set dns-ttl = 1500ms');
  expectNone(ms.text, 'VMM604');
  assert.equal(diagnostics(ms.text).filter((d) => d.severity === 'error').length, 0);
});

test('VMM604 (v2.0): a cold move with address = new re-addresses too; cold that keeps its address does not', () => {
  const estate = 'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\nnetwork lan { sites = a, b }\nvm app at a { memory = 4GiB  network = lan }\n';
  expectDiagnostics(`${estate}migrate [|app|] to b { method = cold  address = new  window = 30min }`, 'VMM604', [
    'vm app is on network lan with dns-ttl 1 h, longer than the window 30 m: clients keep resolving its old address for up to 1 h after cutover; lower the TTL at least 1 h (one old TTL) before the cutover',
  ]);
  expectNone(`${estate}migrate app to b { method = cold  window = 30min }`, 'VMM604');
});
