import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../../server/src/checker.js';
import { nodeFileSystem } from '../../server/src/node-fs.js';
import { goldenDir as golden, renderSample, root, samplesDir as samples } from './golden.js';

// Each sample's diagnostics are pinned by a golden file; `npm run golden:update` regenerates them (review the diff).
for (const file of readdirSync(samples)
  .filter((f) => f.endsWith('.vmm'))
  .sort()) {
  test(`sample ${file} gives the diagnostics of its golden file`, () => {
    const expectedFile = path.join(golden, file.replace(/\.vmm$/, '.diagnostics.txt'));
    assert.ok(existsSync(expectedFile), `missing golden file ${expectedFile}: run npm run golden:update and review it`);
    assert.equal(renderSample(file), readFileSync(expectedFile, 'utf8'));
  });
}

test('at least one sample is clean', () => {
  const clean = readdirSync(samples)
    .filter((f) => f.endsWith('.vmm'))
    .filter((f) => {
      const text = readFileSync(path.join(samples, f), 'utf8');
      return check(path.join(samples, f), text, { workspace: root, fs: nodeFileSystem }).diagnostics.length === 0;
    });
  assert.ok(clean.length >= 1, 'no sample without diagnostics');
});
