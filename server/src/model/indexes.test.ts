import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../checker.js';
import { DocumentSession } from '../session.js';
import { indexes } from './indexes.js';

const sites = 'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\n';
const estate = (appSite: string) =>
  `${sites}vm app at ${appSite} { memory = 8GiB  depends-on = db }\nvm db at a { memory = 32GiB  dirty-rate = 10MB/s }\nmigrate db to b\n`;
const warnings = (text: string, session?: DocumentSession) =>
  check('/w/e.vmm', text, { session })
    .diagnostics.filter((d) => d.code === 'VMM403')
    .map((d) => `${d.code} ${d.message}`);

test('indexes: a later model of the document holds the rebuilt vm, not its old self', () => {
  const parser = new DocumentSession();
  // db moves away from app, which depends on it and stays at a: VMM403.
  assert.deepEqual(warnings(estate('a'), parser), [
    "VMM403 vm 'db' moves from a to b, away from vm 'app' that depends on it, which stays at a: each call crosses the WAN, adding 2 ms RTT (a → b)",
  ]);
  // app now starts at b: no edge is broken.
  assert.deepEqual(warnings(estate('b'), parser), warnings(estate('b')));
  assert.deepEqual(warnings(estate('b'), parser), []);
  // And back.
  assert.deepEqual(warnings(estate('a'), parser), warnings(estate('a')));
});

test('indexes: two documents checked in turn each keep their own (same names, other objects)', () => {
  const one = new DocumentSession();
  const two = new DocumentSession();
  // The same estate open twice; in the second, app has moved to b.
  const first = check('/w/one.vmm', estate('a'), { session: one });
  assert.deepEqual(
    first.diagnostics.map((d) => d.code).filter((c) => c === 'VMM403'),
    ['VMM403'],
  );
  const second = check('/w/two.vmm', estate('b'), { session: two });
  assert.deepEqual(
    second.diagnostics.filter((d) => d.code === 'VMM403'),
    [],
  );
  // The first document's result still holds its own vms in its indexes (a hover or a plan on it reads them).
  const dependents = indexes(first.model).dependentsOf.get('db') ?? [];
  assert.deepEqual(dependents, ['app']);
  assert.equal(first.model.vms.get('app')?.site, 'a');
});

test('indexes: an edit of a service alone (the same vms, the same vm map) indexes its members again', () => {
  const session = new DocumentSession();
  const text = (members: string) => `${sites}vm app at a { memory = 8GiB }\nvm db at a { memory = 8GiB }\nservice shop { vms = ${members} }\n`;
  const before = check('/w/e.vmm', text('app'), { session }).model;
  assert.deepEqual(
    indexes(before)
      .servicesOf.get('app')
      ?.map((s) => s.name),
    ['shop'],
  );
  const after = check('/w/e.vmm', text('db'), { session }).model;
  // The vms were all kept: the builder hands over the last model's map of them.
  assert.equal(after.vms, before.vms);
  assert.notEqual(after.services, before.services);
  assert.equal(indexes(after).servicesOf.get('app'), undefined);
  assert.deepEqual(
    indexes(after)
      .servicesOf.get('db')
      ?.map((s) => s.name),
    ['shop'],
  );
});
