import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const sites = `
site a
site b
site c
`;

/** One link a <-> b with these attributes, carrying network app (a, b) with these attributes. */
const one = (link: string, network = '') => `${sites}[|link a <-> b|] { rtt = 2ms  bandwidth = 10Gbps  ${link} }\nnetwork app { sites = a, b ${network} }`;
const plain = (link: string, network = '') => one(link, network).replace('[|', '').replace('|]', '');

test('VMM304: vxlan-evpn needs guest MTU + 50 on the underlay; reported on the link', () => {
  // 1500 + 50 = 1550 > 1500 (the default link mtu)
  expectDiagnostics(one('l2-extension = vxlan-evpn'), 'VMM304', [
    "underlay mtu 1500 of link a <-> b is below 1550, needed to carry network 'app': guest mtu 1500 + vxlan-evpn overhead 50; guest packets above 1450 bytes are dropped (vxlan-evpn does not fragment)",
  ]);
  // Strict: exactly guest + overhead is enough.
  expectDiagnostics(one('l2-extension = vxlan-evpn  mtu = 1549'), 'VMM304', [
    "underlay mtu 1549 of link a <-> b is below 1550, needed to carry network 'app': guest mtu 1500 + vxlan-evpn overhead 50; guest packets above 1499 bytes are dropped (vxlan-evpn does not fragment)",
  ]);
  expectNone(plain('l2-extension = vxlan-evpn  mtu = 1550'), 'VMM304');
});

test('VMM304 is an error: the overlays do not fragment, so an undersized underlay drops frames (spec §0)', () => {
  assert.deepEqual(
    diagnostics(plain('l2-extension = vxlan-evpn'), 'VMM304').map((d) => d.severity),
    ['error'],
  );
  // Its setting can still lower it.
  assert.deepEqual(
    diagnostics(plain('l2-extension = vxlan-evpn'), 'VMM304', { severities: { VMM304: 'warning' } }).map((d) => d.severity),
    ['warning'],
  );
});

test('VMM304: each extension has its own overhead (otv 42, vpls 30, geneve 100)', () => {
  expectDiagnostics(one('l2-extension = otv  mtu = 1541'), 'VMM304', [
    "underlay mtu 1541 of link a <-> b is below 1542, needed to carry network 'app': guest mtu 1500 + otv overhead 42; guest packets above 1499 bytes are dropped (otv does not fragment)",
  ]);
  expectNone(plain('l2-extension = otv  mtu = 1542'), 'VMM304');
  expectDiagnostics(one('l2-extension = vpls  mtu = 1529'), 'VMM304', [
    "underlay mtu 1529 of link a <-> b is below 1530, needed to carry network 'app': guest mtu 1500 + vpls overhead 30; guest packets above 1499 bytes are fragmented or dropped",
  ]);
  expectNone(plain('l2-extension = vpls  mtu = 1530'), 'VMM304');
  // Guest mtu 9000 + geneve 100 = 9100
  expectDiagnostics(one('l2-extension = geneve  mtu = 9000', 'mtu = 9000'), 'VMM304', [
    "underlay mtu 9000 of link a <-> b is below 9100, needed to carry network 'app': guest mtu 9000 + geneve overhead 100; guest packets above 8900 bytes are dropped (geneve does not fragment)",
  ]);
  expectNone(plain('l2-extension = geneve  mtu = 9100', 'mtu = 9000'), 'VMM304');
});

test('VMM304: hcx adds 150, and 28 more when encrypted (the default for hcx)', () => {
  // 1500 + 150 + 28 = 1678
  expectDiagnostics(one('l2-extension = hcx  mtu = 1677'), 'VMM304', [
    "underlay mtu 1677 of link a <-> b is below 1678, needed to carry network 'app': guest mtu 1500 + hcx overhead 150 + 28 for encryption; guest packets above 1499 bytes are fragmented or dropped",
  ]);
  expectNone(plain('l2-extension = hcx  mtu = 1678'), 'VMM304');
  // 1500 + 150 = 1650 without encryption
  expectDiagnostics(one('l2-extension = hcx  encrypted = false  mtu = 1649'), 'VMM304', [
    "underlay mtu 1649 of link a <-> b is below 1650, needed to carry network 'app': guest mtu 1500 + hcx overhead 150; guest packets above 1499 bytes are fragmented or dropped",
  ]);
  expectNone(plain('l2-extension = hcx  encrypted = false  mtu = 1650'), 'VMM304');
  // Encryption adds nothing to the other extensions.
  expectNone(plain('l2-extension = vxlan-evpn  encrypted = true  mtu = 1550'), 'VMM304');
});

