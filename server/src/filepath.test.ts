import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { baseName, linkBetween, posixPaths } from './filepath.js';

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Paths made of the pieces that make paths hard: empty segments, `.`, `..`, `...`, trailing slashes. */
function paths(count: number, seed: number): string[] {
  const next = random(seed);
  const pieces = ['a', 'b', 'dc-a', '..', '.', '', '...', '..x', 'estate.vmm', 'x y'];
  const out = ['', '/', '//', '.', '..', '/a/', 'a//b', '//a', '/a/b/..', 'a/../..'];
  for (let i = 0; i < count; i++) {
    const segments = Array.from({ length: 1 + Math.floor(next() * 5) }, () => pieces[Math.floor(next() * pieces.length)]);
    out.push((next() < 0.6 ? '/' : '') + segments.join('/') + (next() < 0.2 ? '/' : ''));
  }
  return out;
}

test("posixPaths gives what node:path.posix gives (dirname, basename, isAbsolute; resolve and relative from '/')", () => {
  const all = paths(400, 11);
  for (const p of all) {
    assert.equal(posixPaths.dirname(p), path.posix.dirname(p), `dirname(${JSON.stringify(p)})`);
    assert.equal(posixPaths.basename(p), path.posix.basename(p), `basename(${JSON.stringify(p)})`);
    assert.equal(posixPaths.isAbsolute(p), path.posix.isAbsolute(p), `isAbsolute(${JSON.stringify(p)})`);
    // node's resolve starts a relative path from the current folder; the core's from '/'.
    assert.equal(posixPaths.resolve(p), path.posix.resolve('/', p), `resolve(${JSON.stringify(p)})`);
  }
  for (let i = 0; i + 1 < all.length; i++) {
    const [a, b] = [all[i], all[i + 1]];
    assert.equal(posixPaths.resolve(a, b), path.posix.resolve('/', a, b), `resolve(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
    const [from, to] = [posixPaths.resolve(a), posixPaths.resolve(b)];
    assert.equal(posixPaths.relative(from, to), path.posix.relative(from, to), `relative(${JSON.stringify(from)}, ${JSON.stringify(to)})`);
  }
  assert.equal(posixPaths.sep, path.posix.sep);
});

test('baseName and linkBetween read paths of either platform', () => {
  assert.equal(baseName('/w/estate.vmm'), 'estate.vmm');
  assert.equal(baseName('C:\\w\\estate.vmm'), 'estate.vmm');
  assert.equal(linkBetween('/w/estate.vmm', '/w/sites/dc-a.vmm'), 'sites/dc-a.vmm');
  assert.equal(linkBetween('/w/sites/estate.vmm', '/w/dc-a.vmm'), '../dc-a.vmm');
  assert.equal(linkBetween('C:\\w\\estate.vmm', 'C:\\w\\sites\\dc-a.vmm'), 'sites/dc-a.vmm');
});
