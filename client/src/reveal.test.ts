import { test } from 'node:test';
import { strict as assert } from 'node:assert';
import { insideFolder, revealPath } from './reveal.js';

const ROOT = '/home/u/ws';
const SOURCE = '/home/u/ws/plans/main.vmm';

test('revealPath: a data-file relative to the planned file, inside the workspace folder', () => {
  assert.equal(revealPath(SOURCE, 'topology.vmm', ROOT), '/home/u/ws/plans/topology.vmm');
  assert.equal(revealPath(SOURCE, '../shared/sites.vmm', ROOT), '/home/u/ws/shared/sites.vmm');
  assert.equal(revealPath(SOURCE, './a/../b.vmm', ROOT), '/home/u/ws/plans/b.vmm');
  assert.equal(revealPath(SOURCE, '..shared.vmm', ROOT), '/home/u/ws/plans/..shared.vmm');
  // Windows URI paths keep their drive in the path.
  assert.equal(revealPath('/c:/Users/u/ws/main.vmm', 'net/dc.vmm', '/c:/Users/u/ws'), '/c:/Users/u/ws/net/dc.vmm');
});

test('revealPath: anything leaving the workspace folder, or not a plain name, is refused', () => {
  for (const file of [
    '../../secret.vmm',
    '../../../../etc/passwd',
    '/etc/passwd',
    '/home/u/ws-other/x.vmm',
    '..',
    '../..',
    '..\\..\\x.vmm',
    'a\\..\\..\\..\\x',
    'x\0.vmm',
    '',
  ]) {
    assert.equal(revealPath(SOURCE, file, ROOT), undefined, JSON.stringify(file));
  }
  for (const file of [null, undefined, 42, {}, ['a.vmm']]) assert.equal(revealPath(SOURCE, file, ROOT), undefined, String(file));
  // An absolute path inside the folder is as good as a relative one.
  assert.equal(revealPath(SOURCE, '/home/u/ws/x.vmm', ROOT), '/home/u/ws/x.vmm');
  // A source without an absolute path (untitled) leads nowhere.
  assert.equal(revealPath('Untitled-1', 'x.vmm', '.'), undefined);
});

test('revealPath: with no workspace folder the root is the source folder itself', () => {
  const root = '/tmp/loose';
  assert.equal(revealPath('/tmp/loose/a.vmm', 'b.vmm', root), '/tmp/loose/b.vmm');
  assert.equal(revealPath('/tmp/loose/a.vmm', '../b.vmm', root), undefined);
});

test('insideFolder: strictly below the folder, by path segments', () => {
  assert.ok(insideFolder('/a/b', '/a/b/c'));
  assert.ok(insideFolder('/', '/x'));
  assert.ok(!insideFolder('/a/b', '/a/b'));
  assert.ok(!insideFolder('/a/b', '/a/bc/d'));
  assert.ok(!insideFolder('/a/b', '/a'));
  assert.ok(!insideFolder('a/b', '/a/b/c'));
});
