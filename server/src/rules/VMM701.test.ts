import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a { cpu = intel-icelake }
site b { cpu = intel-cascadelake }
site c { cpu = amd-zen3 }
site d
link a <-> b { rtt = 2ms  bandwidth = 10Gbps }
link a <-> c { rtt = 2ms  bandwidth = 10Gbps }
link a <-> d { rtt = 2ms  bandwidth = 10Gbps }
vm web-01 at a { memory = 16GiB  cpu = intel-icelake }
vm web-02 at a { memory = 16GiB  cpu = intel-skylake }
vm db at c { memory = 32GiB  cpu = amd-zen2 }
vm plain at a { memory = 16GiB }
`;

test('VMM701: a VM on a later baseline than the target offers cannot arrive live', () => {
  expectDiagnostics(`${topology}migrate [|web-01|] to b`, 'VMM701', [
    'vm web-01 runs on CPU baseline intel-icelake, which site b does not offer: its hosts offer intel-cascadelake, an earlier Intel baseline that lacks CPU features the running guest uses, so live migration cannot move it',
  ]);
  // intel-skylake is earlier than intel-cascadelake: web-02 can go, web-01 cannot; each VM is judged on its own.
  expectDiagnostics(`${topology}migrate [|web-01|], web-02 to b`, 'VMM701', [
    'vm web-01 runs on CPU baseline intel-icelake, which site b does not offer: its hosts offer intel-cascadelake, an earlier Intel baseline that lacks CPU features the running guest uses, so live migration cannot move it',
  ]);
});

test('VMM701: another vendor is never offered, whatever the generation', () => {
  expectDiagnostics(`${topology}migrate [|web-02|] to c { method = routed }`, 'VMM701', [
    'vm web-02 runs on CPU baseline intel-skylake, which site c does not offer: its hosts offer amd-zen3, an AMD baseline, and a running guest cannot switch from Intel to AMD, so routed migration cannot move it',
  ]);
  expectDiagnostics(`${topology}migrate [|db|] to a`, 'VMM701', [
    'vm db runs on CPU baseline amd-zen2, which site a does not offer: its hosts offer intel-icelake, an Intel baseline, and a running guest cannot switch from AMD to Intel, so live migration cannot move it',
  ]);
});

test('VMM701: the range is the target that brought the VM in (a glob, a service)', () => {
  expectDiagnostics(`${topology}migrate [|web-*|] to b`, 'VMM701', [
    'vm web-01 runs on CPU baseline intel-icelake, which site b does not offer: its hosts offer intel-cascadelake, an earlier Intel baseline that lacks CPU features the running guest uses, so live migration cannot move it',
  ]);
  expectDiagnostics(`${topology}service front { vms = web-* }\nmigrate [|service front|] to b`, 'VMM701', [
    'vm web-01 runs on CPU baseline intel-icelake, which site b does not offer: its hosts offer intel-cascadelake, an earlier Intel baseline that lacks CPU features the running guest uses, so live migration cannot move it',
  ]);
});

test('VMM701: the same or a later baseline of the same vendor is offered', () => {
  expectNone(`${topology}migrate web-02 to b`, 'VMM701');
  expectNone(`${topology}site e { cpu = intel-icelake }\nlink a <-> e { rtt = 2ms  bandwidth = 10Gbps }\nmigrate web-01 to e`, 'VMM701');
  expectNone(`${topology}site e { cpu = intel-sapphirerapids }\nlink a <-> e { rtt = 2ms  bandwidth = 10Gbps }\nmigrate web-01 to e`, 'VMM701');
  expectNone(`${topology}site e { cpu = amd-zen4 }\nlink c <-> e { rtt = 2ms  bandwidth = 10Gbps }\nmigrate db to e`, 'VMM701');
});

test('VMM701: unchecked unless both the VM and the target site have a cpu; not on cold or federate', () => {
  expectNone(`${topology}migrate web-01 to d`, 'VMM701');
  expectNone(`${topology}migrate plain to b`, 'VMM701');
  expectNone(`${topology}migrate web-01 to b { method = cold }`, 'VMM701');
  expectNone(`${topology}service front { vms = web-*  load-balancer = gslb  scalable = true }\nmigrate service front to b { method = federate }`, 'VMM701');
  // A baseline outside §4.1 is VMM003 and left out of the model: nothing to compare.
  const text = `${topology}vm odd at a { memory = 4GiB  cpu = intel-nehalem-ex }\nmigrate odd to b`;
  assert.equal(diagnostics(text, 'VMM003').length, 1);
  expectNone(text, 'VMM701');
});

test('VMM701: the cold fix states its downtime and removes the error', () => {
  // No disk to copy: the downtime is the policy's restart-time, 2 min.
  const { text, fix } = fixed(`${topology}migrate web-01 to b`, 'VMM701', 'Use cold migration');
  assert.equal(fix.title, 'Use cold migration: ≈ 2 m offline (shut down, restart; no disk to copy), restarts with CPU baseline intel-cascadelake at b');
  assert.ok(text.endsWith('migrate web-01 to b {\n  method = cold\n}'));
  expectNone(text, 'VMM701');
});
