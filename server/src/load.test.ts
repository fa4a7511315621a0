import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { posixPaths } from './filepath.js';
import { inside } from './load.js';

test('inside: the folder and what is in it (`..data.vmm` too), not `..` nor a sibling, with the core paths as with node:path', () => {
  const cases: [root: string, file: string, within: boolean][] = [
    ['/w', '/w', true],
    ['/w', '/w/a.vmm', true],
    ['/w', '/w/..data.vmm', true],
    ['/w/', '/w/sub/../a.vmm', true],
    ['/w', '/w/../x.vmm', false],
    ['/w', '/wx/a.vmm', false],
    ['/w', '/', false],
  ];
  for (const [root, file, within] of cases) {
    assert.equal(inside(root, file, posixPaths), within, `${file} in ${root} (posixPaths)`);
    assert.equal(inside(root, file, path.posix), within, `${file} in ${root} (node:path.posix)`);
  }
  // Windows paths, through the platform module the shells pass.
  assert.equal(inside('C:\\w', 'C:\\w\\a.vmm', path.win32), true);
  assert.equal(inside('C:\\w', 'C:\\w\\..\\x.vmm', path.win32), false);
  assert.equal(inside('C:\\w', 'D:\\w\\a.vmm', path.win32), false);
});
