import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site dc
site cloud
link dc <-> cloud { rtt = 8ms  bandwidth = 10Gbps }
vm web-1 at dc { memory = 8GiB }
vm web-2 at dc { memory = 8GiB }
vm app-1 at dc { memory = 8GiB }
vm app-2 at dc { memory = 8GiB }
vm batch at dc { memory = 32GiB  disk = 90GiB }
vm cache at dc { memory = 4GiB }
service web { vms = web-*  load-balancer = gslb  scalable = true }
service app {
  vms = app-*
}
service half { vms = cache  scalable = true }
`;

const need = 'federate needs a service with scalable = true and a load balancer';

test('VMM603: a VM in no service, on its target', () => {
  expectDiagnostics(`${topology}migrate web-1, [|batch|] to cloud { method = federate }`, 'VMM603', [
    `cannot federate vm batch: it belongs to no service; ${need}`,
  ]);
});

test('VMM603: per VM, whether the target names the service or a glob', () => {
  expectDiagnostics(`${topology}migrate [|[|service app|]|] to cloud { method = federate }`, 'VMM603', [
    `cannot federate vm app-1: its service app has scalable = false and load-balancer = none; ${need}`,
    `cannot federate vm app-2: its service app has scalable = false and load-balancer = none; ${need}`,
  ]);
  // Two diagnostics on the same glob range, one per VM.
  const found = diagnostics(`${topology}migrate app-* to cloud { method = federate }`, 'VMM603');
  assert.deepEqual(
    found.map((d) => d.message),
    [
      `cannot federate vm app-1: its service app has scalable = false and load-balancer = none; ${need}`,
      `cannot federate vm app-2: its service app has scalable = false and load-balancer = none; ${need}`,
    ],
  );
  const text = `${topology}migrate app-* to cloud { method = federate }`;
  assert.deepEqual(
    found.map((d) => text.slice(d.span.start, d.span.end)),
    ['app-*', 'app-*'],
  );
});

test('VMM603: a scalable service without a load balancer is not enough', () => {
  expectDiagnostics(`${topology}migrate [|service half|] to cloud { method = federate }`, 'VMM603', [
    `cannot federate vm cache: its service half has load-balancer = none; ${need}`,
  ]);
  expectDiagnostics(`${topology}migrate [|cache|] to cloud { method = federate }`, 'VMM603', [
    `cannot federate vm cache: its service half has load-balancer = none; ${need}`,
  ]);
});

test('VMM603: only federate; a scalable service with a load balancer is fine', () => {
  expectNone(`${topology}migrate web-* to cloud { method = federate }`, 'VMM603');
  expectNone(`${topology}migrate service web to cloud { method = federate }`, 'VMM603');
  expectNone(`${topology}migrate batch to cloud`, 'VMM603');
  expectNone(`${topology}migrate batch to cloud { method = cold }`, 'VMM603');
  // A VM in two services is federable when one of them is scalable with a load balancer.
  expectNone(`${topology}service plain { vms = web-2 }\nmigrate web-2 to cloud { method = federate }`, 'VMM603');
  // Any load balancer other than none will do.
  expectNone(`${topology.replace('load-balancer = gslb', 'load-balancer = local')}migrate web-1 to cloud { method = federate }`, 'VMM603');
});

test('VMM603: setting load-balancer and scalable on the service removes the error', () => {
  const { text, fix } = fixed(`${topology}migrate service app to cloud { method = federate }`, 'VMM603', 'Set load-balancer = gslb and scalable = true');
  assert.equal(fix.title, 'Set load-balancer = gslb and scalable = true on service app: new instances of it can start at cloud behind the load balancer');
  assert.ok(text.includes('service app {\n  vms = app-*\n  load-balancer = gslb\n  scalable = true\n}'));
  expectNone(text, 'VMM603');
});

test('VMM603: the service fix only changes what is missing, and keeps a one-line body on one line', () => {
  const { text, fix } = fixed(`${topology}migrate service half to cloud { method = federate }`, 'VMM603', 'Set load-balancer = gslb');
  assert.equal(fix.title, 'Set load-balancer = gslb on service half: new instances of it can start at cloud behind the load balancer');
  assert.ok(text.includes('service half { vms = cache  scalable = true load-balancer = gslb }'));
  expectNone(text, 'VMM603');
  const local = topology.replace('service half { vms = cache  scalable = true }', 'service half { vms = cache  scalable = false  load-balancer = local }');
  const scalable = fixed(`${local}migrate cache to cloud { method = federate }`, 'VMM603', 'Set scalable = true');
  assert.equal(scalable.fix.title, 'Set scalable = true on service half: new instances of it can start at cloud behind the load balancer');
  assert.ok(scalable.text.includes('service half { vms = cache  scalable = true  load-balancer = local }'));
  expectNone(scalable.text, 'VMM603');
});

test('VMM603: a VM in no service gets only the cold fix, which states its cost', () => {
  // R = 10 Gbps × 90% = 1.125e9 B/s; 90 GiB = 96636764160 B → 85.9 s.
  const [d] = diagnostics(`${topology}migrate batch to cloud { method = federate }`, 'VMM603');
  assert.deepEqual(
    d.fixes.map((f) => f.title),
    ['Use cold migration: ≈ 3 m 26 s offline, 90 GiB copied'],
  );
  const { text } = fixed(`${topology}migrate batch to cloud { method = federate }`, 'VMM603', 'Use cold migration');
  assert.ok(text.endsWith('migrate batch to cloud { method = cold }'));
  expectNone(text, 'VMM603');
});

test('VMM603: the service fix writes the = an attribute lacks, and a value that a stray = follows ends with ;', () => {
  const source = `${topology.replace('service half { vms = cache  scalable = true }', 'service half { vms = cache  load-balancer 0B/s  scalable = true }')}migrate cache to cloud { method = federate }`;
  const { text, fix } = fixed(source, 'VMM603', 'Set load-balancer');
  assert.ok(text.includes('load-balancer = gslb;  scalable = true'), text);
  assert.equal(fix.edits.length, 1);
  expectNone(text, 'VMM603');
});
