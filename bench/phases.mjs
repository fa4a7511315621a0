// Times each phase of the pipeline on one file, in this process: lexing, parsing, model building,
// analysis (paths and §6 estimates), rules, plan. Prints one JSON line. Used by bench/run.mjs.
import { readFileSync } from 'node:fs';
import { vmmLexer } from '../out/server/src/syntax/lexer.js';
import { parse } from '../out/server/src/syntax/parser.js';
import { LineIndex } from '../out/server/src/text.js';
import { buildModel } from '../out/server/src/model/build.js';
import { analyse } from '../out/server/src/migration/analysis.js';
import { check } from '../out/server/src/checker.js';
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
const results = { lex: [], parse: [], model: [], analysis: [], rules: [], plan: [], check: [] };
for (let i = 0; i <= runs; i++) {
  const [lex] = time(() => vmmLexer.tokenize(text));
  const [parseAll, tree] = time(() => parse(text));
  const source = { path: file, text, tree, lines: new LineIndex(text) };
  const [model, m] = time(() => buildModel([source]));
  const [analysis] = time(() => analyse(m));
  const [whole, result] = time(() => check(file, text));
  const [plan] = time(() => buildPlan(result));
  if (i === 0) continue; // warm-up
  results.lex.push(lex);
  results.parse.push(parseAll - lex);
  results.model.push(model);
  results.analysis.push(analysis);
  // The rules are what the whole check spends beyond reading and analysing.
  results.rules.push(Math.max(0, whole - parseAll - model - analysis));
  results.plan.push(plan);
  results.check.push(whole);
}
const out = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(median(v))]));
out.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(out));
