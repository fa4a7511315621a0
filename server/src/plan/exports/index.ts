/**
 * The exports of spec §12: the plan written for the tool that runs it. A format whose tool can run
 * none of the file's intents has no export: the caller says why and writes nothing.
 */
import type { CheckResult } from '../../checker.js';
import type { Plan } from '../plan.js';
import { exportInput, nothingToExport, runnable, type ExportFormat } from './common.js';
import { forkliftYaml, type ForkliftOptions } from './forklift.js';
import { powercliScript } from './powercli.js';
import { virshScript } from './virsh.js';

export { exportFormats, type ExportFormat } from './common.js';
export type { ForkliftOptions } from './forklift.js';

export type ExportResult = { ok: true; text: string; migrations: number } | { ok: false; message: string };

/** The plan of `result` (built from it) as `format` writes it. */
export function exportPlan(format: ExportFormat, result: CheckResult, plan: Plan, options: ForkliftOptions = {}): ExportResult {
  const input = exportInput(format, result, plan);
  const migrations = runnable(input);
  if (migrations === 0) return { ok: false, message: nothingToExport(input) };
  const text = format === 'virsh' ? virshScript(input) : format === 'powercli' ? powercliScript(input) : forkliftYaml(input, options);
  return { ok: true, text, migrations };
}
