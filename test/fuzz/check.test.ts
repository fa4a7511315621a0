import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../server/src/checker.js';
import { campaign, percentile, report } from './campaign.js';
import { fuzzedInput, hostileInputs, largeEstate, root, runsOf, SEED, streamFor } from './fuzz.js';
import { fuzzedPath, resultProblems } from './properties.js';

// The check property (properties.ts): check() returns, its diagnostics are sound, and every
// language-server provider answers on the result with ranges inside the text.

test('check: hostile inputs (deep nesting, long lines and names, huge numbers, unicode, CRLF, BOM, NUL)', (t) => {
  const inputs = hostileInputs();
  const result = campaign(
    'check',
    inputs.map((i) => i.text),
  );
  const slowest = inputs
    .map((input, i) => ({ name: input.name, ms: result.times[i] }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  t.diagnostic(`${result.inputs} inputs; slowest: ${slowest.map((s) => `${s.name} ${Math.round(s.ms)} ms`).join(', ')}`);
  assert.equal(result.failures.length, 0, report(result));
});

test(`check: mutated samples (seed ${SEED})`, (t) => {
  const random = streamFor('check');
  const runs = runsOf(1200);
  const result = campaign(
    'check',
    (function* () {
      for (let i = 0; i < runs; i++) yield fuzzedInput(random);
    })(),
  );
  t.diagnostic(
    `${result.inputs} inputs, median ${percentile(result.times, 50).toFixed(1)} ms, p99 ${percentile(result.times, 99).toFixed(1)} ms, max ${percentile(result.times, 100).toFixed(0)} ms (check and every provider)`,
  );
  assert.equal(result.failures.length, 0, report(result));
});

test('check: a 10 MB estate finishes, and its diagnostics keep the property', { timeout: 120_000 }, (t) => {
  const text = largeEstate(10 * 2 ** 20);
  const start = performance.now();
  const result = check(fuzzedPath, text, { workspace: root });
  const ms = performance.now() - start;
  t.diagnostic(`${(text.length / 2 ** 20).toFixed(1)} MB, ${result.model.vms.size} VMs, ${result.diagnostics.length} diagnostics in ${Math.round(ms)} ms`);
  assert.ok(result.model.vms.size > 50_000);
  // Only the diagnostics: the providers on 10 MB are the server test's business.
  for (const d of result.diagnostics) {
    assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `${d.code} ${JSON.stringify(d.span)}`);
    assert.doesNotMatch(d.message, /NaN|undefined|Infinity|\[object/);
  }
});

test('check: the property finds what it looks for (a NaN, a range past the end, a fix over another)', () => {
  const text = 'site a\nvm w at a { memory = 8Gb }\n';
  const result = check(fuzzedPath, text, { workspace: root });
  assert.deepEqual(resultProblems(result), []);
  const [d] = result.diagnostics;
  assert.equal(d.code, 'VMM003');
  const kinds = (changes: object) => resultProblems({ ...result, diagnostics: [{ ...d, ...changes }] }).map((p) => p.slice(0, p.indexOf(':')));
  assert.deepEqual(kinds({ message: 'takes NaN s' }), ['message']);
  assert.deepEqual(kinds({ span: { start: 0, end: text.length + 1 } }), ['range']);
  assert.deepEqual(kinds({ range: { start: { line: 0, character: 7 }, end: { line: 0, character: 7 } } }), ['range']);
  const edit = (start: number, end: number) => ({ file: fuzzedPath, span: { start, end }, newText: 'x' });
  assert.deepEqual(kinds({ fixes: [{ title: 'two edits over each other', edits: [edit(0, 4), edit(2, 6)] }] }), ['fix']);
});
