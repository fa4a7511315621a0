import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../checker.js';
import { IncrementalParser } from '../syntax/incremental.js';

// The editor's checks (an incremental parser, so the model keeps what it can) patch the last model
// for an edit inside a vm or a migrate of a clean estate. What they give is compared with fresh
// checks in test/fuzz/reuse.test.ts; this pins that the fast path is taken at all, and when not.
const estate = (memory: string, extra = '') =>
  `site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\nvm app at a { memory = ${memory}  dirty-rate = 1MB/s  depends-on = db }\nvm db at a { memory = 8GiB  dirty-rate = 1MB/s }\n${extra}migrate app, db to b\n`;

test('build: an edit inside a vm patches the last model (the vms are the same map, the other vm the same object)', () => {
  const parser = new IncrementalParser();
  const first = check('/w/e.vmm', estate('4GiB'), { parser }).model;
  const second = check('/w/e.vmm', estate('16GiB'), { parser }).model;
  assert.equal(second.vms, first.vms);
  assert.equal(second.vms.get('app')?.memory, 16 * 2 ** 30);
  assert.equal(second.sites, first.sites);
  assert.deepEqual(
    second.intents.map((i) => i.vms),
    [['app', 'db']],
  );
});

test('build: a new declaration, or an estate with something to report, is built afresh', () => {
  const parser = new IncrementalParser();
  const first = check('/w/e.vmm', estate('4GiB'), { parser }).model;
  const added = check('/w/e.vmm', estate('4GiB', 'vm web at b { memory = 1GiB }\n'), { parser }).model;
  assert.notEqual(added.vms, first.vms);
  // `memory = 4` lacks its unit (VMM003): not patched, and the next edit is not patched from it either.
  const broken = check('/w/e.vmm', estate('4', 'vm web at b { memory = 1GiB }\n'), { parser });
  assert.deepEqual(
    broken.diagnostics.map((d) => d.code),
    ['VMM003'],
  );
  assert.notEqual(broken.model.vms, added.vms);
  const fixed = check('/w/e.vmm', estate('4GiB', 'vm web at b { memory = 1GiB }\n'), { parser }).model;
  assert.notEqual(fixed.vms, broken.model.vms);
});

test('build: with an imported topology, kept while its text is unchanged, edits are patched; a changed import is read again', () => {
  const files = new Map([['/w/topology.vmm', 'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\n']]);
  const fs = { readFile: (f: string) => files.get(f) };
  const root = (memory: string) =>
    `import "topology.vmm"\nvm app at a { memory = ${memory}  dirty-rate = 1MB/s  depends-on = db }\nvm db at a { memory = 8GiB  dirty-rate = 1MB/s }\nmigrate app, db to b\n`;
  const parser = new IncrementalParser();
  const imports = new Map();
  const run = (text: string) => check('/w/e.vmm', text, { parser, imports, fs, workspace: '/w' });
  const fresh = (text: string) => check('/w/e.vmm', text, { fs, workspace: '/w' }).diagnostics.map((d) => `${d.code} ${d.message}`);
  const first = run(root('4GiB'));
  const second = run(root('16GiB'));
  assert.equal(second.files[0], first.files[0]);
  assert.equal(second.model.vms, first.model.vms);
  assert.deepEqual(
    second.diagnostics.map((d) => `${d.code} ${d.message}`),
    fresh(root('16GiB')),
  );
  files.set('/w/topology.vmm', 'site a\nsite b\nlink a <-> b { rtt = 20ms  bandwidth = 1Gbps }\n');
  const third = run(root('16GiB'));
  assert.notEqual(third.files[0], first.files[0]);
  assert.notEqual(third.model.vms, first.model.vms);
  assert.deepEqual(
    third.diagnostics.map((d) => `${d.code} ${d.message}`),
    fresh(root('16GiB')),
  );
  assert.ok(third.diagnostics.length > 0, 'a 20 ms link is over the metro limits');
});

test('build: a vm kept from a build under other names is resolved again where its network no longer reaches its site', () => {
  const text = (sites: string) => `site a\nsite b\nnetwork lan { sites = ${sites} }\nvm x at a { memory = 4GiB  network = lan }\n`;
  const parser = new IncrementalParser();
  const codes = (t: string, p?: IncrementalParser) => check('/w/e.vmm', t, { parser: p }).diagnostics.map((d) => `${d.code} ${d.message}`);
  assert.deepEqual(codes(text('a'), parser), []);
  // The network moves to b: vm x, unchanged, is now at a site its network does not reach.
  assert.deepEqual(codes(text('b'), parser), codes(text('b')));
  assert.deepEqual(
    codes(text('b'), parser).filter((c) => c.startsWith('VMM008')),
    ["VMM008 vm 'x' is at a, but network 'lan' exists only at b"],
  );
});
