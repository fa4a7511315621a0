import type { CancellationToken } from 'vscode-languageserver';
import { documentExport, isExportFormat, type DocumentExport } from '../features/exports.js';
import type { Workspace } from './workspace.js';

export interface ExportParams {
  uri: string;
  format: string;
}

/** `vmm/export`: the plan of an open document for a tool (client/src/plan.ts reads it); null when cancelled or the format is unknown. */
export function exportRequest(workspace: Workspace, params: ExportParams, token?: CancellationToken): DocumentExport | null {
  if (!isExportFormat(params.format)) return null;
  const result = workspace.result(params.uri);
  if (!result || token?.isCancellationRequested) return null;
  return documentExport(result, params.format);
}
