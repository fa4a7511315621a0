import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileSystem } from '../load.js';
import { checkText } from '../testing.js';
import { workspaceSymbols } from './workspaceSymbols.js';

const files: Record<string, string> = { '/workspace/common.vmm': 'site a\nsite b\nvm web2 at a' };
const fs: FileSystem = { readFile: (path) => files[path] };

test('workspace symbols: declarations whose label holds the query in order, case-insensitive, imports left out, file by file as the check read them', () => {
  const result = checkText('import "common.vmm"\nvm web1 at a\nvm db at b\nmigrate web1 to b', { fs });
  assert.deepEqual(
    workspaceSymbols([result], 'WB').map((s) => `${s.name} (${s.kind}) ${s.file}:${s.range.start.line}:${s.range.start.character}`),
    ['web2 (vm) /workspace/common.vmm:2:3', 'web1 (vm) /workspace/test.vmm:1:3', 'web1 → b (migrate) /workspace/test.vmm:3:0'],
  );
});

test('workspace symbols: a file read by several checks is searched once', () => {
  const result = checkText('vm web at a', { fs });
  assert.deepEqual(
    workspaceSymbols([result, result], 'web').map((s) => s.name),
    ['web'],
  );
});

test('workspace symbols: at most a thousand', () => {
  const text = Array.from({ length: 1200 }, (_, i) => `vm v${i} at a`).join('\n');
  assert.equal(workspaceSymbols([checkText(text)], 'v').length, 1000);
});
