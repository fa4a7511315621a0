import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { outline, type OutlineSymbol } from './outline.js';

/** An entry as the outline shows it: `name (kind: detail)`, its children indented below. */
function shown(symbols: OutlineSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name} (${s.kind}${s.detail !== undefined ? `: ${s.detail}` : ''})`,
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
  assert.deepEqual(shown(outline(checkText(text).file)), [
    'common.vmm (import: import)',
    '(default policy) (policy: policy)',
    '  profile (attribute: metro)',
    'wan (policy: policy)',
    '  profile (attribute: hcx)',
    'a (site: site)',
    '  region (attribute: "eu")',
    '  capacity (block)',
    '    memory (attribute: 1TiB)',
    '    vcpus (attribute: 64)',
    'b (site: site)',
    'a <-> b (link: link)',
    '  rtt (attribute: 2ms)',
    '  bandwidth (attribute: 10Gbps)',
    'shop (service: service)',
    '  vms (attribute: web, db)',
    'web (vm: vm)',
    'db (vm: vm)',
    'web, service shop → b (migrate: migrate)',
    '  method (attribute: live)',
  ]);
});

test('outline: a half-typed declaration is listed with ? for what is missing', () => {
  assert.deepEqual(shown(outline(checkText('link a <->\nmigrate web to').file)), ['a <-> ? (link: link)', 'web → ? (migrate: migrate)']);
});

test('outline: the range holds the declaration, the selection its name (its header when unnamed)', () => {
  const [site, migrate] = outline(checkText('site a {\n  region = "eu"\n}\nmigrate a to b').file);
  assert.deepEqual(site.range, { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } });
  assert.deepEqual(site.selectionRange, { start: { line: 0, character: 5 }, end: { line: 0, character: 6 } });
  assert.deepEqual(migrate.selectionRange, { start: { line: 3, character: 0 }, end: { line: 3, character: 14 } });
});
