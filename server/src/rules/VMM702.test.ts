import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 10Gbps }
vm gpu-01 at a { memory = 16GiB  devices = passthrough }
vm rac-01 at a { memory = 32GiB  datastore = ds-a  devices = shared-disk }
vm lic at a { memory = 4GiB  devices = usb }
vm all at a { memory = 8GiB  devices = usb, passthrough, shared-disk, usb }
vm plain at a { memory = 16GiB }
datastore ds-a at a
`;

const passthrough = 'passthrough (DirectPath I/O, SR-IOV or vGPU), hardware of its host that the guest drives directly, whose state the hypervisor cannot copy';
const sharedDisk = 'shared-disk (multi-writer disk or physical-mode RDM), a disk other VMs write too or a raw LUN, attached at a';
const usb = 'usb (a USB device attached from the host), plugged into its host at a';

test('VMM702: each device that blocks live migration is named with what it is', () => {
  expectDiagnostics(`${topology}migrate [|gpu-01|] to b`, 'VMM702', [`vm gpu-01 has a device that blocks live migration: ${passthrough}`]);
  expectDiagnostics(`${topology}migrate [|rac-01|] to b`, 'VMM702', [`vm rac-01 has a device that blocks live migration: ${sharedDisk}`]);
  expectDiagnostics(`${topology}migrate [|lic|] to b { method = routed }`, 'VMM702', [`vm lic has a device that blocks routed migration: ${usb}`]);
});

test('VMM702: one diagnostic per VM names all its devices, each once, in the order of the list', () => {
  expectDiagnostics(`${topology}migrate [|all|] to b`, 'VMM702', [`vm all has devices that block live migration: ${passthrough}; ${sharedDisk}; ${usb}`]);
  expectDiagnostics(`${topology}migrate plain, [|gpu-01|], [|lic|] to b`, 'VMM702', [
    `vm gpu-01 has a device that blocks live migration: ${passthrough}`,
    `vm lic has a device that blocks live migration: ${usb}`,
  ]);
  // The range is the target that brought the VM in.
  expectDiagnostics(`${topology}service s { vms = gpu-01 }\nmigrate [|service s|] to b`, 'VMM702', [
    `vm gpu-01 has a device that blocks live migration: ${passthrough}`,
  ]);
});

test('VMM702: not reported without devices, on cold or federate', () => {
  expectNone(`${topology}migrate plain to b`, 'VMM702');
  expectNone(`${topology}migrate gpu-01, all to b { method = cold }`, 'VMM702');
  expectNone(`${topology}service s { vms = gpu-01  load-balancer = gslb  scalable = true }\nmigrate service s to b { method = federate }`, 'VMM702');
});

test('VMM702: the cold fix states its downtime and what to provide at the target, and removes the error', () => {
  const { text, fix } = fixed(`${topology}migrate gpu-01 to b`, 'VMM702', 'Use cold migration');
  assert.equal(fix.title, 'Use cold migration: ≈ 2 m offline (shut down, restart; no disk to copy), then provide its passthrough device at b');
  assert.ok(text.endsWith('migrate gpu-01 to b {\n  method = cold\n}'));
  expectNone(text, 'VMM702');
  const all = fixed(`${topology}migrate all to b { method = routed }`, 'VMM702', 'Use cold migration');
  assert.equal(
    all.fix.title,
    'Use cold migration: ≈ 2 m offline (shut down, restart; no disk to copy), then provide its passthrough, shared-disk and usb devices at b',
  );
  expectNone(all.text, 'VMM702');
});
