import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { outline, type OutlineItem } from './outline.js';

/** An entry as the outline shows it: `name (kind: detail)`, its children indented below. */
function shown(symbols: OutlineItem[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name} (${s.symbol}${s.detail !== undefined ? `: ${s.detail}` : ''})`,
    ...shown(s.children ?? [], depth + 1),
  ]);
}

test('outline: each declaration by its name or label, with its attributes and blocks', () => {
  const text = [
    'import "common.vmm"',
    'policy { profile = metro }',
    'policy wan { profile = hcx }',
    'site a { region = "eu"; capacity { memory = 1TiB; vcpus = 64 } }',
    'site b',
    'link a <-> b { rtt = 2ms; bandwidth = 10Gbps }',
    'service shop { vms = web, db }',
    'vm web at a',
    'vm db at a',
    'migrate web, service shop to b { method = live }',
  ].join('\n');
  assert.deepEqual(shown(outline(checkText(text))), [
    'common.vmm (File: import)',
    '(default policy) (Object: policy)',
    '  profile (Property: metro)',
    'wan (Object: policy)',
    '  profile (Property: hcx)',
    'a (Namespace: site)',
    '  region (Property: "eu")',
    '  capacity (Object)',
    '    memory (Property: 1TiB)',
    '    vcpus (Property: 64)',
    'b (Namespace: site)',
    'a <-> b (Interface: link)',
    '  rtt (Property: 2ms)',
    '  bandwidth (Property: 10Gbps)',
    'shop (Package: service)',
    '  vms (Property: web, db)',
    'web (Class: vm)',
    'db (Class: vm)',
    'web, service shop → b (Event: migrate)',
    '  method (Property: live)',
  ]);
});

test('outline: a half-typed declaration is listed with ? for what is missing', () => {
  assert.deepEqual(shown(outline(checkText('link a <->\nmigrate web to'))), ['a <-> ? (Interface: link)', 'web → ? (Event: migrate)']);
});

test('outline: the range holds the declaration, the selection its name (its header when unnamed)', () => {
  const text = 'site a {\n  region = "eu"\n}\nmigrate a to b';
  const [site, migrate] = outline(checkText(text));
  assert.deepEqual([text.slice(site.span.start, site.span.end), text.slice(site.selection.start, site.selection.end)], ['site a {\n  region = "eu"\n}', 'a']);
  assert.equal(text.slice(migrate.selection.start, migrate.selection.end), 'migrate a to b');
});
