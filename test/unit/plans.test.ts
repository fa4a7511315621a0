import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { planGoldenDir, renderPlan, samplesDir } from './golden.js';

// Each sample without errors has its plan pinned as Markdown and JSON; `npm run golden:update`
// regenerates them (review the diff). A sample with errors has no plan, and no golden plan.
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.vmm'))
  .sort();

for (const file of samples) {
  test(`sample ${file}: its plan matches the golden files, or it has none`, () => {
    const plan = renderPlan(file);
    for (const ext of ['md', 'json'] as const) {
      const golden = path.join(planGoldenDir, file.replace(/\.vmm$/, `.${ext}`));
      if (!plan) {
        assert.ok(!existsSync(golden), `${golden} is stale: the sample has errors, so no plan; run npm run golden:update`);
        continue;
      }
      assert.ok(existsSync(golden), `missing golden plan ${golden}: run npm run golden:update and review it`);
      assert.equal(plan[ext], readFileSync(golden, 'utf8'));
    }
  });
}

test('every golden plan belongs to a sample', () => {
  const names = new Set(samples.map((f) => f.replace(/\.vmm$/, '')));
  const orphans = existsSync(planGoldenDir) ? readdirSync(planGoldenDir).filter((f) => !names.has(f.replace(/\.(md|json)$/, ''))) : [];
  assert.deepEqual(orphans, []);
});

test('at least one sample has a plan that moves VMs', () => {
  const moving = samples.map(renderPlan).filter((p) => p && JSON.parse(p.json).summary.migrations > 0);
  assert.ok(moving.length >= 1);
});
