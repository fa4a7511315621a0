import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = (network: string) => `
site a
site b
site c
link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
link b <-> c { rtt = 3ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
network app { ${network} }
vm web at a { memory = 16GiB  network = app }
vm api at a { memory = 16GiB  network = app }
`;

const ab = topology('sites = a, b');
const trombone =
  "vm 'web' moves to b, but the gateway of network 'app' is only at a: outbound traffic hairpins through a, adding 2 ms RTT (b → a) to each request";

test('VMM401: the default gateway (first of sites) stays behind: a warning on the VM target with the RTT it adds', () => {
  expectDiagnostics(`${ab}migrate [|web|] to b`, 'VMM401', [trombone]);
  expectDiagnostics(`${ab}migrate [|web|] to b { method = cold }`, 'VMM401', [trombone]);
});

test('VMM401: one per VM, on the target that brought it in', () => {
  expectDiagnostics(`${ab}migrate [|web|], [|api|] to b`, 'VMM401', [trombone, trombone.replace("'web'", "'api'")]);
});

test('VMM401: the nearest gateway is the one traffic hairpins through', () => {
  // From c: c → b is 3 ms, c → b → a is 5 ms.
  expectDiagnostics(`${topology('sites = a, b, c  gateway = a, b')}migrate [|web|] to c`, 'VMM401', [
    "vm 'web' moves to c, but the gateway of network 'app' is only at a, b: outbound traffic hairpins through b, adding 3 ms RTT (c → b) to each request",
  ]);
});

test('VMM401: not with an anycast gateway or a gateway at the target', () => {
  expectNone(`${topology('sites = a, b  gateway = anycast')}migrate web to b`, 'VMM401');
  expectNone(`${topology('sites = a, b  gateway = a, b')}migrate web to b`, 'VMM401');
  expectNone(`${topology('sites = a, b  gateway = b')}migrate web to b`, 'VMM401');
});

test('VMM401: only live and cold with address = keep, and only when the network is at the target (else VMM301)', () => {
  expectNone(`${ab}migrate web to b { method = routed }`, 'VMM401');
  // Cold with address = new re-addresses the VM at the target, as routed does (spec §10).
  expectNone(`${ab}migrate web to b { method = cold  address = new }`, 'VMM401');
  expectNone(`${ab}service s { vms = web  load-balancer = gslb  scalable = true }\nmigrate web to b { method = federate }`, 'VMM401');
  expectNone(`${ab}migrate web to c`, 'VMM401');
  expectNone(`${ab}vm solo at a { memory = 1GiB }\nmigrate solo to b`, 'VMM401');
});

test('VMM401: the anycast fix sets the gateway on the network', () => {
  const source = `${ab}migrate web to b`;
  const { text, fix } = fixed(source, 'VMM401', 'Set gateway = anycast');
  assert.equal(fix.title, "Set gateway = anycast on network 'app' (first-hop gateway active at every site of the segment)");
  assert.ok(text.includes('network app { sites = a, b gateway = anycast }'));
  expectNone(text, 'VMM401');
  const replaced = fixed(`${topology('sites = a, b  gateway = a')}migrate web to b`, 'VMM401', 'Set gateway = anycast').text;
  assert.ok(replaced.includes('network app { sites = a, b  gateway = anycast }'));
  expectNone(replaced, 'VMM401');
});

test('VMM401: the routed fix states its cost', () => {
  // R = 10 Gbps × 90% = 1.125 GB/s; 16 GiB = 17179869184 B ÷ 1.125e9 = 15.27 s; no dirty-rate: downtime 0.
  const source = `${ab}migrate web to b`;
  assert.deepEqual(
    diagnostics(source, 'VMM401')[0].fixes.map((f) => f.title),
    [
      "Set gateway = anycast on network 'app' (first-hop gateway active at every site of the segment)",
      'Use routed L3 migration: new IP and DNS update, ≈ 15.3 s, downtime ≈ 0 s, uses the gateway at b',
    ],
  );
  const { text } = fixed(source, 'VMM401', 'Use routed');
  assert.ok(text.endsWith('migrate web to b {\n  method = routed\n}'));
  expectNone(text, 'VMM401');
});

test('VMM401: with a deadline, a gateway only at the source is lost with it: VMM207 instead; a gateway elsewhere stays VMM401', () => {
  const routes = topology('sites = a, b  ingress = host-routes');
  expectNone(`${routes}migrate web to b { deadline = 1h }`, 'VMM401');
  expectDiagnostics(`${routes}migrate [|web|] to b { deadline = 1h }`, 'VMM207', ["after the loss of a, vm 'web' has no gateway (only at a)"]);
  // A gateway at a and c survives the loss of a (at c): still the egress trombone, through c rather than the nearer a.
  const ac = topology('sites = a, b, c  gateway = a, c  ingress = host-routes');
  expectDiagnostics(`${ac}migrate [|web|] to b { deadline = 1h }`, 'VMM401', [
    "vm 'web' moves to b, but the gateway of network 'app' is only at a, c: outbound traffic hairpins through c, the gateway left after the loss of a, adding 3 ms RTT (b → c) to each request",
  ]);
  expectDiagnostics(`${ac}migrate [|web|] to b`, 'VMM401', [
    "vm 'web' moves to b, but the gateway of network 'app' is only at a, c: outbound traffic hairpins through a, adding 2 ms RTT (b → a) to each request",
  ]);
  expectNone(`${ac}migrate web to b { deadline = 1h }`, 'VMM207');
});
