import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site dc
site cloud
link dc <-> cloud { rtt = 8ms  bandwidth = 10Gbps }
vm web-1 at dc { memory = 8GiB }
vm web-2 at dc { memory = 8GiB }
vm batch at dc { memory = 32GiB }
service web { vms = web-*  load-balancer = gslb  scalable = true }
`;

test('VMM602: cloud-burst by live migration, on the migrate header', () => {
  expectDiagnostics(`${topology}[|migrate web-* to cloud|] { reason = cloud-burst }`, 'VMM602', [
    'reason cloud-burst done by live migration moves 2 running VMs to cloud: start new instances there behind a load balancer instead (method = federate)',
  ]);
});

test('VMM602: federation by routed migration', () => {
  expectDiagnostics(`${topology}[|migrate batch to cloud|] { reason = federation  method = routed }`, 'VMM602', [
    'reason federation done by routed migration moves vm batch to cloud: start new instances there behind a load balancer instead (method = federate)',
  ]);
});

test('VMM602: not for cold or federate, nor for other reasons', () => {
  expectNone(`${topology}migrate web-* to cloud { reason = cloud-burst  method = cold }`, 'VMM602');
  expectNone(`${topology}migrate web-* to cloud { reason = federation  method = federate }`, 'VMM602');
  expectNone(`${topology}migrate web-* to cloud`, 'VMM602');
  expectNone(`${topology}migrate web-* to cloud { reason = follow-the-sun }`, 'VMM602');
});

test('VMM602: federate, offered when every VM is in a scalable service with a load balancer, removes the warning', () => {
  const { text, fix } = fixed(`${topology}migrate web-* to cloud { reason = cloud-burst }`, 'VMM602', 'Federate instead of moving');
  assert.equal(fix.title, 'Federate instead of moving: new instances at the target behind the load balancer, nothing copied, no downtime');
  assert.ok(text.endsWith('migrate web-* to cloud { reason = cloud-burst method = federate }'));
  expectNone(text, 'VMM602');
  expectNone(text, 'VMM603');
});

test('VMM602: no federate fix when a VM cannot be federated', () => {
  assert.deepEqual(diagnostics(`${topology}migrate web-1, batch to cloud { reason = cloud-burst }`, 'VMM602')[0].fixes, []);
  assert.deepEqual(
    diagnostics(`${topology.replace('scalable = true', 'scalable = false')}migrate web-* to cloud { reason = cloud-burst }`, 'VMM602')[0].fixes,
    [],
  );
});
