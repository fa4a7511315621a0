import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../checker.js';
import { DocumentSession } from '../session.js';

// The editor's checks (one session per document) keep every entity whose declaration and whatever
// it resolved and read are unchanged. What they give is compared with fresh checks in
// test/fuzz/reuse.test.ts; this pins that entities are kept at all, and when not.
const estate = (memory: string, extra = '') =>
  `site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\nvm app at a { memory = ${memory}  dirty-rate = 1MB/s  depends-on = db }\nvm db at a { memory = 8GiB  dirty-rate = 1MB/s }\n${extra}migrate app, db to b\n`;

test('build: an edit inside a vm builds that vm again and keeps every other entity', () => {
  const session = new DocumentSession();
  const first = check('/w/e.vmm', estate('4GiB'), { session }).model;
  const second = check('/w/e.vmm', estate('16GiB'), { session }).model;
  assert.notEqual(second, first);
  assert.equal(second.vms.get('db'), first.vms.get('db'));
  assert.notEqual(second.vms.get('app'), first.vms.get('app'));
  assert.equal(second.vms.get('app')?.memory, 16 * 2 ** 30);
  assert.equal(first.vms.get('app')?.memory, 4 * 2 ** 30, 'the first model is not changed by the second build');
  assert.equal(second.sites.get('a'), first.sites.get('a'));
  assert.equal(second.links[0], first.links[0]);
  assert.deepEqual(
    second.intents.map((i) => i.vms),
    [['app', 'db']],
  );
});

test('build: a new name keeps the entities whose names still resolve the same; an entity with something to report is not kept', () => {
  const session = new DocumentSession();
  const first = check('/w/e.vmm', estate('4GiB'), { session }).model;
  const added = check('/w/e.vmm', estate('4GiB', 'vm web at b { memory = 1GiB }\n'), { session }).model;
  assert.equal(added.vms.get('app'), first.vms.get('app'), "app's depends-on still names the same vm");
  // `memory = 4` lacks its unit (VMM003): that vm is built anew, and again after the fix.
  const broken = check('/w/e.vmm', estate('4', 'vm web at b { memory = 1GiB }\n'), { session });
  assert.deepEqual(
    broken.diagnostics.map((d) => d.code),
    ['VMM003'],
  );
  assert.notEqual(broken.model.vms.get('app'), added.vms.get('app'));
  assert.equal(broken.model.vms.get('app')?.memory, undefined, 'a bad value is left out of the model (spec §10)');
  const fixed = check('/w/e.vmm', estate('4GiB', 'vm web at b { memory = 1GiB }\n'), { session }).model;
  assert.notEqual(fixed.vms.get('app'), broken.model.vms.get('app'));
  // db's declaration was parsed again when web came after it (what follows a chunk is part of its key).
  assert.equal(fixed.vms.get('db'), added.vms.get('db'));
});

test('build: a glob is resolved again when the names it matches against change', () => {
  const text = (extra: string) => `site a\nsite b\nvm web-1 at a { memory = 1GiB }\n${extra}service web { vms = web-* }\n`;
  const session = new DocumentSession();
  const first = check('/w/e.vmm', text(''), { session }).model;
  const second = check('/w/e.vmm', text('vm web-2 at a { memory = 1GiB }\n'), { session }).model;
  assert.notEqual(second.services.get('web'), first.services.get('web'));
  assert.deepEqual(second.services.get('web')?.vms, ['web-1', 'web-2']);
});

test('build: with an imported topology, kept while its text is unchanged; a changed import is read again', () => {
  const files = new Map([['/w/topology.vmm', 'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\n']]);
  const fs = { readFile: (f: string) => files.get(f) };
  const root = (memory: string) =>
    `import "topology.vmm"\nvm app at a { memory = ${memory}  dirty-rate = 1MB/s  depends-on = db }\nvm db at a { memory = 8GiB  dirty-rate = 1MB/s }\nmigrate app, db to b\n`;
  const session = new DocumentSession();
  const run = (text: string) => check('/w/e.vmm', text, { session, fs, workspace: '/w' });
  const fresh = (text: string) => check('/w/e.vmm', text, { fs, workspace: '/w' }).diagnostics.map((d) => `${d.code} ${d.message}`);
  const first = run(root('4GiB'));
  const second = run(root('16GiB'));
  assert.equal(second.files[0], first.files[0]);
  assert.equal(second.model.links[0], first.model.links[0]);
  assert.deepEqual(
    second.diagnostics.map((d) => `${d.code} ${d.message}`),
    fresh(root('16GiB')),
  );
  files.set('/w/topology.vmm', 'site a\nsite b\nlink a <-> b { rtt = 20ms  bandwidth = 1Gbps }\n');
  const third = run(root('16GiB'));
  assert.notEqual(third.files[0], first.files[0]);
  assert.notEqual(third.model.links[0], first.model.links[0]);
  assert.deepEqual(
    third.diagnostics.map((d) => `${d.code} ${d.message}`),
    fresh(root('16GiB')),
  );
  assert.ok(third.diagnostics.length > 0, 'a 20 ms link is over the metro limits');
});

test('build: a kept vm is built again where its network no longer reaches its site', () => {
  const text = (sites: string) => `site a\nsite b\nnetwork lan { sites = ${sites} }\nvm x at a { memory = 4GiB  network = lan }\n`;
  const session = new DocumentSession();
  const codes = (t: string, s?: DocumentSession) => check('/w/e.vmm', t, { session: s }).diagnostics.map((d) => `${d.code} ${d.message}`);
  assert.deepEqual(codes(text('a'), session), []);
  // The network moves to b: vm x, unchanged, is now at a site its network does not reach.
  assert.deepEqual(codes(text('b'), session), codes(text('b')));
  assert.deepEqual(
    codes(text('b'), session).filter((c) => c.startsWith('VMM008')),
    ["VMM008 vm 'x' is at a, but network 'lan' exists only at b"],
  );
});

test('build: a kind whose entities are all kept keeps its collections; a name declared twice after a clean build is VMM004 as in a fresh check', () => {
  const session = new DocumentSession();
  const first = check('/w/e.vmm', estate('4GiB'), { session }).model;
  const second = check('/w/e.vmm', estate('16GiB'), { session }).model;
  assert.equal(second.sites, first.sites, 'no site changed: the same map');
  assert.equal(second.links, first.links);
  assert.notEqual(second.vms, first.vms, 'a vm changed: a new map');
  const codes = (text: string, s?: DocumentSession) =>
    check('/w/e.vmm', text, { session: s }).diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`);
  // The same names up to the duplicate, then a vm named like one before it, then one named like a service.
  const twice = estate('16GiB', 'vm app at b { memory = 1GiB }\nservice db { vms = app }\n');
  assert.deepEqual(codes(twice, session), codes(twice));
  assert.deepEqual(
    codes(twice).filter((c) => c.startsWith('VMM004')),
    [
      "VMM004 5:3 duplicate vm 'app' (first declared at e.vmm:4)",
      "VMM004 6:8 duplicate name 'db': a vm has it (first declared at e.vmm:5); vms and services share one namespace",
    ],
  );
  // And back: the duplicates gone, nothing is left of them.
  assert.deepEqual(codes(estate('16GiB'), session), codes(estate('16GiB')));
});
