import type { SourceFile } from '../model/findings.js';
import type { Body } from '../syntax/ast.js';

/** Lines that fold together (0-based, inclusive); `comment` for comments, which an editor may fold by default. */
export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

/** Bodies over several lines (their closing `}` stays visible), block comments, and runs of line comments. */
export function foldingRanges(file: SourceFile): FoldingRange[] {
  const lines = file.lines;
  const ranges: FoldingRange[] = [];
  const addBody = (body: Body | undefined) => {
    if (!body) return;
    const start = lines.position(body.span.start).line;
    const end = lines.position(body.span.end).line;
    if (end > start) ranges.push({ startLine: start, endLine: body.closed ? end - 1 : end });
    for (const item of body.items) if (item.kind === 'block') addBody(item.body);
  };
  for (const d of file.tree.declarations) addBody(d.body);
  let run: { start: number; end: number } | undefined;
  for (const c of file.tree.comments) {
    const start = lines.position(c.span.start).line;
    const end = lines.position(c.span.end).line;
    if (c.block) {
      if (end > start) ranges.push({ startLine: start, endLine: end, kind: 'comment' });
      continue;
    }
    if (run && start === run.end + 1) run.end = start;
    else {
      if (run && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, kind: 'comment' });
      run = { start, end: start };
    }
  }
  if (run && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, kind: 'comment' });
  return ranges;
}
