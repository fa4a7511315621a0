import { test } from 'node:test';
import assert from 'node:assert/strict';
import { campaign, percentile, report } from './campaign.js';
import { fuzzedInput, relayout, runsOf, samples, SEED, streamFor } from './fuzz.js';

// The parse property (properties.ts): the editor's incremental parser agrees with a fresh parse,
// and chunk-by-chunk parsing agrees with one parse of the whole text on every text without errors.

test(`parse: chunks and reuse agree with a whole parse (seed ${SEED})`, (t) => {
  const random = streamFor('parse');
  const runs = runsOf(1000);
  const result = campaign(
    'parse',
    (function* () {
      for (const s of samples) yield s.text;
      for (let i = 0; i < runs; i++) yield random.chance(0.5) ? relayout(random, random.pick(samples).text) : fuzzedInput(random);
    })(),
  );
  t.diagnostic(`${result.inputs} inputs, median ${percentile(result.times, 50).toFixed(1)} ms`);
  assert.equal(result.failures.length, 0, report(result));
});
