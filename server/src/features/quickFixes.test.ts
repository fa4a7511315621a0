import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics } from '../testing.js';
import { quickFixes } from './quickFixes.js';

test('quick fixes: a diagnostic offers its fixes, then "Silence CODE here"', () => {
  const [d] = diagnostics('site a { region = "eu"; regoin = "x" }', 'VMM002');
  assert.deepEqual(
    quickFixes(d).map((f) => f.title),
    [...d.fixes.map((f) => f.title), 'Silence VMM002 here'],
  );
  assert.ok(d.fixes.length > 0);
  assert.deepEqual(quickFixes(d).at(-1)?.edits, [d.silence]);
});

test('quick fixes: a syntax error cannot be silenced', () => {
  const [d] = diagnostics('site a {', 'VMM001');
  assert.deepEqual(
    quickFixes(d).map((f) => f.title),
    d.fixes.map((f) => f.title),
  );
});
