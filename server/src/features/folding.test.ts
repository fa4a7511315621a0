import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { foldingRanges } from './folding.js';

/** Each folding range as its kind and the first and last line it folds. */
function folds(text: string): string[] {
  const lines = text.split('\n');
  return foldingRanges(checkText(text)).map((r) => `${r.comment ? 'comment' : 'body'}: ${lines[r.startLine]} … ${lines[r.endLine]}`);
}

test('folding: bodies over several lines fold up to the line of their closing brace, blocks inside them too', () => {
  const text = ['site a {', '  region = "eu"', '  capacity {', '    memory = 1TiB', '  }', '}', 'site b { region = "us" }'].join('\n');
  assert.deepEqual(folds(text), ['body: site a { …   }', 'body:   capacity { …     memory = 1TiB']);
});

test('folding: a body left open folds to its last item', () => {
  assert.deepEqual(folds('site a {\n  region = "eu"\n'), ['body: site a { …   region = "eu"']);
});

test('folding: block comments over several lines, and runs of two or more line comments', () => {
  const text = ['// one', '// two', 'site a', '// alone', '/* a', '   b */', '/* one line */'].join('\n');
  assert.deepEqual(folds(text), ['comment: // one … // two', 'comment: /* a …    b */']);
});

test('folding: the ranges, as lines', () => {
  assert.deepEqual(foldingRanges(checkText('// a\n// b\nsite a {\n  region = "eu"\n}')), [
    { startLine: 2, endLine: 3 },
    { startLine: 0, endLine: 1, comment: true },
  ]);
});
