import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import type { CheckOptions } from '../checker.js';
import { buildPlan } from './plan.js';
import { planJson } from './json.js';

function jsonOf(text: string, options?: CheckOptions): string {
  const result = buildPlan(checkText(text, options));
  assert.ok(result.ok);
  return planJson(result.plan);
}

const FILE = `
site a
site b
link a <-> b { rtt = 5ms  bandwidth = 1Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
network n { sites = a, b  gateway = anycast  ingress = gslb }
vm v at a { memory = 1GiB  network = n  dirty-rate = 10MB/s }
migrate v to b { window = 30min }
`;

test('JSON plan: the fields of spec §8, in a fixed order, 2-space indent', () => {
  const text = jsonOf(FILE);
  assert.ok(text.startsWith('{\n  "file": "test.vmm",\n'), text.slice(0, 40));
  assert.ok(text.endsWith('}\n'));
  const plan = JSON.parse(text);
  assert.deepEqual(Object.keys(plan), ['file', 'units', 'summary', 'waves']);
  assert.deepEqual(plan.units, { time: 's', data: 'B', rate: 'B/s' });
  assert.deepEqual(Object.keys(plan.summary), ['migrations', 'waves', 'data', 'duration', 'worstDowntime', 'warnings']);
  assert.deepEqual(Object.keys(plan.summary.warnings), ['count', 'list']);
  assert.deepEqual(Object.keys(plan.waves[0]), ['index', 'start', 'end', 'duration', 'longest', 'intents', 'migrations']);
  assert.deepEqual(Object.keys(plan.waves[0].intents[0]), [
    'migrate',
    'line',
    'start',
    'end',
    'method',
    'to',
    'concurrent',
    'duration',
    'window',
    'deadline',
    'vms',
  ]);
  const m = plan.waves[0].migrations[0];
  assert.deepEqual(Object.keys(m), [
    'vm',
    'from',
    'to',
    'method',
    'address',
    'line',
    'path',
    'rtt',
    'bandwidth',
    'data',
    'rounds',
    'stop',
    'throttle',
    'throttled',
    'postcopy',
    'duration',
    'downtime',
    'start',
    'end',
    'converges',
    'steps',
    'warnings',
    'rollback',
  ]);
  // Canonical units: 5 ms → 0.005 s; 1 Gbps × 90% → 112.5e6 B/s; 30 min → 1800 s; bytes for data.
  assert.equal(m.rtt, 0.005);
  assert.equal(m.bandwidth, 112500000);
  // data = M + M·λ = 1073741824 + 95443717.69 (see plan.test.ts), twelve significant digits.
  assert.equal(m.data, 1169185541.69);
  assert.equal(m.rounds, 1);
  assert.equal(m.duration, 10.3927603706);
  assert.equal(m.downtime, 0.848388601679);
  assert.equal(m.converges, true);
  assert.deepEqual(m.path, ['a', 'b']);
  assert.equal(plan.waves[0].intents[0].window, 1800);
  assert.equal(plan.waves[0].intents[0].deadline, null);
  assert.equal(plan.waves[0].index, 1);
  assert.ok(Array.isArray(m.steps) && m.steps.every((s: unknown) => typeof s === 'string'));
  assert.equal(typeof m.rollback, 'string');
});

test('JSON plan: warnings are rule codes on the migration, with messages and lines in the summary', () => {
  const plan = JSON.parse(jsonOf(FILE));
  // The stretched network n: VMM303 on line 5.
  assert.deepEqual(plan.waves[0].migrations[0].warnings, ['VMM303']);
  assert.equal(plan.summary.warnings.count, 1);
  const [w] = plan.summary.warnings.list;
  assert.deepEqual(Object.keys(w), ['code', 'severity', 'line', 'message']);
  assert.deepEqual([w.code, w.severity, w.line], ['VMM303', 'warning', 5]);
});

test('JSON plan: a figure that never ends is null, with converges false', () => {
  const plan = JSON.parse(
    jsonOf(
      `
site a
site b
link a <-> b { rtt = 5ms  bandwidth = 1Gbps }
vm v at a { memory = 1GiB  dirty-rate = 200MB/s }
migrate v to b
`,
      { severities: { VMM201: 'off' } },
    ),
  );
  const m = plan.waves[0].migrations[0];
  assert.deepEqual([m.data, m.duration, m.downtime, m.converges], [null, null, null, false]);
  assert.equal(plan.summary.duration, null);
  assert.equal(plan.waves[0].duration, null);
});

test('JSON plan: the same file gives the same text', () => {
  assert.equal(jsonOf(FILE), jsonOf(FILE));
});

test('JSON plan (v2.0): each migration says its address, how pre-copy stops, its throttle and what post-copy pulls', () => {
  const estate = `site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 1Gbps }\n`;
  const migrations = (text: string) => JSON.parse(jsonOf(text, { severities: { VMM208: 'info', VMM209: 'info' } })).waves[0].migrations;
  // Throttled to convergence (SDPS on vmware-metro): λ = 125 ÷ 112.5 = 1.11 needs the throttle up to 60%.
  const [throttled] = migrations(`${estate}policy { profile = vmware-metro }\nvm hot at a { memory = 16GiB  dirty-rate = 1Gbps }\nmigrate hot to b`);
  assert.deepEqual([throttled.address, throttled.stop, throttled.throttle, throttled.postcopy], ['keep', 'threshold', 0.6, 0]);
  assert.ok(throttled.throttled > 0);
  // Post-copy on kvm: round 0 sends the memory, then what it left dirty is pulled.
  const [pulled] = migrations(`${estate}policy { profile = kvm  converge = postcopy }\nvm hot at a { memory = 16GiB  dirty-rate = 1Gbps }\nmigrate hot to b`);
  assert.deepEqual([pulled.stop, pulled.rounds, pulled.throttle], ['postcopy', 0, 0]);
  assert.ok(pulled.postcopy > 0);
  // Cold re-addressed: no pre-copy.
  const [cold] = migrations(`${estate}vm old at a { memory = 4GiB }\nmigrate old to b { method = cold  address = new }`);
  assert.deepEqual([cold.address, cold.stop, cold.rounds, cold.throttle, cold.throttled, cold.postcopy, cold.duration], ['new', null, 0, 0, 0, 0, 120]);
});
