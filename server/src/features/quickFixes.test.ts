import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, type CheckOptions } from '../checker.js';
import type { Rule } from '../rules/rule.js';
import { DocumentSession } from '../session.js';
import { applyFix } from '../testing.js';
import { fixAllIn, quickFixes } from './quickFixes.js';

const PATH = '/workspace/test.vmm';

function lightbulb(text: string, code: string, options: CheckOptions = {}) {
  const opts = { workspace: '/workspace', session: new DocumentSession(), ...options };
  const result = check(PATH, text, opts);
  const indexes = result.diagnostics.flatMap((d, i) => (d.code === code ? [i] : []));
  assert.ok(indexes.length > 0, `no ${code} in: ${result.diagnostics.map((d) => d.code).join(' ')}`);
  return { result, fixes: quickFixes(result, indexes, opts) };
}

const topology = `
site a { location = 40.71, -74.0 }
site b { location = 41.88, -87.63 }
link a <-> b { rtt = 35ms  bandwidth = 10Gbps }
vm web at a { memory = 16GiB  disk = 100GiB }
`;

test('verified fixes: a fix that leaves nothing says the intent is clean; "Silence" comes last', () => {
  const { fixes } = lightbulb(`${topology}migrate web to b`, 'VMM101');
  assert.deepEqual(
    fixes.map((f) => f.title),
    ['Use cold migration: ≈ 3 m 35 s offline, 100 GiB copied, no RTT limit — leaves the intent clean', 'Silence VMM101 here'],
  );
  assert.equal(fixes[0].group, 0);
  assert.equal(fixes[0].preferred, true);
});

test('verified fixes: a fix that pushes the intent past its window says what it adds, with the figures', () => {
  // Cold: 100 GiB at 1.125 GB/s = 95.4 s + 2 min restart = 3 m 35 s, beyond a 2 m window (VMM203).
  const { fixes } = lightbulb(`${topology}migrate web to b { window = 2m }`, 'VMM101');
  assert.equal(fixes[0].group, 1);
  assert.match(fixes[0].title, /^Use cold migration: ≈ 3 m 35 s offline, 100 GiB copied, no RTT limit — adds VMM203 \(/);
  assert.match(fixes[0].title, /3 m 35 s/);
  assert.equal(fixes[0].preferred, undefined, 'only a fix that leaves nothing is preferred');
});

test('verified fixes: a fix whose own diagnostic survives the re-check is not offered', () => {
  // A rule (for this test only) whose fix adds a comment: the site is still reported after it.
  const broken: Rule = {
    code: 'VMM999',
    severity: 'warning',
    summary: 'test rule',
    check({ model, report }) {
      for (const site of model.sites.values()) {
        const edit = { file: site.file.path, span: { start: site.declaration.span.end, end: site.declaration.span.end }, newText: ' // fixed?' };
        const good = {
          file: site.file.path,
          span: { start: site.declaration.span.start, end: site.declaration.span.start },
          newText: '// vmm-ignore VMM999 ok\n',
        };
        report(site, site.declaration.span, `site ${site.name}`, [
          { title: 'Pretend to fix', edits: [edit] },
          { title: 'Really fix', edits: [good] },
        ]);
      }
    },
  };
  const { fixes } = lightbulb('site a\n', 'VMM999', { extraRules: [broken] });
  assert.deepEqual(
    fixes.map((f) => f.title),
    ['Really fix — leaves the site clean', 'Silence VMM999 here'],
  );
});

test('verified fixes: a change from cold to routed keeps the disk copy the cold default made, and drops address = keep', () => {
  const estate = `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
network app { sites = a, b }
vm web at a { memory = 16GiB  disk = 40GiB  network = app }
`;
  const text = `${estate}migrate web to b {\n  method = cold\n  address = keep\n}`;
  const { fixes } = lightbulb(text, 'VMM401');
  const routed = fixes.find((f) => f.title.startsWith('Use routed L3 migration'));
  assert.ok(routed, fixes.map((f) => f.title).join(' | '));
  assert.equal(applyFix(text, routed), `${estate}migrate web to b {\n  method = routed\n  storage = move\n}`);
  // Its time counts the 40 GiB copy: 42949672960 B at 1.125 GB/s = 38.2 s before the memory.
  assert.match(routed.title, /^Use routed L3 migration: new IP and DNS update, ≈ /);
});

test('verified fixes: the same edits offered on two diagnostics are offered once', () => {
  const text = `${topology}vm app at a { memory = 8GiB  disk = 10GiB }\nmigrate web, app to b`;
  const { fixes } = lightbulb(text, 'VMM101');
  const titles = fixes.map((f) => f.title);
  assert.equal(new Set(titles).size, titles.length, titles.join(' | '));
});

test('Fix all: applies each first-group fix in document order, re-checking after each, never "Silence"', () => {
  const text = `${topology}vm db at a { memory = 8GiB  disk = 10GiB }\nmigrate web to b\nmigrate db to b { window = 1s }`;
  const opts = { workspace: '/workspace', session: new DocumentSession() };
  const result = check(PATH, text, opts);
  const { steps, edits, after } = fixAllIn(result, opts);
  // web's VMM101 has a clean fix (cold); db's cold fix would add VMM203 (its 1 s window): left alone.
  assert.deepEqual(
    steps.map((s) => s.diagnostic.code),
    ['VMM101'],
  );
  const fixed = applyFix(text, { title: '', edits });
  assert.equal(fixed, `${topology}vm db at a { memory = 8GiB  disk = 10GiB }\nmigrate web to b {\n  method = cold\n}\nmigrate db to b { window = 1s }`);
  assert.equal(after.texts.get(PATH), fixed);
  assert.deepEqual(
    check(PATH, fixed, { workspace: '/workspace' })
      .diagnostics.map((d) => d.code)
      .filter((c) => c === 'VMM101'),
    ['VMM101'],
  );
});
