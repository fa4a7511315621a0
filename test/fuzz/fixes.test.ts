import { test } from 'node:test';
import assert from 'node:assert/strict';
import { campaign, percentile, report } from './campaign.js';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fuzzedInput, mutate, root, runsOf, samples, SEED, streamFor } from './fuzz.js';
import { fixStats } from './properties.js';

// The quick-fix property (properties.ts): every fix offered, applied as an editor applies it,
// changes nothing outside its edits, adds no syntax error, and removes the diagnostic it addressed.

test('fixes: every quick-fix of every sample', (t) => {
  const result = campaign(
    'fixes',
    samples.map((s) => s.text),
  );
  t.diagnostic(`${result.inputs} samples, ${fixStats.applied} fixes applied, in ${Math.round(result.times.reduce((a, b) => a + b, 0))} ms`);
  assert.equal(result.failures.length, 0, report(result));
});

test(`fixes: every quick-fix of mutated samples (seed ${SEED})`, (t) => {
  const random = streamFor('fixes');
  const runs = runsOf(200);
  const before = fixStats.applied;
  const result = campaign(
    'fixes',
    (function* () {
      for (let i = 0; i < runs; i++) yield fuzzedInput(random);
    })(),
  );
  t.diagnostic(
    `${result.inputs} inputs, ${fixStats.applied - before} fixes applied, median ${percentile(result.times, 50).toFixed(1)} ms, max ${percentile(result.times, 100).toFixed(0)} ms (each fix applied and the text checked again)`,
  );
  assert.equal(result.failures.length, 0, report(result));
});

// The "Fix all" property (properties.ts): its one edit per file gives the text its last step
// checked, and a fresh check of that says what the last step's check said.
test(`fixes: Fix all on every sample and on mutated samples (seed ${SEED})`, (t) => {
  const random = streamFor('fixall');
  const runs = runsOf(40);
  const result = campaign(
    'fixall',
    (function* () {
      for (const s of samples) yield s.text;
      for (let i = 0; i < runs; i++) yield fuzzedInput(random);
    })(),
  );
  t.diagnostic(`${result.inputs} inputs, median ${percentile(result.times, 50).toFixed(1)} ms, max ${percentile(result.times, 100).toFixed(0)} ms`);
  assert.equal(result.failures.length, 0, report(result));
});

// Generated estates (the benchmark's generator: sites on a ring, stretched networks, replicated
// datastores, services, dependencies, migrations of every method), as written and mutated: every
// fix offered (up to the property's limit per input) and Fix all.
const { generate } = (await import(pathToFileURL(path.join(root, 'bench', 'generate.mjs')).href)) as { generate(vms: number): { vmm: string } };

test(`fixes: every quick-fix and Fix all of generated estates, as written and mutated (seed ${SEED})`, (t) => {
  const random = streamFor('fixes-generated');
  const estates = [generate(100).vmm, generate(250).vmm];
  const inputs = [...estates, ...Array.from({ length: runsOf(10) }, (_, i) => mutate(random, estates[i % estates.length]))];
  const before = fixStats.applied;
  const fixes = campaign('fixes', inputs);
  const all = campaign('fixall', inputs);
  t.diagnostic(`${inputs.length} estates, ${fixStats.applied - before} fixes applied`);
  assert.ok(fixStats.applied - before >= 40, 'the generated estates offer fixes');
  assert.equal(fixes.failures.length, 0, report(fixes));
  assert.equal(all.failures.length, 0, report(all));
});
