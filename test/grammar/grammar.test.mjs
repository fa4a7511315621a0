// Scope tests for grammar/vmm.tmLanguage.json, run with `node --test test/grammar/`.
// Needs the devDependencies vscode-textmate and vscode-oniguruma; no network.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const grammarPath = path.join(root, 'grammar', 'vmm.tmLanguage.json');

/** @type {import('vscode-textmate').IGrammar} */
let grammar;

before(async () => {
  // node_modules/vscode-oniguruma/release/main.js sits next to release/onig.wasm
  const wasmPath = path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm');
  const wasm = readFileSync(wasmPath);
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => (scopeName === 'source.vmm' ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  grammar = await registry.loadGrammar('source.vmm');
  assert.ok(grammar, 'grammar source.vmm loaded');
});

/**
 * Tokenizes `source` (one or more lines) and returns the scopes of the token(s) covering the
 * `occurrence`-th occurrence (0-based) of `substring`. Fails when the substring is split across
 * tokens with different scopes, so the result is the scope list of the whole substring.
 */
function scopesOf(source, substring, occurrence = 0) {
  let seen = 0;
  let ruleStack = vsctm.INITIAL;
  for (const line of source.split('\n')) {
    const { tokens, ruleStack: next } = grammar.tokenizeLine(line, ruleStack);
    ruleStack = next;
    for (let from = line.indexOf(substring); from !== -1; from = line.indexOf(substring, from + 1)) {
      if (seen++ !== occurrence) continue;
      const to = from + substring.length;
      const covering = tokens.filter((t) => t.startIndex < to && t.endIndex > from);
      const distinct = new Set(covering.map((t) => t.scopes.join(' ')));
      assert.equal(distinct.size, 1, `"${substring}" in "${line}" spans tokens with different scopes:\n  ${[...distinct].join('\n  ')}`);
      return covering[0].scopes;
    }
  }
  throw new Error(`"${substring}" (occurrence ${occurrence}) not found in:\n${source}`);
}

/** Asserts that the innermost scope of `substring` in `source` is exactly `expected`. */
function assertScope(source, substring, expected, occurrence = 0) {
  const scopes = scopesOf(source, substring, occurrence);
  assert.equal(scopes[0], 'source.vmm');
  assert.equal(scopes.at(-1), expected, `"${substring}" (occurrence ${occurrence}) has scopes: ${scopes.join(' ')}`);
  return scopes;
}

test('line and block comments', () => {
  assertScope('// a comment', 'a comment', 'comment.line.double-slash.vmm');
  assertScope('// a comment', '//', 'punctuation.definition.comment.vmm');
  assertScope('vm a at dc1 // trailing note', 'trailing note', 'comment.line.double-slash.vmm');
  assertScope('/* one\n   two */ site dc1', 'two', 'comment.block.vmm');
  assertScope('/* one\n   two */ site dc1', 'site', 'keyword.declaration.vmm');
  assertScope('  rtt = /* note */ 5ms', 'note', 'comment.block.vmm');
});

test('vmm-ignore directive and its rule code inside a line comment', () => {
  const src = '// vmm-ignore VMM401 gateway moves next week\nmigrate web-01 to dc-west';
  const directive = assertScope(src, 'vmm-ignore', 'keyword.other.directive.vmm-ignore.vmm');
  assert.ok(directive.includes('comment.line.double-slash.vmm'));
  const code = assertScope(src, 'VMM401', 'constant.other.rule-code.vmm');
  assert.ok(code.includes('comment.line.double-slash.vmm'));
  assertScope(src, 'gateway moves', 'comment.line.double-slash.vmm');
  assertScope(src, 'migrate', 'keyword.declaration.vmm');
  // only a directive as the first word of the comment
  assertScope('// see vmm-ignore VMM401', 'vmm-ignore', 'comment.line.double-slash.vmm');
});

test('declaration keyword at line start; the same word before = is an attribute name', () => {
  const src = [
    'site dc-east {',
    '  region = "us-east"',
    '}',
    'datastore ds1 {',
    '  site = dc-east',
    '}',
    '  vm web-01 at dc-east {',
    '    network = net-web',
    '  }',
  ].join('\n');
  assertScope(src, 'site', 'keyword.declaration.vmm', 0);
  assertScope(src, 'dc-east', 'entity.name.type.vmm', 0);
  assertScope(src, 'datastore', 'keyword.declaration.vmm');
  assertScope(src, 'ds1', 'entity.name.type.vmm');
  const attr = assertScope(src, 'site', 'variable.other.property.vmm', 1);
  assert.ok(!attr.includes('keyword.declaration.vmm'));
  assertScope(src, '=', 'punctuation.separator.key-value.vmm', 1);
  assertScope(src, 'dc-east', 'variable.other.reference.vmm', 1);
  assertScope(src, 'vm', 'keyword.declaration.vmm');
  assertScope(src, 'web-01', 'entity.name.type.vmm');
  assertScope(src, 'at', 'keyword.operator.vmm', 1); // occurrence 0 is inside 'datastore'
  assertScope(src, 'dc-east', 'entity.name.type.vmm', 2);
  assertScope(src, 'network', 'variable.other.property.vmm');
  assertScope(src, '{', 'punctuation.section.block.begin.vmm');
  assertScope(src, '}', 'punctuation.section.block.end.vmm');
  // a keyword that is not where a declaration starts is an ordinary identifier
  assertScope('  gateway = site', 'site', 'variable.other.reference.vmm');
  // a keyword-prefixed identifier is not a keyword
  assertScope('  site-name = 1', 'site-name', 'variable.other.property.vmm');
});

test('link line with <->', () => {
  const src = 'link dc-east <-> dc-west {\n  rtt = 5ms\n}';
  assertScope(src, 'link', 'keyword.declaration.vmm');
  assertScope(src, 'dc-east', 'entity.name.type.vmm');
  assertScope(src, '<->', 'keyword.operator.vmm');
  assertScope(src, 'dc-west', 'entity.name.type.vmm');
  assertScope(src, 'rtt', 'variable.other.property.vmm');
});

test('migrate line: targets, service, to', () => {
  const src = 'migrate web-01, service shop, app.tier1 to dc-west {\n  method = cold\n}';
  assertScope(src, 'migrate', 'keyword.declaration.vmm');
  assertScope(src, 'web-01', 'entity.name.function.vmm');
  assertScope(src, ',', 'punctuation.separator.comma.vmm');
  assertScope(src, 'service', 'keyword.other.service.vmm');
  assertScope(src, 'shop', 'entity.name.function.vmm');
  assertScope(src, 'app.tier1', 'entity.name.function.vmm');
  assertScope(src, 'to', 'keyword.operator.vmm');
  assertScope(src, 'dc-west', 'entity.name.type.vmm');
  // targets continued on the next lines
  const multi = 'migrate web-01,\n  service shop\n  to dc-west';
  assertScope(multi, 'service', 'keyword.other.service.vmm');
  assertScope(multi, 'shop', 'entity.name.function.vmm');
  assertScope(multi, 'to', 'keyword.operator.vmm');
  assertScope(multi, 'dc-west', 'entity.name.type.vmm');
});

test('quantity 10ms is a number plus a unit', () => {
  const src = 'link a <-> b {\n  rtt = 10ms\n}';
  assertScope(src, '10', 'constant.numeric.vmm');
  assertScope(src, 'ms', 'keyword.other.unit.vmm');
});

test('quantity 1.5Gbps', () => {
  assertScope('  bandwidth = 1.5Gbps', '1.5', 'constant.numeric.vmm');
  assertScope('  bandwidth = 1.5Gbps', 'Gbps', 'keyword.other.unit.vmm');
});

test('quantity 90% and other units', () => {
  assertScope('  efficiency = 90%', '90', 'constant.numeric.vmm');
  assertScope('  efficiency = 90%', '%', 'keyword.other.unit.vmm');
  assertScope('  memory = 64GiB', 'GiB', 'keyword.other.unit.vmm');
  assertScope('  dirty-rate = 250MB/s', '250', 'constant.numeric.vmm');
  assertScope('  dirty-rate = 250MB/s', 'MB/s', 'keyword.other.unit.vmm');
  assertScope('  max-downtime = 300ms', 'ms', 'keyword.other.unit.vmm');
  assertScope('  distance = 120km', 'km', 'keyword.other.unit.vmm');
  // digits followed by letters are one quantity; an unknown unit is marked
  assertScope('  rtt = 10xs', 'xs', 'invalid.illegal.unit.vmm');
});

test('plain numbers', () => {
  assertScope('  vcpus = 8', '8', 'constant.numeric.vmm');
  assertScope('  location = 40.71, -74.01', '40.71', 'constant.numeric.vmm');
  assertScope('  location = 40.71, -74.01', '-74.01', 'constant.numeric.vmm');
});

test('string with an escaped quote', () => {
  const src = '  region = "us \\"east\\" 1"';
  assertScope(src, '"', 'punctuation.definition.string.begin.vmm');
  assertScope(src, 'us', 'string.quoted.double.vmm');
  assertScope(src, '\\"', 'constant.character.escape.vmm');
  assertScope(src, 'east', 'string.quoted.double.vmm');
  assertScope('import "common.vmm"', 'import', 'keyword.declaration.vmm');
  assertScope('import "common.vmm"', 'common.vmm', 'string.quoted.double.vmm');
});

test('booleans', () => {
  assertScope('  scalable = true', 'true', 'constant.language.boolean.vmm');
  assertScope('  encrypted = false', 'false', 'constant.language.boolean.vmm');
});

test('enum values after =', () => {
  assertScope('  method = live', 'live', 'support.constant.vmm');
  assertScope('  l2-extension = vxlan-evpn', 'vxlan-evpn', 'support.constant.vmm');
  assertScope('  reason = follow-the-sun', 'follow-the-sun', 'support.constant.vmm');
  assertScope('  profile = vmware-long-distance', 'vmware-long-distance', 'support.constant.vmm');
  // an enum word that is a name, not a value
  assertScope('vm live at dc1', 'live', 'entity.name.type.vmm');
  // an identifier that merely starts with an enum word is not an enum value
  assertScope('  network = live-net', 'live-net', 'variable.other.reference.vmm');
});

test('glob web-*', () => {
  assertScope('  vms = web-*, db-01', 'web-*', 'variable.other.glob.vmm');
  assertScope('  vms = web-*, db-01', 'db-01', 'variable.other.reference.vmm');
  assertScope('migrate web-* to dc-west', 'web-*', 'variable.other.glob.vmm');
});

test('block name before {', () => {
  const src = 'site dc1 {\n  capacity {\n    memory = 2TiB\n  }\n}';
  assertScope(src, 'capacity', 'entity.name.section.vmm');
  assertScope(src, 'memory', 'variable.other.property.vmm');
  assertScope('  replication { target = ds2  mode = sync }', 'replication', 'entity.name.section.vmm');
  assertScope('  replication { target = ds2  mode = sync }', 'sync', 'support.constant.vmm');
  assertScope('  replication { target = ds2  mode = sync }', 'mode', 'variable.other.property.vmm');
});

test('punctuation', () => {
  const src = 'vm a { memory = 8GiB; depends-on = b, c }';
  assertScope(src, ';', 'punctuation.terminator.statement.vmm');
  assertScope(src, ',', 'punctuation.separator.comma.vmm');
  assertScope(src, '}', 'punctuation.section.block.end.vmm');
  assertScope(src, 'depends-on', 'variable.other.property.vmm');
});

test('the keywords the grammar highlights are the registry’s declaration keywords', async () => {
  const { vmm } = await import('../../out/server/src/language/registry.js');
  // Every alternation of declaration keywords in the grammar lists the registry's (the look-ahead
  // that ends a migrate header leaves out the group word, which starts a target there: `service web`).
  const source = readFileSync(grammarPath, 'utf8');
  const lists = [...source.matchAll(/\(\?:((?:[a-z]+\|){4,}[a-z]+)\)/g)].map((m) => m[1].split('|'));
  assert.ok(lists.length > 0, 'the grammar has keyword alternations');
  const keywords = vmm.keywords;
  for (const list of lists) {
    const expected = list.includes(vmm.grammar.groupWord) ? keywords : keywords.filter((k) => k !== vmm.grammar.groupWord);
    assert.deepEqual([...list].sort(), [...expected].sort(), `grammar list ${list.join('|')}`);
  }
  // Each one starts a declaration where it begins a line.
  for (const keyword of keywords) assertScope(`${keyword} x`, keyword, 'keyword.declaration.vmm');
});
