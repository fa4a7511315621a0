import type { CheckResult } from '../checker.js';
import type { SymbolName } from '../model/kind.js';
import type { Body, Span } from '../syntax/ast.js';
import { headerSpan } from '../syntax/spans.js';

/** One entry of the outline: a declaration with its attributes and blocks, or one of those. */
export interface OutlineItem {
  name: string;
  detail?: string;
  symbol: SymbolName | 'Property';
  span: Span;
  /** What the editor selects: the declared name, else the header. */
  selection: Span;
  children: OutlineItem[];
}

function children(body: Body | undefined): OutlineItem[] {
  return (body?.items ?? []).map((item) => ({
    name: item.name,
    symbol: item.kind === 'block' ? 'Object' : 'Property',
    detail: item.kind === 'attribute' ? item.values.map((v) => v.text).join(', ') : undefined,
    span: item.span,
    selection: item.nameSpan,
    children: item.kind === 'block' ? children(item.body) : [],
  }));
}

/** The outline of the checked file: each declaration by its kind's symbol and label (the registry's editor faces). */
export function outline(result: CheckResult): OutlineItem[] {
  return result.file.tree.declarations.map((d) => {
    const selection = d.name?.span ?? headerSpan(d);
    return {
      name: result.language.label(d),
      detail: d.kind,
      symbol: result.language.kind(d.kind)?.editor.symbol ?? 'Object',
      span: { start: d.span.start, end: Math.max(d.span.end, selection.end) },
      selection,
      children: children(d.body),
    };
  });
}
