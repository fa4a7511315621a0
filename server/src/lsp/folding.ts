import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import { foldingRanges as foldsOf } from '../features/folding.js';
import type { Workspace } from './workspace.js';

/** The folds of features/folding.ts, as LSP folding ranges. */
export function foldingRanges(workspace: Workspace, params: FoldingRangeParams): FoldingRange[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  return foldsOf(result).map((f) =>
    f.comment ? { startLine: f.startLine, endLine: f.endLine, kind: FoldingRangeKind.Comment } : { startLine: f.startLine, endLine: f.endLine },
  );
}
