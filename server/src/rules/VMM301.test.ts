import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

// web-1 and web-2 are at a, on network lan, which exists only at a. The path a → b is one hop
// without an L2 extension; a → c crosses b; b <-> c carries vxlan-evpn.
const topology = `
site a
site b
site c
site d
link a <-> b { rtt = 2ms  bandwidth = 10Gbps }
link b <-> c { rtt = 3ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
network lan { sites = a }
network wide { sites = a, b }
vm web-1 at a { memory = 16GiB  network = lan }
vm web-2 at a { memory = 16GiB  network = lan }
vm db at a { memory = 64GiB  network = wide }
vm solo at a { memory = 16GiB }
`;

const lanAtB = "vm 'web-1' keeps its IP and MAC with live migration, but its network 'lan' does not exist at b (only at a)";

test('VMM301: live migration to a site without the VM network is an error on the target that brought the VM in', () => {
  expectDiagnostics(`${topology}migrate [|web-1|] to b`, 'VMM301', [lanAtB]);
});

test('VMM301: one diagnostic per VM, each on its glob or service target, naming the VM', () => {
  expectDiagnostics(`${topology}migrate [|[|web-*|]|] to b`, 'VMM301', [lanAtB, lanAtB.replace('web-1', 'web-2')]);
  expectDiagnostics(`${topology}service web { vms = web-* }\nmigrate db, [|[|service web|]|] to b { method = cold }`, 'VMM301', [
    lanAtB.replace('live', 'cold'),
    lanAtB.replace('live', 'cold').replace('web-1', 'web-2'),
  ]);
});

test('VMM301: applies to live and cold only; not when the network exists at the target or the VM has none', () => {
  expectDiagnostics(`${topology}migrate [|web-1|] to b { method = cold }`, 'VMM301', [lanAtB.replace('live', 'cold')]);
  expectNone(`${topology}migrate web-1 to b { method = routed }`, 'VMM301');
  expectNone(`${topology}service web { vms = web-*  load-balancer = gslb  scalable = true }\nmigrate service web to b { method = federate }`, 'VMM301');
  expectNone(`${topology}migrate db to b`, 'VMM301');
  expectNone(`${topology}migrate solo to b`, 'VMM301');
});

test('VMM301: routed and cold with address = new state their cost, and each removes the error', () => {
  // R = 10 Gbps × 90% = 1.125 GB/s; no dirty-rate: one round of 16 GiB = 17179869184 B ÷ 1.125e9 = 15.27 s, downtime 0
  // (metro's switch-over is 0 s). Cold copies nothing (no disk): only the 2 min restart.
  const source = `${topology}migrate web-1 to b`;
  const [d] = diagnostics(source, 'VMM301');
  assert.deepEqual(
    d.fixes.map((f) => f.title),
    [
      'Use routed L3 migration: new IP and DNS update, ≈ 15.3 s, downtime ≈ 0 s, no L2 stretch needed',
      'Use cold migration with address = new: ≈ 2 m offline (shut down, restart; no disk to copy), re-addressed at b (DNS/DHCP update), no L2 stretch needed',
      "Stretch network 'lan' to b: add b to its sites, and extend L2 to it: set l2-extension = vxlan-evpn on link a <-> b (underlay MTU must then reach 1550, VMM304)",
    ],
  );
  const { text } = fixed(source, 'VMM301', 'Use routed L3 migration');
  assert.ok(text.endsWith('migrate web-1 to b {\n  method = routed\n}'));
  expectNone(text, 'VMM301');
  const cold = fixed(source, 'VMM301', 'Use cold migration with address = new').text;
  assert.ok(cold.endsWith('migrate web-1 to b {\n  method = cold\n  address = new\n}'), cold);
  expectNone(cold, 'VMM301');
});

test('VMM301 (v2.0): cold keeps its address unless it says address = new; then VMM301 does not apply', () => {
  const [d] = diagnostics(`${topology}migrate web-1 to b { method = cold }`, 'VMM301');
  assert.equal(d.message, "vm 'web-1' keeps its IP and MAC with cold migration, but its network 'lan' does not exist at b (only at a)");
  const { text } = fixed(`${topology}migrate web-1 to b { method = cold }`, 'VMM301', 'Set address = new');
  assert.ok(text.endsWith('migrate web-1 to b { method = cold address = new }'), text);
  expectNone(text, 'VMM301');
  expectNone(`${topology}migrate web-1 to b { method = cold  address = new }`, 'VMM301');
});

test('VMM301: federate is offered when every VM is in a scalable service with a load balancer', () => {
  const source = `${topology}service web { vms = web-*  load-balancer = gslb  scalable = true }\nmigrate service web to b`;
  const { text, fix } = fixed(source, 'VMM301', 'Federate');
  assert.equal(fix.title, 'Federate instead of moving: new instances at the target behind the load balancer, nothing copied, no downtime');
  expectNone(text, 'VMM301');
});

test('VMM301: stretch fix adds the site and extends the hops that lack L2 extension, leaving no VMM302', () => {
  const { text } = fixed(`${topology}migrate web-1 to b`, 'VMM301', 'Stretch network');
  assert.ok(text.includes('link a <-> b { rtt = 2ms  bandwidth = 10Gbps l2-extension = vxlan-evpn }'));
  assert.ok(text.includes('network lan { sites = a, b }'));
  expectNone(text, 'VMM301');
  expectNone(text, 'VMM302');
});

test('VMM301: stretch fix only adds the site when extended links already join the network to the target', () => {
  // wide is at a and b; b <-> c is extended, so c is reached over L2 from b.
  const source = `${topology}vm app at b { memory = 8GiB  network = wide }\nmigrate app to c`;
  const { text, fix } = fixed(source, 'VMM301', 'Stretch network');
  assert.equal(fix.title, "Stretch network 'wide' to c: add c to its sites (L2 extension already joins b to c)");
  assert.equal(fix.edits.length, 1);
  assert.ok(text.includes('network wide { sites = a, b, c }'));
  expectNone(text, 'VMM301');
});

test('VMM301: no stretch fix without a path to the target', () => {
  const [d] = diagnostics(`${topology}migrate web-1 to d`, 'VMM301');
  // No path (VMM104): routed has no figures to quote, and there is nothing to stretch over.
  assert.deepEqual(
    d.fixes.map((f) => f.title),
    ['Use routed L3 migration, no L2 stretch needed', 'Use cold migration with address = new, re-addressed at d (DNS/DHCP update), no L2 stretch needed'],
  );
});
