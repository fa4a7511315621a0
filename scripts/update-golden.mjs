// Regenerates the golden files from the current checker and planner. A deliberate act: review the diff.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportExtension, renderExports, renderPlan, renderSample } from '../out/test/unit/golden.js';

const golden = path.join('test', 'golden', 'samples');
const plans = path.join('test', 'golden', 'plans');
mkdirSync(golden, { recursive: true });
const exportsDir = path.join('test', 'golden', 'exports');
mkdirSync(plans, { recursive: true });
mkdirSync(exportsDir, { recursive: true });
for (const file of readdirSync('samples')
  .filter((f) => f.endsWith('.vmm'))
  .sort()) {
  const target = path.join(golden, file.replace(/\.vmm$/, '.diagnostics.txt'));
  writeFileSync(target, renderSample(file));
  console.log(`wrote ${target}`);
  // A plan for every sample without errors; a sample that has errors has no plan, so none is kept.
  const plan = renderPlan(file);
  for (const ext of ['md', 'json']) {
    const planFile = path.join(plans, file.replace(/\.vmm$/, `.${ext}`));
    if (plan) {
      writeFileSync(planFile, plan[ext]);
      console.log(`wrote ${planFile}`);
    } else if (existsSync(planFile)) {
      rmSync(planFile);
      console.log(`removed ${planFile} (the sample has errors: no plan)`);
    }
  }
  // An export per format its tool can run (spec §12); none for a format that runs none of its intents.
  const exported = renderExports(file);
  for (const [format, ext] of Object.entries(exportExtension)) {
    const target = path.join(exportsDir, file.replace(/\.vmm$/, `.${ext}`));
    const text = exported[format];
    if (text !== undefined) {
      writeFileSync(target, text);
      console.log(`wrote ${target}`);
    } else if (existsSync(target)) {
      rmSync(target);
      console.log(`removed ${target} (no ${format} export)`);
    }
  }
}

// The outputs of `vmm import` (test/golden/import/), each run from the repository's root.
const { IMPORT_GOLDENS, importGoldenDir, runImportAtRoot } = await import('../out/test/unit/import-golden.js');
mkdirSync(importGoldenDir, { recursive: true });
for (const { file, args } of IMPORT_GOLDENS) {
  const { code, out, err } = await runImportAtRoot(...args);
  if (code !== 0) throw new Error(`vmm import ${args.join(' ')}: exit ${code}\n${err}`);
  writeFileSync(path.join(importGoldenDir, file), out);
  console.log(`wrote ${path.join('test', 'golden', 'import', file)}`);
}
