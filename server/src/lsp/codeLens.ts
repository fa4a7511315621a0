import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { codeLenses as lensesOf } from '../features/lens.js';
import type { Workspace } from './workspace.js';

/** On each `migrate`: its estimate (features/lens.ts), with the command that shows it. */
export function codeLenses(workspace: Workspace, params: CodeLensParams): CodeLens[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  return lensesOf(result).map((lens) => ({
    range: result.file.lines.range(lens.span.start, lens.span.end),
    command: { title: lens.title, command: 'vmm.showEstimate', arguments: [params.textDocument.uri, lens.intent] },
  }));
}
