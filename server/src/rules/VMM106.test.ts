import { test } from 'node:test';
import { expectDiagnostics, expectNone } from '../testing.js';

// New York (40.71, -74.0) to Chicago (41.88, -87.63): haversine ≈ 1145 km, so at least 11.45 ms of RTT.
const located = `
site ny { location = 40.71, -74.0 }
site chi { location = 41.88, -87.63 }
site x
site y
`;

test('VMM106: an RTT below distance ÷ 100 km/ms is a warning on the link', () => {
  expectDiagnostics(`${located}[|link ny <-> chi|] { rtt = 5ms  bandwidth = 10Gbps }`, 'VMM106', [
    'RTT 5 ms is below the physical minimum 11.4 ms for its distance 1145 km (great-circle between ny and chi): light in fiber covers about 100 km per ms of RTT',
  ]);
  // Explicit distance: 1000 km needs at least 10 ms.
  expectDiagnostics(`${located}[|link x <-> y|] { rtt = 9.9ms  bandwidth = 10Gbps  distance = 1000km }`, 'VMM106', [
    'RTT 9.9 ms is below the physical minimum 10 ms for its distance 1000 km: light in fiber covers about 100 km per ms of RTT',
  ]);
  // 300 mi = 482.8 km: at least 4.83 ms.
  expectDiagnostics(`${located}[|link x <-> y|] { rtt = 4ms  bandwidth = 10Gbps  distance = 300mi }`, 'VMM106', [
    'RTT 4 ms is below the physical minimum 4.83 ms for its distance 483 km: light in fiber covers about 100 km per ms of RTT',
  ]);
});

test('VMM106: exactly the minimum, a realistic RTT, or an unknown distance are fine', () => {
  // 1000 km at 10 ms: not below (strict).
  expectNone(`${located}link x <-> y { rtt = 10ms  bandwidth = 10Gbps  distance = 1000km }`, 'VMM106');
  expectNone(`${located}link ny <-> chi { rtt = 18ms  bandwidth = 10Gbps }`, 'VMM106');
  // Unlocated sites and no distance: nothing to compare.
  expectNone(`${located}link x <-> y { rtt = 0.1ms  bandwidth = 10Gbps }`, 'VMM106');
  // A missing rtt is VMM006, not VMM106.
  expectNone(`${located}link ny <-> chi { bandwidth = 10Gbps }`, 'VMM106');
});

test('VMM106: an explicit distance shorter than the great circle between located sites', () => {
  expectDiagnostics(`${located}[|link ny <-> chi|] { rtt = 20ms  bandwidth = 10Gbps  distance = 500km }`, 'VMM106', [
    'distance 500 km is shorter than the great-circle distance 1145 km between ny and chi',
  ]);
  // Both at once: one diagnostic naming both problems (the RTT is checked against the written distance).
  expectDiagnostics(`${located}[|link ny <-> chi|] { rtt = 1ms  bandwidth = 10Gbps  distance = 500km }`, 'VMM106', [
    'distance 500 km is shorter than the great-circle distance 1145 km between ny and chi; and RTT 1 ms is below the physical minimum 5 ms for its distance 500 km: light in fiber covers about 100 km per ms of RTT',
  ]);
  // A fiber route longer than the great circle is normal.
  expectNone(`${located}link ny <-> chi { rtt = 20ms  bandwidth = 10Gbps  distance = 1300km }`, 'VMM106');
});

test('VMM106: checked on every link, with or without a migrate, whatever the policy', () => {
  expectDiagnostics(
    `${located}policy { profile = kvm }\n[|link ny <-> chi|] { rtt = 5ms  bandwidth = 10Gbps }\nvm web at ny { memory = 4GiB }\nmigrate web to chi { method = cold }`,
    'VMM106',
    [
      'RTT 5 ms is below the physical minimum 11.4 ms for its distance 1145 km (great-circle between ny and chi): light in fiber covers about 100 km per ms of RTT',
    ],
  );
});

test('VMM106: silenced by vmm-ignore above the link', () => {
  expectNone(`${located}// vmm-ignore VMM106 measured on a hollow-core fiber\nlink ny <-> chi { rtt = 5ms  bandwidth = 10Gbps }`, 'VMM106');
});
