import type { SourceFile } from '../model/findings.js';
import type { Body, Declaration, DeclarationKind } from '../syntax/ast.js';
import { headerSpan } from '../syntax/spans.js';
import type { Range } from '../text.js';

/** What an outline entry is: a declaration of its kind, or an item of a body. */
export type OutlineKind = DeclarationKind | 'block' | 'attribute';

/** One entry of the document's outline. */
export interface OutlineSymbol {
  name: string;
  /** A declaration's kind; an attribute's values. */
  detail: string | undefined;
  kind: OutlineKind;
  /** The whole entry. */
  range: Range;
  /** Its name (or header, for what has no name), inside `range`. */
  selectionRange: Range;
  /** A declaration's or block's items; none for an attribute. */
  children: OutlineSymbol[] | undefined;
}

/** How a declaration is listed: its name, or what stands for one (`a <-> b`, `web1, web2 → b`, the imported path). */
export function declarationLabel(d: Declaration): string {
  switch (d.kind) {
    case 'link':
      return `${d.ends?.[0]?.name ?? '?'} <-> ${d.ends?.[1]?.name ?? '?'}`;
    case 'migrate':
      return `${(d.targets ?? []).map((t) => (t.service ? `service ${t.name}` : t.name)).join(', ')} → ${d.to?.name ?? '?'}`;
    case 'import':
      return d.path?.value ?? 'import';
    case 'policy':
      return d.name?.name ?? '(default policy)';
    default:
      return d.name?.name ?? '?';
  }
}

function children(file: SourceFile, body: Body | undefined): OutlineSymbol[] {
  return (body?.items ?? []).map((item) => ({
    name: item.name,
    kind: item.kind === 'block' ? 'block' : 'attribute',
    detail: item.kind === 'attribute' ? item.values.map((v) => v.text).join(', ') : undefined,
    range: file.lines.range(item.span.start, item.span.end),
    selectionRange: file.lines.range(item.nameSpan.start, item.nameSpan.end),
    children: item.kind === 'block' ? children(file, item.body) : undefined,
  }));
}

/** Every declaration of the file with its attributes and blocks, in order. */
export function outline(file: SourceFile): OutlineSymbol[] {
  return file.tree.declarations.map((d) => {
    const selection = d.name?.span ?? headerSpan(d);
    return {
      name: declarationLabel(d),
      detail: d.kind,
      kind: d.kind,
      range: file.lines.range(d.span.start, Math.max(d.span.end, selection.end)),
      selectionRange: file.lines.range(selection.start, selection.end),
      children: children(file, d.body),
    };
  });
}
