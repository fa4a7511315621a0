import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeFileSystem, readRegularFile, withoutBom } from './node-fs.js';

function inFolder(body: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-node-fs-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('nodeFileSystem.readFile drops a leading BOM, as VS Code does for its documents (one BOM only, and only at the start)', () => {
  inFolder((dir) => {
    const file = path.join(dir, 'topology.vmm');
    writeFileSync(file, '\ufeffsite a\n');
    assert.equal(nodeFileSystem.readFile(file), 'site a\n');
    writeFileSync(file, '\ufeff\ufeffsite a // \ufeff\n');
    assert.equal(nodeFileSystem.readFile(file), '\ufeffsite a // \ufeff\n');
    assert.equal(withoutBom('site a'), 'site a');
  });
});

test(
  'readRegularFile: a regular file within the limit; a missing one, a folder, a device, a named pipe or a larger one refused unread',
  { timeout: 30_000 },
  () => {
    inFolder((dir) => {
      const file = path.join(dir, 'a.vmm');
      writeFileSync(file, 'site a\n');
      const read = readRegularFile(file, 7);
      assert.ok(read.ok && read.bytes.toString() === 'site a\n');
      assert.deepEqual(readRegularFile(file, 6), { ok: false, reason: 'too-large', size: 7 });
      assert.deepEqual(readRegularFile(path.join(dir, 'missing.vmm')), { ok: false, reason: 'missing' });
      assert.deepEqual(readRegularFile(dir), { ok: false, reason: 'not-regular', kind: 'a directory' });
      if (process.platform === 'win32') return;
      if (existsSync('/dev/zero')) assert.deepEqual(readRegularFile('/dev/zero'), { ok: false, reason: 'not-regular', kind: 'a character device' });
      // Opening a named pipe with no writer would block a plain read forever; this returns at once.
      const fifo = path.join(dir, 'pipe.vmm');
      execFileSync('mkfifo', [fifo]);
      assert.deepEqual(readRegularFile(fifo), { ok: false, reason: 'not-regular', kind: 'a named pipe' });
      assert.equal(nodeFileSystem.readFile(fifo), undefined);
    });
  },
);
