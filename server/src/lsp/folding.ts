import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import { foldingRanges as rangesOf } from '../features/folding.js';
import type { Workspace } from './workspace.js';

/** The folding ranges of features/folding.ts, comments as FoldingRangeKind.Comment. */
export function foldingRanges(workspace: Workspace, params: FoldingRangeParams): FoldingRange[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  return rangesOf(result.file).map((r) =>
    r.kind === 'comment' ? { startLine: r.startLine, endLine: r.endLine, kind: FoldingRangeKind.Comment } : { startLine: r.startLine, endLine: r.endLine },
  );
}
