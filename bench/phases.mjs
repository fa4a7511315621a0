// Times each phase of the pipeline on one file, in this process: finding the declarations (chunk
// starts), parsing them, model building, analysis (paths and §6 estimates), rules, plan. Prints
// one JSON line. Used by bench/run.mjs.
import { readFileSync } from 'node:fs';
import { chunkStarts, parse } from '../out/server/src/syntax/incremental.js';
import { fastParseChunk } from '../out/server/src/syntax/fast.js';
import { LineIndex } from '../out/server/src/text.js';
import { buildModel } from '../out/server/src/model/build.js';
import { analyse } from '../out/server/src/migration/analysis.js';
import { check } from '../out/server/src/checker.js';
import { DerivedStore } from '../out/server/src/derived.js';
import { buildPlan } from '../out/server/src/plan/plan.js';

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const text = readFileSync(file, 'utf8');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
};
const results = { chunk: [], parse: [], model: [], analysis: [], rules: [], plan: [], check: [] };
for (let i = 0; i <= runs; i++) {
  const [chunk] = time(() => chunkStarts(text));
  const [parseAll, tree] = time(() => parse(text));
  const source = { path: file, text, tree, lines: new LineIndex(text) };
  const [model, m] = time(() => buildModel([source]));
  const [analysis] = time(() => analyse(m, new DerivedStore().derive));
  const [whole, result] = time(() => check(file, text));
  const [plan] = time(() => buildPlan(result));
  if (i === 0) continue; // warm-up
  results.chunk.push(chunk);
  results.parse.push(parseAll - chunk);
  results.model.push(model);
  results.analysis.push(analysis);
  // The rules are what the whole check spends beyond reading and analysing.
  results.rules.push(Math.max(0, whole - parseAll - model - analysis));
  results.plan.push(plan);
  results.check.push(whole);
}
const out = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(median(v))]));
// How many declarations the fast path read (the rest went to the chevrotain parser).
const starts = chunkStarts(text);
const fast = starts.filter((s, i) => fastParseChunk(text.slice(s, starts[i + 1] ?? text.length))).length;
out.fastPath = `${Math.round((100 * fast) / starts.length)}%`;
out.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(out));
