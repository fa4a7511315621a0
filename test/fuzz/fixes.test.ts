import { test } from 'node:test';
import assert from 'node:assert/strict';
import { campaign, percentile, report } from './campaign.js';
import { fuzzedInput, runsOf, samples, SEED, streamFor } from './fuzz.js';
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
