import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a
site b
site c
site d
link a <-> b { rtt = 2ms  bandwidth = 10Gbps  distance = 150km }
link b <-> c { rtt = 1ms  bandwidth = 10Gbps  distance = 100km }
link c <-> d { rtt = 1ms  bandwidth = 10Gbps }
vm web at a { memory = 4GiB  disk = 20GiB }
vm app at d { memory = 4GiB }
`;

test('VMM103: a path distance above max-distance is a warning with both figures', () => {
  // a → b → c: 150 km + 100 km = 250 km > 200 km (metro).
  expectDiagnostics(`${topology}[|migrate web to c|]`, 'VMM103', [
    'path distance 250 km (a → b → c) exceeds max-distance 200 km of profile metro for live migration',
  ]);
  expectDiagnostics(`${topology}[|migrate web to c|] { method = routed }`, 'VMM103', [
    'path distance 250 km (a → b → c) exceeds max-distance 200 km of profile metro for routed migration',
  ]);
});

test('VMM103: great-circle distance when no distance is written', () => {
  // New York (40.71, -74.0) to Chicago (41.88, -87.63): haversine ≈ 1145 km.
  const source = `site ny { location = 40.71, -74.0 }\nsite chi { location = 41.88, -87.63 }\nlink ny <-> chi { rtt = 20ms  bandwidth = 10Gbps }\nvm web at ny { memory = 4GiB }\n[|migrate web to chi|]`;
  expectDiagnostics(source, 'VMM103', ['path distance 1145 km (ny → chi) exceeds max-distance 200 km of profile metro for live migration']);
});

test('VMM103: at the limit, unknown distance, cold, federate and profiles without a distance limit are not reported', () => {
  // a → b is 150 km; max-distance 150 km is not exceeded (strict).
  expectNone(`${topology}policy { max-distance = 150km }\nmigrate web to b`, 'VMM103');
  // A hop (c <-> d) with no distance and unlocated sites: the path distance is unknown, skipped.
  expectNone(`${topology}migrate app to a`, 'VMM103');
  expectNone(`${topology}migrate web to c { method = cold }`, 'VMM103');
  expectNone(`${topology}migrate web to c { method = federate }`, 'VMM103');
  expectNone(`${topology}policy { profile = vmware-long-distance }\nmigrate web to c`, 'VMM103');
  // A named policy's own max-distance.
  expectDiagnostics(`${topology}policy short { max-distance = 100km }\n[|migrate web to b|] { policy = short }`, 'VMM103', [
    'path distance 150 km (a → b) exceeds max-distance 100 km of policy short (profile metro) for live migration',
  ]);
});

test('VMM103: the cold fix states its cost and removes the warning; federate only for a scalable service behind a load balancer', () => {
  // Cold: the local 20 GiB disk over R = 10 Gbps × 90% = 1.125 GB/s: 21474836480 / 1.125e9 = 19.1 s, plus the 2 min restart: 139.1 s.
  const source = `${topology}migrate web to c`;
  assert.deepEqual(
    diagnostics(source, 'VMM103')[0].fixes.map((f) => f.title),
    ['Use cold migration: ≈ 2 m 19 s offline, 20 GiB copied, no distance limit'],
  );
  const { text } = fixed(source, 'VMM103', 'Use cold migration');
  assert.ok(text.endsWith('migrate web to c {\n  method = cold\n}'));
  expectNone(text, 'VMM103');

  const federable = `${topology}service shop { vms = web  load-balancer = gslb  scalable = true }\nmigrate service shop to c`;
  const { text: federated, fix } = fixed(federable, 'VMM103', 'Federate');
  assert.equal(fix.title, 'Federate instead of moving: new instances at the target behind the load balancer, nothing copied, no downtime');
  expectNone(federated, 'VMM103');
});
