import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 10Gbps }
vm web-1 at a { memory = 4GiB }
vm web-2 at a {
  memory = 4GiB
  disk = 20GiB
}
vm db at a { memory = 16GiB  dirty-rate = 200MB/s }
vm odd at a { memory = 4GiB  dirty-rate = 10ms }
service shop { vms = web-1 }
`;

const unchecked = (vm: string) =>
  `vm ${vm} has no dirty-rate, so whether its pre-copy converges is unchecked: the estimates assume memory is copied once with no downtime`;

test('VMM204: a live or routed migration of a VM without dirty-rate is an info on its target', () => {
  expectDiagnostics(`${topology}migrate [|web-1|], db to b`, 'VMM204', [unchecked('web-1')]);
  expectDiagnostics(`${topology}migrate [|[|web-*|]|] to b { method = routed }`, 'VMM204', [unchecked('web-1'), unchecked('web-2')]);
  expectDiagnostics(`${topology}migrate [|service shop|] to b`, 'VMM204', [unchecked('web-1')]);
});

test('VMM204: not reported for cold, federate, a VM with a dirty-rate, or an invalid dirty-rate (VMM003)', () => {
  expectNone(`${topology}migrate web-* to b { method = cold }`, 'VMM204');
  expectNone(`${topology}migrate service shop to b { method = federate }`, 'VMM204');
  expectNone(`${topology}migrate db to b`, 'VMM204');
  const text = `${topology}migrate odd to b`;
  expectNone(text, 'VMM204');
  assert.equal(diagnostics(text, 'VMM003').length, 1);
});

test('VMM204: the fix inserts a dirty-rate placeholder that parses into the VM declaration', () => {
  const { text, fix } = fixed(`${topology}migrate web-1 to b`, 'VMM204', 'Insert dirty-rate');
  assert.equal(fix.title, "Insert dirty-rate = 100MB/s into vm web-1 (a placeholder: measure the guest's real rate)");
  assert.ok(text.includes('vm web-1 at a { memory = 4GiB dirty-rate = 100MB/s }'));
  expectNone(text, 'VMM204');
  expectNone(text, 'VMM001');
  // Only vm odd's deliberate `dirty-rate = 10ms` is a VMM003: the inserted value parses as a rate.
  assert.deepEqual(
    diagnostics(text, 'VMM003').map((d) => text.slice(d.span.start, d.span.end)),
    ['10ms'],
  );

  const { text: multiLine } = fixed(`${topology}migrate web-2 to b`, 'VMM204', 'Insert dirty-rate');
  assert.ok(multiLine.includes('vm web-2 at a {\n  memory = 4GiB\n  disk = 20GiB\n  dirty-rate = 100MB/s\n}'));
  expectNone(multiLine, 'VMM204');
});

test('VMM204: anchored on the migrate, so vmm-ignore above it silences it', () => {
  expectNone(`${topology}// vmm-ignore VMM204 measured separately\nmigrate web-* to b`, 'VMM204');
});

test('VMM204: the fix lands in the VM even when its body is broken (half-typed, or an unclosed block last)', () => {
  for (const vm of ['vm web-1 at a { memory = 4GiB  e', 'vm web-1 at a { memory = 4GiB  t {']) {
    const source = topology.replace('vm web-1 at a { memory = 4GiB }', vm) + '\nmigrate web-1 to b\n';
    const { text } = fixed(source, 'VMM204', 'Insert dirty-rate');
    assert.ok(text.includes(vm.replace('{ memory', '{ dirty-rate = 100MB/s; memory')), text);
    expectNone(text, 'VMM204');
    assert.ok(diagnostics(text, 'VMM001').length <= diagnostics(source, 'VMM001').length);
  }
});
