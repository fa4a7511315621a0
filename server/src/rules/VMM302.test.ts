import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const sites = `
site a
site b
site c
site d
`;

test('VMM302: a network stretched over a link without L2 extension is an error on its name', () => {
  const text = `${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps }\nnetwork [|app|] { sites = a, b }`;
  expectDiagnostics(text, 'VMM302', ["network 'app' spans a, b, but b is not joined to a over links with l2-extension (path a → b lacks it on link a <-> b)"]);
});

test('VMM302: a multi-hop path names the hop that lacks the extension', () => {
  const text = `${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = otv }\nlink b <-> c { rtt = 3ms  bandwidth = 10Gbps }\nnetwork [|app|] { sites = a, c }`;
  expectDiagnostics(text, 'VMM302', [
    "network 'app' spans a, c, but c is not joined to a over links with l2-extension (path a → b → c lacks it on link b <-> c)",
  ]);
});

test('VMM302: sites joined over extended links are fine, through intermediate sites and even when the direct link is not extended', () => {
  const extended = `${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn }\nlink b <-> c { rtt = 3ms  bandwidth = 10Gbps  l2-extension = hcx }\n`;
  expectNone(`${extended}network app { sites = a, c }`, 'VMM302');
  expectNone(`${extended}link a <-> c { rtt = 1ms  bandwidth = 10Gbps }\nnetwork app { sites = a, c }`, 'VMM302');
  // Extended links whose figures are missing still carry the segment (their VMM006 says what is missing).
  expectNone(`${sites}link a <-> b { l2-extension = vpls }\nnetwork app { sites = a, b }`, 'VMM302');
});

test('VMM302: a network at one site (or the same site twice) is not stretched', () => {
  expectNone(`${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps }\nnetwork app { sites = a }`, 'VMM302');
  expectNone(`${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps }\nnetwork app { sites = a, a }`, 'VMM302');
});

test('VMM302: sites with no path at all are named, with no fix to offer', () => {
  const text = `${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps }\nnetwork [|app|] { sites = a, d }`;
  const [d] = expectDiagnostics(text, 'VMM302', ["network 'app' spans a, d, but no path joins d to a"]);
  assert.deepEqual(d.fixes, []);
  // A link without its figures (VMM006) joins the sites but makes no path to pick hops from.
  const incomplete = `${sites}link a <-> d { bandwidth = 10Gbps }\nnetwork [|app|] { sites = a, d }`;
  const [e] = expectDiagnostics(incomplete, 'VMM302', ["network 'app' spans a, d, but d is not joined to a over links with l2-extension"]);
  assert.deepEqual(e.fixes, []);
});

test('VMM302: one diagnostic per network lists every cut-off site; the fix extends the fewest links', () => {
  // b: joined to a over a → b (a <-> b lacks it); then c: from b the path b → c needs only b <-> c.
  const text = `${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = none }\nlink b <-> c { rtt = 3ms  bandwidth = 10Gbps }\nnetwork [|app|] { sites = a, b, c }`;
  const [d] = expectDiagnostics(text, 'VMM302', [
    "network 'app' spans a, b, c, but b is not joined to a over links with l2-extension (path a → b lacks it on link a <-> b); c is not joined to b over links with l2-extension (path b → c lacks it on link b <-> c)",
  ]);
  assert.equal(d.fixes.length, 1);
  const { text: after, fix } = fixed(text, 'VMM302', 'Set l2-extension');
  // Both links keep the default mtu 1500 < 1500 + 50: the title warns of the VMM304 that follows.
  assert.equal(fix.title, 'Set l2-extension = vxlan-evpn on links a <-> b, b <-> c (underlay MTU must then reach 1550, VMM304)');
  assert.ok(after.includes('link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn }'));
  assert.ok(after.includes('link b <-> c { rtt = 3ms  bandwidth = 10Gbps l2-extension = vxlan-evpn }'));
  expectNone(after, 'VMM302');
});

test('VMM302: the fix title says nothing of MTU when the link already carries the overhead', () => {
  const text = `${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps  mtu = 1550 }\nnetwork app { sites = a, b }`;
  const { text: after, fix } = fixed(text, 'VMM302', 'Set l2-extension');
  assert.equal(fix.title, 'Set l2-extension = vxlan-evpn on link a <-> b');
  expectNone(after, 'VMM302');
  assert.deepEqual(diagnostics(after, 'VMM304'), []);
});
