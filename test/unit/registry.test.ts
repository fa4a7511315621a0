import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rules } from '../../server/src/rules/registry.js';

const root = new URL('../../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const spec = readFileSync(new URL('../shared/spec/LANGUAGE.md', root), 'utf8');
const specRows = [...spec.matchAll(/^\| (VMM\d{3}) \| (\w+) \| (.*?) \| (.*?) \|$/gm)].map((m) => ({ code: m[1], severity: m[2] }));

test('the registry lists every rule of the spec, in code order, with its default severity', () => {
  assert.deepEqual(
    rules.map((r) => ({ code: r.code, severity: r.severity })),
    specRows,
  );
});

test('every rule has a one-line summary', () => {
  for (const r of rules) assert.ok(r.summary.length > 5 && !r.summary.includes('\n') && r.summary !== 'TODO', `${r.code} summary`);
});

test('every rule has its docs page, and every docs page a rule', () => {
  const pages = readdirSync(new URL('docs/rules/', root))
    .filter((f) => /^VMM\d{3}\.md$/.test(f))
    .map((f) => f.slice(0, -3));
  assert.deepEqual(pages.sort(), rules.map((r) => r.code).sort());
  for (const r of rules) {
    const page = readFileSync(new URL(`docs/rules/${r.code}.md`, root), 'utf8');
    assert.match(page, new RegExp(`^# ${r.code}`), `${r.code}.md starts with its code`);
    assert.match(page, /## How to silence/, `${r.code}.md says how to silence it`);
    assert.match(page, new RegExp(`vmm-ignore ${r.code}`), `${r.code}.md shows the ignore comment`);
  }
});

test('every rule has its severity setting, and every setting a rule', () => {
  const properties = pkg.contributes.configuration.properties as Record<string, { enum: string[]; default: string }>;
  const ruleKeys = Object.keys(properties).filter((k) => k.startsWith('vmm.rules.'));
  assert.deepEqual(ruleKeys.sort(), rules.map((r) => `vmm.rules.${r.code}`).sort());
  for (const r of rules) {
    const setting = properties[`vmm.rules.${r.code}`];
    assert.deepEqual(setting.enum, ['error', 'warning', 'info', 'off']);
    assert.equal(setting.default, r.severity, `${r.code} default severity`);
  }
});

test('every rule file has its test beside it', () => {
  for (const r of rules) assert.ok(existsSync(new URL(`server/src/rules/${r.code}.test.ts`, root)), `${r.code}.test.ts`);
});
