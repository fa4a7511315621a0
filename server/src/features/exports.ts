import type { CheckResult } from '../checker.js';
import { exportFormats, exportPlan, type ExportFormat } from '../plan/exports/index.js';
import { buildPlan } from '../plan/plan.js';

/** The plan of an open document exported for a tool (spec §12), as the editor's `VMM: Export Plan…` saves it. */
export interface DocumentExport {
  ok: boolean;
  /** The script or YAML; absent when there is nothing to save. */
  text?: string;
  /** Why there is nothing to save: the file's errors, or a tool that runs none of its intents. */
  message?: string;
  errors: number;
}

export function isExportFormat(format: unknown): format is ExportFormat {
  return typeof format === 'string' && (exportFormats as readonly string[]).includes(format);
}

/** The export of a checked document, from the same check its diagnostics come from. */
export function documentExport(result: CheckResult, format: ExportFormat): DocumentExport {
  const planned = buildPlan(result);
  if (!planned.ok) {
    const n = planned.errors.length;
    return { ok: false, message: `no plan to export, the file has ${n} error${n === 1 ? '' : 's'}`, errors: n };
  }
  const exported = exportPlan(format, result, planned.plan);
  return exported.ok ? { ok: true, text: exported.text, errors: 0 } : { ok: false, message: exported.message, errors: 0 };
}
