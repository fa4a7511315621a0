import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../checker.js';
import { checkText, diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `site a
site b
link a <-> b { rtt = 1ms  bandwidth = 10Gbps }
vm web-1 at a { memory = 4GiB }
vm web-2 at a { memory = 4GiB }
`;

test('VMM004: a second declaration of a name, on the second name, pointing at the first', () => {
  expectDiagnostics('site a\nsite b\nsite [|a|] { region = "eu" }', 'VMM004', ["duplicate site 'a' (first declared at test.vmm:1)"]);
  expectDiagnostics(`${topology}vm [|web-1|] at b { memory = 8GiB }`, 'VMM004', ["duplicate vm 'web-1' (first declared at test.vmm:4)"]);
  expectDiagnostics('policy p\npolicy [|p|] { profile = kvm }', 'VMM004', ["duplicate policy 'p' (first declared at test.vmm:1)"]);
});

test('VMM004: the first declaration is the one that counts', () => {
  const result = checkText('site a\nsite b\nvm web at a { memory = 4GiB }\nvm web at b { memory = 8GiB }');
  assert.equal(result.model.vms.get('web')?.site, 'a');
  assert.equal(result.model.vms.get('web')?.memory, 4 * 2 ** 30);
});

test('VMM004: vms and services share one namespace; other kinds do not', () => {
  expectDiagnostics(`${topology}service [|web-1|] { vms = web-2 }`, 'VMM004', [
    "duplicate name 'web-1': a vm has it (first declared at test.vmm:4); vms and services share one namespace",
  ]);
  // A site, a network and a datastore may all be called `a`.
  expectNone('site a\nnetwork a { sites = a }\ndatastore a at a', 'VMM004');
});

test('VMM004: a second unnamed policy', () => {
  expectDiagnostics('policy { profile = metro }\npolicy p { profile = kvm }\n[|policy|] { profile = hcx }', 'VMM004', [
    'a second unnamed policy (the first is at test.vmm:1); name this one and use it with policy = NAME',
  ]);
  // The first unnamed policy stays the default.
  assert.equal(checkText('policy { profile = kvm }\npolicy { profile = hcx }').model.defaultPolicy.profile, 'kvm');
});

test('VMM004: two links between the same two sites, in either order', () => {
  expectDiagnostics(`${topology}[|link a <-> b|] { rtt = 2ms  bandwidth = 1Gbps }`, 'VMM004', [
    'duplicate link between a and b (first declared at test.vmm:3)',
  ]);
  expectDiagnostics(`${topology}[|link b <-> a|] { rtt = 2ms  bandwidth = 1Gbps }`, 'VMM004', [
    'duplicate link between b and a (first declared at test.vmm:3)',
  ]);
  // Only the first link is in the model.
  assert.equal(checkText(`${topology}link b <-> a { rtt = 2ms  bandwidth = 1Gbps }`).model.links.length, 1);
  expectNone(`${topology}site c\nlink b <-> c { rtt = 2ms  bandwidth = 1Gbps }\nlink c <-> a { rtt = 2ms  bandwidth = 1Gbps }`, 'VMM004');
});

test('VMM004: both `at` and `site =` on one declaration, with the fix that removes `site =`', () => {
  expectDiagnostics('site a\nsite b\nvm web at a { memory = 4GiB  [|site|] = b }', 'VMM004', ["vm 'web' is placed twice: both 'at a' and 'site ='; keep one"]);
  expectDiagnostics('site a\ndatastore d at a { [|site|] = a }', 'VMM004', ["datastore 'd' is placed twice: both 'at a' and 'site ='; keep one"]);
  const { text, fix } = fixed('site a\nsite b\nvm web at a { memory = 4GiB  site = b }', 'VMM004', 'Remove');
  assert.equal(fix.title, "Remove 'site ='");
  assert.equal(text, 'site a\nsite b\nvm web at a { memory = 4GiB }');
  assert.equal(fixed('site a\nvm web at a {\n  memory = 4GiB\n  site = a\n}', 'VMM004', 'Remove').text, 'site a\nvm web at a {\n  memory = 4GiB\n}');
  expectNone(text, 'VMM004');
  expectNone(text, 'VMM001');
  // A comment inside the removed attribute stays where it was.
  assert.equal(
    fixed('site a\nsite b\nvm web at a { memory = 4GiB  site = /* primary */ b }', 'VMM004', 'Remove').text,
    'site a\nsite b\nvm web at a { memory = 4GiB  /* primary */ }',
  );
  const lineComment = fixed('site a\nvm web at a {\n  memory = 4GiB\n  site = // moved later\n    a\n}', 'VMM004', 'Remove').text;
  assert.equal(lineComment, 'site a\nvm web at a {\n  memory = 4GiB\n  // moved later\n}');
  expectNone(lineComment, 'VMM001');
  const followed = fixed('site a\nvm web at a {\n  site = // moved later\n    a  memory = 4GiB\n}', 'VMM004', 'Remove').text;
  assert.equal(followed, 'site a\nvm web at a {\n  // moved later\n    memory = 4GiB\n}');
  assert.equal(checkText(followed).model.vms.get('web')?.memory, 4 * 2 ** 30);
  // `at` wins: the VM is at a.
  assert.equal(checkText('site a\nsite b\nvm web at a { memory = 4GiB  site = b }').model.vms.get('web')?.site, 'a');
});

test('VMM004: a VM targeted by a second intent, on the target that brought it in', () => {
  expectDiagnostics(`${topology}site c\nmigrate web-1 to b\nmigrate [|web-1|] to c`, 'VMM004', ["vm 'web-1' is already moved by the migrate at test.vmm:7"]);
  // Through a glob: one diagnostic per VM already moved, each naming the VM.
  expectDiagnostics(`${topology}migrate web-1, web-2 to b\nmigrate [|[|web-*|]|] to b { method = cold }`, 'VMM004', [
    "vm 'web-1' is already moved by the migrate at test.vmm:6",
    "vm 'web-2' is already moved by the migrate at test.vmm:6",
  ]);
  // Through a service.
  expectDiagnostics(`${topology}service front { vms = web-* }\nmigrate web-2 to b\nmigrate [|service front|] to b`, 'VMM004', [
    "vm 'web-2' is already moved by the migrate at test.vmm:7",
  ]);
  // The second intent keeps the VMs nobody else moves.
  const result = checkText(`${topology}migrate web-1 to b\nmigrate web-* to b`);
  assert.deepEqual(
    result.model.intents.map((i) => i.vms),
    [['web-1'], ['web-2']],
  );
});

test('VMM004: the same VM twice in one target list is merged silently', () => {
  const text = `${topology}service front { vms = web-* }\nmigrate web-1, web-1, web-*, service front to b`;
  expectNone(text, 'VMM004');
  assert.deepEqual(checkText(text).model.intents[0].vms, ['web-1', 'web-2']);
});

test('VMM004: a VM already at the target is not "moved" and does not count as moved twice', () => {
  expectNone(`${topology}migrate web-1 to a\nmigrate web-1 to b`, 'VMM004');
});

test('VMM004: a duplicate attribute or block, on the second one; the first value counts', () => {
  expectDiagnostics('site a\nvm web at a { memory = 4GiB  [|memory|] = 8GiB }', 'VMM004', ["duplicate attribute 'memory' in vm"]);
  expectDiagnostics('site a { capacity { memory = 1TiB } [|capacity|] { vcpus = 8 } }', 'VMM004', ["duplicate block 'capacity' in site"]);
  expectDiagnostics('site a { capacity { memory = 1TiB  [|memory|] = 2TiB } }', 'VMM004', ["duplicate attribute 'memory' in capacity block"]);
  assert.equal(checkText('site a\nvm web at a { memory = 4GiB  memory = 8GiB }').model.vms.get('web')?.memory, 4 * 2 ** 30);
});

test('VMM004: a name declared in an imported file and again here points at the other file', () => {
  const fs = { readFile: (p: string) => (p === '/workspace/sites.vmm' ? 'site a\nsite b\n' : undefined) };
  const result = check('/workspace/main.vmm', 'import "sites.vmm"\nsite b', { workspace: '/workspace', fs });
  assert.deepEqual(
    result.diagnostics.filter((d) => d.code === 'VMM004').map((d) => ({ text: result.file.text.slice(d.span.start, d.span.end), message: d.message })),
    [{ text: 'b', message: "duplicate site 'b' (first declared at sites.vmm:2)" }],
  );
});

test('VMM004: not reported for distinct declarations', () => {
  expectNone(
    `${topology}site c\nlink b <-> c { rtt = 1ms  bandwidth = 1Gbps }\nmigrate web-1 to b\nmigrate web-2 to c\npolicy { profile = metro }\npolicy far { profile = hcx }`,
    'VMM004',
  );
  assert.deepEqual(diagnostics(topology, 'VMM004'), []);
});
