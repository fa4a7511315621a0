import { test } from 'node:test';
import { expectDiagnostics, expectNone } from '../testing.js';

const sites = `
site a
site b
site c
link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
link b <-> c { rtt = 3ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
`;

test('VMM303: a stretched network is a warning on its name, once, naming its sites', () => {
  expectDiagnostics(`${sites}network [|app|] { sites = a, b }`, 'VMM303', [
    "network 'app' is stretched over 2 sites (a, b): one broadcast and failure domain spans the WAN, so a broadcast storm or a loop at one site reaches the others",
  ]);
  expectDiagnostics(`${sites}network [|app|] { sites = a, b, c }\nnetwork [|db|] { sites = c, a }`, 'VMM303', [
    "network 'app' is stretched over 3 sites (a, b, c): one broadcast and failure domain spans the WAN, so a broadcast storm or a loop at one site reaches the others",
    "network 'db' is stretched over 2 sites (c, a): one broadcast and failure domain spans the WAN, so a broadcast storm or a loop at one site reaches the others",
  ]);
});

test('VMM303: fires whether or not VMs use the network or the extension is sound', () => {
  expectDiagnostics(`site a\nsite b\nnetwork [|app|] { sites = a, b }`, 'VMM303', [
    "network 'app' is stretched over 2 sites (a, b): one broadcast and failure domain spans the WAN, so a broadcast storm or a loop at one site reaches the others",
  ]);
});

test('VMM303: one site, or the same site twice, is not a stretch', () => {
  expectNone(`${sites}network app { sites = a }`, 'VMM303');
  expectNone(`${sites}network app { sites = b, b }`, 'VMM303');
});

test('VMM303: silenced by vmm-ignore above the network', () => {
  expectNone(`${sites}// vmm-ignore VMM303 the stretch is temporary, for the move\nnetwork app { sites = a, b }`, 'VMM303');
});
