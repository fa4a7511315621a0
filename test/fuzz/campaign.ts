/**
 * Runs a property over many inputs. A failing input is shrunk, written to
 * test/fuzz/regressions/ (one JSON file per case, replayed by regressions.test.ts), and the test
 * fails naming the file: the case stays a regression test once the bug is fixed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { regressionsDir, shrink } from './fuzz.js';
import { problemKind, properties } from './properties.js';

export interface Regression {
  property: string;
  /** What failed, as first found (before any fix). */
  problem: string;
  input: string;
}

export interface CampaignResult {
  inputs: number;
  /** Properties evaluated, counting each input once per property. */
  checks: number;
  failures: { file: string; problem: string }[];
  /** Milliseconds per input, for the figures. */
  times: number[];
}

export function regressions(): (Regression & { file: string })[] {
  if (!existsSync(regressionsDir)) return [];
  return readdirSync(regressionsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, ...(JSON.parse(readFileSync(path.join(regressionsDir, f), 'utf8')) as Regression) }));
}

/** Shrinks a failing input to the smallest one failing the same way, and keeps it as a regression case. */
export function keep(property: string, input: string, problem: string): string {
  const run = properties[property];
  const kind = problemKind(problem);
  const small = shrink(input, (candidate) => run(candidate).some((p) => problemKind(p) === kind));
  const problems = run(small);
  const first = problems.find((p) => problemKind(p) === kind) ?? problem;
  const name = `${property}-${kind}-${createHash('sha256').update(small).digest('hex').slice(0, 10)}.json`;
  mkdirSync(regressionsDir, { recursive: true });
  const regression: Regression = { property, problem: first.length > 2000 ? `${first.slice(0, 2000)}…` : first, input: small };
  writeFileSync(path.join(regressionsDir, name), JSON.stringify(regression, null, 2) + '\n');
  return name;
}

/**
 * Evaluates a property on every input; stops keeping cases after a few (each shrink costs up to
 * thousands of evaluations), one per kind of problem.
 */
export function campaign(property: string, inputs: Iterable<string>, options: { maxKept?: number } = {}): CampaignResult {
  const run = properties[property];
  const result: CampaignResult = { inputs: 0, checks: 0, failures: [], times: [] };
  const kinds = new Set<string>();
  for (const input of inputs) {
    result.inputs++;
    const t = performance.now();
    const problems = run(input);
    result.times.push(performance.now() - t);
    result.checks++;
    for (const problem of problems) {
      const kind = problemKind(problem);
      if (kinds.has(kind) || kinds.size >= (options.maxKept ?? 3)) continue;
      kinds.add(kind);
      result.failures.push({ file: keep(property, input, problem), problem });
    }
  }
  return result;
}

/** A failure message a developer can act on: the kept files and what failed. */
export function report(result: CampaignResult): string {
  return result.failures.map((f) => `test/fuzz/regressions/${f.file}: ${f.problem.split('\n').slice(0, 6).join('\n')}`).join('\n\n');
}

export function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}
