import type { CheckResult } from '../checker.js';
import type { Body, DeclarationKind, Span } from '../syntax/ast.js';
import type { Range } from '../text.js';

/** The kinds of token the editor colours, in the order the server's legend lists them. */
export const tokenTypes = Object.freeze([
  'keyword',
  'namespace',
  'class',
  'type',
  'struct',
  'interface',
  'property',
  'enumMember',
  'number',
  'string',
  'variable',
  'event',
] as const);

export type TokenType = (typeof tokenTypes)[number];

/** A coloured piece of the checked file, on one line. */
export interface SemanticToken {
  span: Span;
  range: Range;
  type: TokenType;
  /** The name a declaration declares (not a use of it). */
  declaration: boolean;
}

const nameTypes: Readonly<Partial<Record<DeclarationKind | string, TokenType>>> = Object.freeze({
  site: 'namespace',
  vm: 'class',
  service: 'type',
  network: 'interface',
  datastore: 'struct',
  policy: 'type',
});

/**
 * Tokens from the tree and the resolved references: names by what they name, attributes, values.
 * In order of place, one per start (the first found wins), none over a line break.
 */
export function semanticTokens(result: CheckResult): SemanticToken[] {
  const file = result.file;
  const spans: { start: number; end: number; type: TokenType; declaration: boolean }[] = [];
  const add = (span: Span, type: TokenType, declaration = false) => spans.push({ start: span.start, end: span.end, type, declaration });
  const walk = (body: Body | undefined) => {
    for (const item of body?.items ?? []) {
      add(item.nameSpan, item.kind === 'block' ? 'struct' : 'property');
      if (item.kind === 'block') walk(item.body);
      else
        for (const v of item.values) {
          if (v.kind === 'quantity' || v.kind === 'number') add(v.span, 'number');
          else if (v.kind === 'string') add(v.span, 'string');
          else if (v.kind === 'ident' && /^(true|false)$/.test(v.text)) add(v.span, 'keyword');
        }
    }
  };
  for (const d of file.tree.declarations) {
    add(d.keywordSpan, 'keyword');
    if (d.name) add(d.name.span, nameTypes[d.kind] ?? 'variable', true);
    if (d.path) add(d.path.span, 'string');
    walk(d.body);
  }
  const referenced = new Set<number>();
  for (const r of result.model.references) {
    if (r.file !== file) continue;
    referenced.add(r.span.start);
    add(r.span, nameTypes[r.kind] ?? 'variable');
  }
  // Enum values: identifiers in values that are not references.
  for (const d of file.tree.declarations) {
    const visit = (body: Body | undefined) => {
      for (const item of body?.items ?? []) {
        if (item.kind === 'block') visit(item.body);
        else for (const v of item.values) if (v.kind === 'ident' && !referenced.has(v.span.start) && !/^(true|false)$/.test(v.text)) add(v.span, 'enumMember');
      }
    };
    visit(d.body);
  }
  spans.sort((a, b) => a.start - b.start);
  const tokens: SemanticToken[] = [];
  let lastStart = -1;
  for (const s of spans) {
    if (s.start === lastStart) continue;
    lastStart = s.start;
    const range = file.lines.range(s.start, s.end);
    if (range.end.line !== range.start.line) continue;
    tokens.push({ span: { start: s.start, end: s.end }, range, type: s.type, declaration: s.declaration });
  }
  return tokens;
}
