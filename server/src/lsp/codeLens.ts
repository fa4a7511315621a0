import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { estimateLenses } from '../features/lens.js';
import type { Workspace } from './workspace.js';

/** The estimate lenses of features/lens.ts, each running `vmm.showEstimate` for its intent. */
export function codeLenses(workspace: Workspace, params: CodeLensParams): CodeLens[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  return estimateLenses(result).map((lens) => ({
    range: lens.range,
    command: { title: lens.title, command: 'vmm.showEstimate', arguments: [params.textDocument.uri, lens.intent] },
  }));
}
