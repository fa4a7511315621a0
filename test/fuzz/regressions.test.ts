import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regressions } from './campaign.js';
import { properties } from './properties.js';

// Every input a fuzz run once failed on, shrunk, one file each under test/fuzz/regressions/: it
// must keep the property it broke. A new file here is a bug found: fix it, keep the file.

test('regressions: there are cases to replay', () => {
  assert.ok(regressions().length > 0);
});

for (const r of regressions()) {
  test(`regression ${r.file}: ${r.property}`, () => {
    const run = properties[r.property];
    assert.ok(run, `unknown property '${r.property}' in ${r.file}`);
    assert.deepEqual(run(r.input), [], `once: ${r.problem}`);
  });
}