test('VMM304: only extended links that carry a stretched network are checked', () => {
  // Not extended: VMM302's case, not an MTU question.
  expectNone(plain(''), 'VMM304');
  // Extended, but the network is at one site.
  expectNone(`${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn }\nnetwork app { sites = a }`, 'VMM304');
  // b <-> c is extended, but app (a, b) does not cross it.
  expectNone(
    `${sites}link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 1600 }\nlink b <-> c { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn }\nnetwork app { sites = a, b }`,
    'VMM304',
  );
  // An mtu that could not be read has its own VMM008: no guess from the default.
  expectNone(plain('l2-extension = vxlan-evpn  mtu = 100'), 'VMM304');
});

test('VMM304: every hop of the L2 path between two sites is checked, over extended links only', () => {
  // app is at a and c; the L2 path is a → b → c (the direct a <-> c has no extension).
  const text = `${sites}[|link a <-> b|] { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn }
[|link b <-> c|] { rtt = 2ms  bandwidth = 10Gbps  l2-extension = otv }
link a <-> c { rtt = 1ms  bandwidth = 10Gbps }
network app { sites = a, c }`;
  expectDiagnostics(text, 'VMM304', [
    "underlay mtu 1500 of link a <-> b is below 1550, needed to carry network 'app': guest mtu 1500 + vxlan-evpn overhead 50; guest packets above 1450 bytes are dropped (vxlan-evpn does not fragment)",
    "underlay mtu 1500 of link b <-> c is below 1542, needed to carry network 'app': guest mtu 1500 + otv overhead 42; guest packets above 1458 bytes are dropped (otv does not fragment)",
  ]);
});

test('VMM304: one diagnostic per link, naming the network that needs the most', () => {
  // jumbo: 9000 + 50 = 9050 > 9000; app: 1500 + 50 fits.
  const text = `${sites}[|link a <-> b|] { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
network app { sites = a, b }
network jumbo { sites = b, a  mtu = 9000 }`;
  expectDiagnostics(text, 'VMM304', [
    "underlay mtu 9000 of link a <-> b is below 9050, needed to carry network 'jumbo' (largest guest mtu of the 2 stretched networks over it): guest mtu 9000 + vxlan-evpn overhead 50; guest packets above 8950 bytes are dropped (vxlan-evpn does not fragment)",
  ]);
});

test('VMM304: the fix raises the link mtu to what the largest network needs', () => {
  const { text, fix } = fixed(plain('l2-extension = hcx'), 'VMM304', 'Raise mtu');
  assert.equal(fix.title, 'Raise mtu of link a <-> b to 1678');
  assert.ok(text.includes('link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = hcx mtu = 1678 }'));
  expectNone(text, 'VMM304');
  const raised = fixed(plain('l2-extension = vxlan-evpn  mtu = 1500'), 'VMM304', 'Raise mtu');
  assert.ok(raised.text.includes('l2-extension = vxlan-evpn  mtu = 1550 }'));
  expectNone(raised.text, 'VMM304');
});

test('VMM304: no fix when the need is above the largest mtu (65535)', () => {
  const [d] = diagnostics(plain('l2-extension = vxlan-evpn  mtu = 65535', 'mtu = 65535'), 'VMM304');
  assert.equal(
    d.message,
    "underlay mtu 65535 of link a <-> b is below 65585, needed to carry network 'app': guest mtu 65535 + vxlan-evpn overhead 50; guest packets above 65485 bytes are dropped (vxlan-evpn does not fragment)",
  );
  assert.deepEqual(d.fixes, []);
});
