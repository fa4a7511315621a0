// The Markdown injection (grammar/vmm.markdown.tmLanguage.json): a fence tagged vmm opens a block
// highlighted with source.vmm, in the scope VS Code maps to the vmm language; other fences do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const grammar = JSON.parse(readFileSync(new URL('../../grammar/vmm.markdown.tmLanguage.json', import.meta.url), 'utf8'));
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('a ```vmm or ~~~vmm fence opens the injected block; ```vmmx, ```js and a bare fence do not', () => {
  const block = grammar.repository['vmm-code-block'];
  // Oniguruma's \G is the start of the line here; a JavaScript RegExp reads the rest the same.
  const begin = new RegExp(block.begin.replace(/\\G/g, '^').replace('(?i:', '(?:'), 'i');
  for (const line of ['```vmm', '~~~vmm', '  ```vmm', '````VMM title="dc.vmm"', '```vmm ']) assert.ok(begin.test(line), line);
  for (const line of ['```vmmx', '```js', '```', 'vmm', '`vmm`']) assert.ok(!begin.test(line), line);
  assert.deepEqual(block.patterns[0].patterns, [{ include: 'source.vmm' }]);
  assert.equal(block.patterns[0].contentName, 'meta.embedded.block.vmm');
  const entry = manifest.contributes.grammars.find((g) => g.scopeName === grammar.scopeName);
  assert.deepEqual(entry, {
    scopeName: 'markdown.vmm.codeblock',
    path: './grammar/vmm.markdown.tmLanguage.json',
    injectTo: ['text.html.markdown'],
    embeddedLanguages: { 'meta.embedded.block.vmm': 'vmm' },
  });
  assert.equal(grammar.injectionSelector, 'L:text.html.markdown');
});
