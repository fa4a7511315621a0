import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

// b holds 64 GiB, 16 vcpus, 500 GiB of local disks; resident already uses 32 GiB, 8 vcpus, 100 GiB.
const topology = `
site a
site b { capacity { memory = 64GiB  vcpus = 16  storage = 500GiB } }
site c
site d { capacity { memory = 16GiB } }
link a <-> b { rtt = 4ms  bandwidth = 10Gbps }
link b <-> c { rtt = 3ms  bandwidth = 10Gbps }
link b <-> d { rtt = 2ms  bandwidth = 10Gbps }
link a <-> c { rtt = 6ms  bandwidth = 10Gbps }
datastore ds-a at a
vm resident at b { memory = 32GiB  vcpus = 8  disk = 100GiB }
vm web-1 at a { memory = 16GiB  vcpus = 4  disk = 100GiB }
vm web-2 at a { memory = 16GiB  vcpus = 4  disk = 100GiB }
vm db at a { memory = 32GiB  vcpus = 8  disk = 450GiB  datastore = ds-a }
service web { vms = web-*  load-balancer = gslb  scalable = true }
`;

const tail = (b: string) => `(VMs that end at ${b}: those staying, and the migrations to it up to this one)`;

test('VMM601: filling the site exactly is fine (strict), one VM more overflows memory and vcpus', () => {
  // 32 + 16 + 16 = 64 GiB, 8 + 4 + 4 = 16 vcpus, 100 + 100 + 100 = 300 GiB: all at capacity, none above.
  expectNone(`${topology}migrate web-1, web-2 to b`, 'VMM601');
  // + db: 96 GiB > 64 GiB, 24 > 16 vcpus; db's disks stay on ds-a, so storage stays 300 GiB.
  expectDiagnostics(`${topology}migrate web-1, web-2 to b\n[|migrate db to b|]`, 'VMM601', [
    `site b overflows once this migrate brings vm db: memory 96 GiB > capacity 64 GiB, vcpus 24 > capacity 16 ${tail('b')}`,
  ]);
});

test('VMM601: reported on the arriving intents in declaration order, from the first that overflows', () => {
  // db first: 64 GiB, 16 vcpus, fits; then the two web VMs overflow.
  expectDiagnostics(`${topology}migrate db to b\n[|migrate web-1, web-2 to b|]`, 'VMM601', [
    `site b overflows once this migrate brings 2 VMs (web-1, web-2): memory 96 GiB > capacity 64 GiB, vcpus 24 > capacity 16 ${tail('b')}`,
  ]);
  // Once over, every later intent to the site is reported with the load so far.
  expectDiagnostics(`${topology}migrate web-1 to b\n[|migrate db to b|]\n[|migrate web-2 to b|]`, 'VMM601', [
    `site b overflows once this migrate brings vm db: memory 80 GiB > capacity 64 GiB, vcpus 20 > capacity 16 ${tail('b')}`,
    `site b overflows once this migrate brings vm web-2: memory 96 GiB > capacity 64 GiB, vcpus 24 > capacity 16 ${tail('b')}`,
  ]);
});

test('VMM601: storage counts only disks that end up local (no datastore, or storage = move)', () => {
  // Live db keeps its disks on ds-a: 64 GiB, 16 vcpus, 100 GiB.
  expectNone(`${topology}migrate db to b`, 'VMM601');
  // Cold moves them (storage = move by default): 100 + 450 = 550 GiB > 500 GiB.
  expectDiagnostics(`${topology}[|migrate db to b|] { method = cold }`, 'VMM601', [
    `site b overflows once this migrate brings vm db: local storage 550 GiB > capacity 500 GiB ${tail('b')}`,
  ]);
  expectDiagnostics(`${topology}[|migrate db to b|] { storage = move }`, 'VMM601', [
    `site b overflows once this migrate brings vm db: local storage 550 GiB > capacity 500 GiB ${tail('b')}`,
  ]);
});

test('VMM601: the final state: VMs leaving make room, federated sources stay loaded', () => {
  // resident leaves b: 16 + 16 + 32 = 64 GiB, 16 vcpus.
  expectNone(`${topology}migrate resident to a\nmigrate web-1, web-2, db to b`, 'VMM601');
  // Federating resident to a starts new instances there; resident itself stays at b.
  expectDiagnostics(
    `${topology}service core { vms = resident  load-balancer = gslb  scalable = true }\nmigrate resident to a { method = federate }\n[|migrate web-1, web-2, db to b|]`,
    'VMM601',
    [`site b overflows once this migrate brings 3 VMs (web-1, web-2, db): memory 96 GiB > capacity 64 GiB, vcpus 24 > capacity 16 ${tail('b')}`],
  );
  // New federated instances load their target: 32 GiB > 16 GiB at d.
  expectDiagnostics(`${topology}[|migrate web-* to d|] { method = federate }`, 'VMM601', [
    `site d overflows once this migrate brings 2 VMs (web-1, web-2): memory 32 GiB > capacity 16 GiB ${tail('d')}`,
  ]);
});

test('VMM601: no capacity, or a site already full with nothing arriving: nothing to anchor', () => {
  expectNone(`${topology}migrate web-1, web-2, db to c`, 'VMM601');
  expectNone(`${topology}vm big at b { memory = 64GiB }\nmigrate web-1 to c`, 'VMM601');
});

test('VMM601: retarget to a linked site with room, by the same method, its cost stated', () => {
  // Linked to b: d (2 ms, 16 GiB: no room for db's 32 GiB), c (3 ms, no limit); a is db's own site.
  // db live a → c: 32 GiB = 34359738368 B ÷ (10 Gbps × 90% = 1.125e9 B/s) = 30.5 s, no dirty-rate so no downtime.
  const source = `${topology}migrate web-1, web-2 to b\nmigrate db to b`;
  const [d] = diagnostics(source, 'VMM601');
  assert.deepEqual(
    d.fixes.map((f) => f.title),
    ['Send to c instead (linked to b, no capacity limit): live ≈ 30.5 s, downtime ≈ 0 s'],
  );
  const { text } = fixed(source, 'VMM601', 'Send to c instead');
  assert.ok(text.endsWith('migrate web-1, web-2 to b\nmigrate db to c'));
  expectNone(text, 'VMM601');
});

test('VMM601: federate the overflow when every VM can be federated, stating what is left free', () => {
  const roomy = topology.replace('site c\n', 'site c { capacity { memory = 128GiB  vcpus = 64 } }\n');
  const source = `${roomy}migrate db to b\nmigrate web-* to b`;
  // c after: 128 − 32 = 96 GiB, 64 − 8 = 56 vcpus free.
  const { text, fix } = fixed(source, 'VMM601', 'Federate to c instead');
  assert.equal(
    fix.title,
    'Federate to c instead (linked to b, free after: memory 96 GiB, vcpus 56): new instances at the target behind the load balancer, nothing copied, no downtime',
  );
  assert.ok(text.endsWith('migrate db to b\nmigrate web-* to c {\n  method = federate\n}'));
  expectNone(text, 'VMM601');
  expectNone(text, 'VMM603');
});

test('VMM601: no fix when no linked site has room', () => {
  const full = topology.replace('site c\n', 'site c { capacity { vcpus = 4 } }\n');
  assert.deepEqual(diagnostics(`${full}migrate web-1, web-2 to b\nmigrate db to b`, 'VMM601')[0].fixes, []);
});

test('VMM601: vmm-ignore on the overflowing migrate silences it', () => {
  expectNone(`${topology}migrate web-1, web-2 to b\n// vmm-ignore VMM601 b gets new hosts first\nmigrate db to b`, 'VMM601');
});
