import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isProfileName, policyDefaults, profileFigures, profileNames, profiles } from './engines.js';

const ms = 1e-3;
const mbps = 1e6 / 8;
const MiB = 2 ** 20;

test('engines: the eight profiles of §5, in the order of its tables', () => {
  assert.deepEqual(profileNames, ['metro', 'vmware-metro', 'vmware-long-distance', 'hcx', 'kvm', 'qemu', 'xen', 'hyperv']);
  for (const name of profileNames) assert.equal(profiles[name].name, name);
  assert.ok(isProfileName('xen'));
  assert.ok(!isProfileName('toString'));
  assert.ok(!isProfileName('vmware'));
});

test('engines: the Limits table of §5 in canonical units (— is undefined)', () => {
  const limits = Object.fromEntries(profileNames.map((n) => [n, profiles[n].limits]));
  assert.deepEqual(limits, {
    metro: { maxRtt: 10 * ms, minBandwidth: 75e6, maxDistance: 200, maxDowntime: 1 },
    'vmware-metro': { maxRtt: 10 * ms, minBandwidth: 250 * mbps, maxDowntime: 1 },
    'vmware-long-distance': { maxRtt: 150 * ms, minBandwidth: 31.25e6, maxDowntime: 1 },
    hcx: { maxRtt: 150 * ms, minBandwidth: 12.5e6, maxDowntime: 1, maxStream: 125e6 },
    kvm: { maxDowntime: 0.3 },
    qemu: { maxDowntime: 0.3, maxStream: 134_217_728 },
    xen: { maxDowntime: 1 },
    hyperv: { minBandwidth: 125e6, maxDowntime: 1 },
  });
});

test('engines: the Engines table of §5 (overridable columns)', () => {
  const engines = Object.fromEntries(profileNames.map((n) => [n, profiles[n].engine]));
  assert.deepEqual(engines, {
    metro: { converge: 'none', switchover: 0 },
    'vmware-metro': { converge: 'throttle', switchover: 0 },
    'vmware-long-distance': { converge: 'throttle', switchover: 0 },
    hcx: { converge: 'throttle', switchover: 0 },
    kvm: { converge: 'none', switchover: 0.02, streamWindow: 4 * MiB },
    qemu: { converge: 'none', switchover: 0.02, streamWindow: 4 * MiB },
    xen: { maxRounds: 29, maxData: 3, converge: 'none', switchover: 0.3, streamWindow: 4_194_304 },
    hyperv: { converge: 'none', switchover: 0 },
  });
});

test('engines: the fixed columns (round 0, final round, concurrency cap) and Xen’s 50-page threshold', () => {
  const fixed = Object.fromEntries(profileNames.map((n) => [n, profiles[n].fixed]));
  const plain = { roundZero: 'memory', liftsRateCapForFinalRound: false };
  assert.deepEqual(fixed, {
    metro: plain,
    'vmware-metro': plain,
    'vmware-long-distance': plain,
    hcx: { ...plain, concurrencyCap: 1 },
    kvm: { roundZero: 'resident', liftsRateCapForFinalRound: true },
    qemu: { roundZero: 'resident', liftsRateCapForFinalRound: true },
    // 50 pages × 4096 bytes = 204 800 bytes = 200 KiB
    xen: { ...plain, stopThreshold: 204_800 },
    hyperv: plain,
  });
});

test('engines: policy defaults of §4 and a profile’s figures before anything is written', () => {
  assert.deepEqual(policyDefaults, {
    throttleInitial: 0.2,
    throttleStep: 0.1,
    throttleMax: 0.99,
    efficiency: 0.9,
    streams: 1,
    restartTime: 120,
    syncMaxRtt: 0.005,
  });
  const xen = profileFigures('xen');
  assert.equal(xen.maxRounds, 29);
  assert.equal(xen.maxData, 3);
  assert.equal(xen.efficiency, 0.9);
  assert.equal(xen.maxStream, undefined);
  const hcx = profileFigures('hcx');
  assert.equal(hcx.maxStream, 125e6);
  assert.equal(hcx.converge, 'throttle');
  assert.equal(hcx.maxRounds, undefined);
  // A copy: writing a policy over it leaves the table alone.
  const written = { ...profileFigures('qemu'), maxStream: 1e9 };
  assert.equal(written.maxStream, 1e9);
  assert.equal(profiles.qemu.limits.maxStream, 128 * MiB);
});

test('engines: the tables are frozen (no module-level mutable state)', () => {
  assert.ok(Object.isFrozen(profiles));
  for (const name of profileNames) {
    const p = profiles[name];
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.limits) && Object.isFrozen(p.engine) && Object.isFrozen(p.fixed), name);
  }
  assert.ok(Object.isFrozen(policyDefaults));
  assert.ok(Object.isFrozen(profileNames));
});
