import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import type { Body } from '../syntax/ast.js';
import type { Workspace } from './workspace.js';

/** Bodies over several lines, block comments, and runs of line comments. */
export function foldingRanges(workspace: Workspace, params: FoldingRangeParams): FoldingRange[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  const lines = result.file.lines;
  const ranges: FoldingRange[] = [];
  const addBody = (body: Body | undefined) => {
    if (!body) return;
    const start = lines.position(body.span.start).line;
    const end = lines.position(body.span.end).line;
    if (end > start) ranges.push({ startLine: start, endLine: body.closed ? end - 1 : end });
    for (const item of body.items) if (item.kind === 'block') addBody(item.body);
  };
  for (const d of result.file.tree.declarations) addBody(d.body);
  let run: { start: number; end: number } | undefined;
  for (const c of result.file.tree.comments) {
    const start = lines.position(c.span.start).line;
    const end = lines.position(c.span.end).line;
    if (c.block) {
      if (end > start) ranges.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment });
      continue;
    }
    if (run && start === run.end + 1) run.end = start;
    else {
      if (run && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
      run = { start, end: start };
    }
  }
  if (run && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
  return ranges;
}
