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
  // release/main.js sits next to release/onig.wasm
  const wasmPath = path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm');
  const wasm = readFileSync(wasmPath);
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.vmm' ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  grammar = await registry.loadGrammar('source.vmm');
  assert.ok(grammar, 'grammar source.vmm loaded');
});

/**
 * Tokenizes `source` (one or more lines) and returns the scopes of the token(s) covering the
 * `occurrence`-th occurrence of `substring`. Fails when the substring is split across tokens
 * with different scopes, so a returned scope list is the scope of the whole substring.
 */
function scopesOf(source, substring, occurrence = 0) {
  const lines = source.split('\n');
  let seen = 0;
  let ruleStack = vsctm.INITIAL;
  for (const line of lines) {
    const { tokens, ruleStack: next } = grammar.tokenizeLine(line, ruleStack);
    ruleStack = next;
    for (let from = line.indexOf(substring); from !== -1; from = line.indexOf(substring, from + 1)) {
      if (seen++ !== occurrence) continue;
      const to = from + substring.length;
      const covering = tokens.filter((t) => t.startIndex < to && t.endIndex > from);
      const distinct = new Set(covering.map((t) => t.scopes.join(' ')));
      assert.equal(distinct.size, 1,
        `"${substring}" in "${line}" spans tokens with different scopes: ${[...distinct].join(' | ')}`);
      return covering[0].scopes;
    }
  }
  throw new Error(`"${substring}" (occurrence ${occurrence}) not found in:\n${source}`);
}

/** Asserts that the innermost scope of `substring` in `source` is exactly `expected`. */
function assertScope(source, substring, expected, occurrence = 0) {
  const scopes = scopesOf(source, substring, occurrence);
  assert.equal(scopes.at(-1), expected, `"${substring}" has scopes ${scopes.join(' ')}`);
  assert.equal(scopes[0], 'source.vmm');
  return scopes;
}

test('line and block comments', () => {
  assertScope('// a comment', 'a comment', 'comment.line.double-slash.vmm');
  assertScope('// a comment', '//', 'punctuation.definition.comment.vmm');
  assertScope('vm a at dc1 // trailing', 'trailing', 'comment.line.double-slash.vmm');
  assertScope('/* one\n   two */ site dc1', 'two', 'comment.block.vmm');
  assertScope('rtt = /* note */ 5ms', 'note', 'comment.block.vmm');
});

test('vmm-ignore directive and rule code inside a line comment', () => {
  const src = '// vmm-ignore VMM401 gateway moves next week\nmigrate web-01 to dc-west';
  const directive = assertScope(src, 'vmm-ignore', 'keyword.other.directive.vmm-ignore.vmm');
  assert.ok(directive.includes('comment.line.double-slash.vmm'));
  const code = assertScope(src, 'VMM401', 'constant.other.rule-code.vmm');
  assert.ok(code.includes('comment.line.double-slash.vmm'));
  assertScope(src, 'gateway moves', 'comment.line.double-slash.vmm');
  // not a directive when it is not the first word of the comment
  assertScope('// see vmm-ignore VMM401', 'vmm-ignore', 'comment.line.double-slash.vmm');
});

test('declaration keyword at line start, attribute name inside a body', () => {
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
  assertScope(src, 'site', 'keyword.declaration.vmm');
  assertScope(src, 'dc-east', 'entity.name.type.vmm');
  assertScope(src, 'datastore', 'keyword.declaration.vmm');
  assertScope(src, 'ds1', 'entity.name.type.vmm');
  const attr = assertScope(src, 'site', 'variable.other.property.vmm', 1);
  assert.ok(!attr.includes('keyword.declaration.vmm'));
  assertScope(src, '= dc-east', 'punctuation.separator.key-value.vmm'.replace(/^/, ''), 0 /* see below */)
    ; // (replaced by the two precise checks below)
});
