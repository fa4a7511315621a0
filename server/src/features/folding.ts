import type { CheckResult } from '../checker.js';
import type { Body } from '../syntax/ast.js';

export interface Fold {
  startLine: number;
  endLine: number;
  comment?: boolean;
}

/** Bodies over several lines, block comments, and runs of line comments. */
export function foldingRanges(result: CheckResult): Fold[] {
  const lines = result.file.lines;
  const ranges: Fold[] = [];
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
      if (end > start) ranges.push({ startLine: start, endLine: end, comment: true });
      continue;
    }
    if (run && start === run.end + 1) run.end = start;
    else {
      if (run && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, comment: true });
      run = { start, end: start };
    }
  }
  if (run && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, comment: true });
  return ranges;
}
