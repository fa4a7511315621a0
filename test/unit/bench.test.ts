import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

// The benchmark is a command, not a test (no test asserts a time). This keeps it working: it runs
// on a small estate and prints every row of its tables, figures in place.
const root = fileURLToPath(new URL('../../../', import.meta.url));

test('bench: runs on a small estate and prints its tables', { timeout: 120_000 }, () => {
  const run = spawnSync(process.execPath, [path.join(root, 'bench', 'run.mjs'), '300'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    /^\| 300 \| [\d.]+ \| \d+ \| \d+ ms \| \d+ ms \(\d+%\) \| \d+ ms \| \d+ ms \| \d+ ms \| \d+ ms \| \d+ ms \| \d+ ms \| \d+ ms \| [\d.]+× \| \d+ MB \|$/m,
  );
  assert.match(run.stdout, /^\| 300 \| [\d.]+ \| [\d.]+ \| \d+ ms \| \d+ ms \| \d+ MB \|$/m, 'the import row');
  for (const row of [
    'open to first diagnostics',
    'one-character edit to diagnostics, median of 50',
    'one-character edit to diagnostics, p95 of 50',
    "the same in a VM's name \\(the names change\\), median of 50",
    "the same in a VM's name, p95 of 50",
    'completion, median of 20',
    'hover, median of 20',
  ]) {
    assert.match(run.stdout, new RegExp(`\\| ${row} \\| [\\d.]+ ms \\|`), row);
  }
  assert.match(run.stdout, /^\| 2000 \| \d+ ms \| \d+ ms \| \d+ ms \|$/m);
  assert.match(run.stdout, /\| server memory after the edits: heap used \/ live heap after a full GC \/ RSS \| \d+ MB \/ \d+ MB \/ \d+ MB \|/);
});
