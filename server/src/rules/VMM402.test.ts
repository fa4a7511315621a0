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
`;

const ab = topology('sites = a, b');
const trombone =
  "vm 'web' moves from a to b, but network 'app' has ingress = none: inbound traffic keeps arriving at a and crosses to b, adding 2 ms RTT (a → b) to each request";

test('VMM402: ingress = none (the default) keeps inbound traffic at the old site: a warning on the VM target', () => {
  expectDiagnostics(`${ab}migrate [|web|] to b`, 'VMM402', [trombone]);
  expectDiagnostics(`${topology('sites = a, b  ingress = none')}migrate [|web|] to b { method = cold }`, 'VMM402', [trombone]);
});

test('VMM402: the RTT is the path the inbound traffic crosses, from the old site to the target', () => {
  // a → b → c: 2 ms + 3 ms
  expectDiagnostics(`${topology('sites = a, b, c')}migrate [|web|] to c`, 'VMM402', [
    "vm 'web' moves from a to c, but network 'app' has ingress = none: inbound traffic keeps arriving at a and crosses to c, adding 5 ms RTT (a → b → c) to each request",
  ]);
});

test('VMM402: a gateway list with the target and without the source brings the traffic along', () => {
  expectNone(`${topology('sites = a, b  gateway = b')}migrate web to b`, 'VMM402');
  // The source still has a gateway, or the gateway is everywhere: traffic keeps arriving at a.
  expectDiagnostics(`${topology('sites = a, b  gateway = a, b')}migrate [|web|] to b`, 'VMM402', [trombone]);
  expectDiagnostics(`${topology('sites = a, b  gateway = anycast')}migrate [|web|] to b`, 'VMM402', [trombone]);
});

test('VMM402: not with another ingress, not for routed, cold with address = new or federate, not when the network is missing at the target', () => {
  expectNone(`${topology('sites = a, b  ingress = host-routes')}migrate web to b`, 'VMM402');
  expectNone(`${topology('sites = a, b  ingress = lisp')}migrate web to b`, 'VMM402');
  expectNone(`${topology('sites = a, b  ingress = gslb')}migrate web to b`, 'VMM402');
  expectNone(`${ab}migrate web to b { method = routed }`, 'VMM402');
  // Cold with address = new re-addresses the VM at the target, as routed does (spec §10).
  expectNone(`${ab}migrate web to b { method = cold  address = new }`, 'VMM402');
  expectNone(`${ab}service s { vms = web  load-balancer = gslb  scalable = true }\nmigrate web to b { method = federate }`, 'VMM402');
  expectNone(`${ab}migrate web to c`, 'VMM402');
});

test('VMM402: the fixes set ingress on the network', () => {
  const source = `${ab}migrate web to b`;
  assert.deepEqual(
    diagnostics(source, 'VMM402')[0].fixes.map((f) => f.title),
    [
      "Set ingress = host-routes on network 'app' (advertise the VM's host route from the site it runs at)",
      "Set ingress = gslb on network 'app' (global load balancing sends clients to the site the VM runs at)",
    ],
  );
  const hostRoutes = fixed(source, 'VMM402', 'Set ingress = host-routes').text;
  assert.ok(hostRoutes.includes('network app { sites = a, b ingress = host-routes }'));
  expectNone(hostRoutes, 'VMM402');
  const gslb = fixed(`${topology('sites = a, b  ingress = none')}migrate web to b`, 'VMM402', 'Set ingress = gslb').text;
  assert.ok(gslb.includes('network app { sites = a, b  ingress = gslb }'));
  expectNone(gslb, 'VMM402');
});

test('VMM402: with a deadline, inbound traffic arriving at the source is lost with it: VMM207 instead; a gateway list without the source stays VMM402', () => {
  const anycast = topology('sites = a, b  gateway = anycast');
  expectNone(`${anycast}migrate web to b { deadline = 1h }`, 'VMM402');
  expectDiagnostics(`${anycast}migrate [|web|] to b { deadline = 1h }`, 'VMM207', [
    "after the loss of a, vm 'web': inbound traffic still arrives at a (ingress = none)",
  ]);
  // gateway = c: neither the source nor the target has it, so inbound traffic arrives at c; VMM402 keeps it (VMM401 the egress one).
  const c = topology('sites = a, b, c  gateway = c');
  const atC =
    "vm 'web' moves from a to b, but network 'app' has ingress = none: inbound traffic arrives at c, where its gateway is, and crosses to b, adding 3 ms RTT (c → b) to each request";
  expectDiagnostics(`${c}migrate [|web|] to b { deadline = 1h }`, 'VMM402', [atC]);
  expectDiagnostics(`${c}migrate [|web|] to b`, 'VMM402', [atC]);
  expectNone(`${c}migrate web to b { deadline = 1h }`, 'VMM207');
});
