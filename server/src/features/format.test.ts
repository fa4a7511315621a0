import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format } from './format.js';

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
