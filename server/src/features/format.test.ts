import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format, indentOf, MAX_INDENT } from './format.js';

test('format: canonical layout; one-line bodies stay on one line', () => {
  assert.equal(format('site a{location=1,2}\nvm w at a {\nmemory=1GiB\n}\n'), 'site a { location = 1, 2 }\nvm w at a {\n  memory = 1GiB\n}\n');
});

test('format: a file with syntax errors is returned as it is', () => {
  assert.equal(format('site a {\n  region = \n'), 'site a {\n  region = \n');
});

test('format: lone CR line breaks count as line breaks, and the file keeps them', () => {
  // Two line comments on two lines were joined into one (the second lost into the first).
  assert.equal(format('//\r//'), '//\r//\r');
  assert.equal(format('site n {\r  region = "x"\r}\rsite c'), 'site n {\r  region = "x"\r}\rsite c\r');
  // Idempotent on such a file.
  const once = format('site n{//\ry{y=B}}site c');
  assert.equal(format(once), once);
});

test('format: CRLF and a BOM are kept', () => {
  assert.equal(format('\uFEFFsite a{\r\nregion="x"\r\n}\r\n'), '\uFEFFsite a {\r\n  region = "x"\r\n}\r\n');
});

test('format: a line comment keeps a trailing U+00A0 or U+FEFF (only spaces and tabs after it go)', () => {
  assert.equal(format('site a // note\u00A0\nsite b // x\uFEFF \t\n'), 'site a  // note\u00A0\nsite b  // x\uFEFF\n');
});

test('format: the indent is brought into 1…16 spaces (a tabSize of 50,000,000 does not make 250 MB)', () => {
  const text = 'site a {\nregion = "x"\n}\n';
  assert.equal(format(text, { indent: 50_000_000 }), `site a {\n${' '.repeat(MAX_INDENT)}region = "x"\n}\n`);
  assert.equal(format(text, { indent: 0 }), 'site a {\n region = "x"\n}\n');
  assert.equal(format(text, { indent: Number.NaN }), 'site a {\n  region = "x"\n}\n');
  assert.equal(format(text, { indent: 4.7 }), 'site a {\n    region = "x"\n}\n');
  assert.deepEqual([indentOf(undefined), indentOf(-3), indentOf(Infinity), indentOf(1e9)], [2, 1, 2, MAX_INDENT]);
});
