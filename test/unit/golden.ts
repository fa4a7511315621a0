import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate } from '../../server/src/annotate.js';
import { check, type CheckResult } from '../../server/src/checker.js';
import { nodeFileSystem } from '../../server/src/node-fs.js';
import { buildPlan } from '../../server/src/plan/plan.js';
import { planJson } from '../../server/src/plan/json.js';
import { planMarkdown } from '../../server/src/plan/markdown.js';
import { exportFormats, exportPlan, type ExportFormat } from '../../server/src/plan/exports/index.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const samplesDir = path.join(root, 'samples');
export const goldenDir = path.join(root, 'test', 'golden', 'samples');
export const planGoldenDir = path.join(root, 'test', 'golden', 'plans');
export const exportGoldenDir = path.join(root, 'test', 'golden', 'exports');

/** The golden file name of a sample's export: cold-migration.virsh.sh, .powercli.ps1, .forklift.yaml. */
export const exportExtension: Readonly<Record<ExportFormat, string>> = { virsh: 'virsh.sh', powercli: 'powercli.ps1', forklift: 'forklift.yaml' };

function checkSample(file: string): { text: string; result: CheckResult } {
  const text = readFileSync(path.join(samplesDir, file), 'utf8');
  return { text, result: check(path.join(samplesDir, file), text, { workspace: root, fs: nodeFileSystem }) };
}

/** A sample's diagnostics written under its lines, as its golden file holds them. */
export function renderSample(file: string): string {
  const { text, result } = checkSample(file);
  return annotate(text, result.diagnostics);
}

/** A sample's plan as Markdown and JSON, as its golden files hold them; undefined when the sample has errors (no plan). */
export function renderPlan(file: string): { md: string; json: string } | undefined {
  const planned = buildPlan(checkSample(file).result);
  return planned.ok ? { md: planMarkdown(planned.plan), json: planJson(planned.plan) } : undefined;
}

/** A sample's exports (spec §12), one per format its intents allow; a format whose tool can run none of them is absent. */
export function renderExports(file: string): Partial<Record<ExportFormat, string>> {
  const { result } = checkSample(file);
  const planned = buildPlan(result);
  const exports: Partial<Record<ExportFormat, string>> = {};
  if (!planned.ok) return exports;
  for (const format of exportFormats) {
    const exported = exportPlan(format, result, planned.plan);
    if (exported.ok) exports[format] = exported.text;
  }
  return exports;
}
