import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { vmm } from '../language/registry.js';

const parse = (text: string) => vmm.syntax.parse(text);
const chunkStarts = (text: string) => vmm.syntax.chunkStarts(text);

const samples = path.join(fileURLToPath(new URL('../../../../', import.meta.url)), 'samples');
const texts = readdirSync(samples)
  .filter((f) => f.endsWith('.vmm'))
  .map((f) => readFileSync(path.join(samples, f), 'utf8'));

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** The incremental parser, with whatever it has cached, gives the tree a fresh parse gives. */
function same(text: string, parser = vmm.syntax.incremental()) {
  assert.deepEqual(JSON.parse(JSON.stringify(parser.parse(text))), JSON.parse(JSON.stringify(parse(text))), `incremental parse differs on:\n${text}`);
}

test('chunks start at top-level declaration keywords only', () => {
  const text = 'site a { site = b }\n/* vm x\n*/\nmigrate a,\nservice s to b\n  vm v at a\nvmx y\n';
  assert.deepEqual(
    chunkStarts(text).map((s) => text.slice(s, s + 8)),
    ['site a {', 'migrate ', '  vm v a'],
  );
});

test('a declaration keyword at a line start begins the next declaration, whatever came before', () => {
  const tree = parse('vm a at s { memory = 4GiB\n  dirty-rate\nvm b at s { memory = 8GiB }\nsite\nsite s\n');
  assert.deepEqual(
    tree.declarations.map((d) => `${d.kind} ${d.name?.name ?? '?'}`),
    ['vm a', 'vm b', 'site ?', 'site s'],
  );
  assert.deepEqual(
    tree.errors.map((e) => e.message),
    ["expected '=' after 'dirty-rate'", "missing '}'", "expected a name but found 'site'"],
  );
});

test('the incremental parse, reusing its cache edit after edit, gives the tree of a fresh parse (1000 seeded edits)', () => {
  const next = random(7);
  const parser = vmm.syntax.incremental();
  const pieces = ['{', '}', '=', ',', '"', '/*', '*/', '//', '\n', 'vm ', 'site ', 'migrate ', 'service ', ' to ', ' at ', '<->', '10ms', 'x', ';', '%'];
  for (let i = 0; i < 1000; i++) {
    let text = texts[Math.floor(next() * texts.length)];
    for (let k = 0; k < 1 + Math.floor(next() * 4); k++) {
      const at = Math.floor(next() * text.length);
      const op = next();
      if (op < 0.4) text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at);
      else if (op < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 20));
      else text = text.slice(0, at);
    }
    same(text, parser);
  }
});

test('an edit reuses the unchanged chunks and still gives the whole-file tree', () => {
  const parser = vmm.syntax.incremental();
  const text = texts.join('\n');
  same(text, parser);
  const edited = text.replace('memory = 32GiB', 'memory = 33GiB');
  same(edited, parser);
});
