import type { CheckResult } from '../checker.js';
import type { TokenName } from '../model/kind.js';
import type { Body } from '../syntax/ast.js';

/** The token types the highlighter gives, in the order of the server's legend. */
export const tokenTypes = [
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
] as const;
export type TokenType = (typeof tokenTypes)[number];

export interface TokenSpan {
  start: number;
  end: number;
  type: TokenType | TokenName;
  /** The declaring name rather than a use. */
  declaration: boolean;
}

/**
 * Semantic highlighting of the checked file: keywords, declared names by their kind's token (the
 * registry's `editor.token`), references by what they resolved to, attribute and block names,
 * numbers, strings, booleans and enum values. Sorted by offset, one token per start, none over a line break.
 */
export function semanticSpans(result: CheckResult): TokenSpan[] {
  const file = result.file;
  const language = result.language;
  const tokenOf = (kind: string): TokenName => language.kind(kind)?.editor.token ?? 'variable';
  const spans: TokenSpan[] = [];
  const add = (span: { start: number; end: number }, type: TokenSpan['type'], declaration = false) =>
    spans.push({ start: span.start, end: span.end, type, declaration });
  const referenced = new Set<number>();
  for (const r of result.model.references) if (r.file === file) referenced.add(r.span.start);
  const walk = (body: Body | undefined) => {
    for (const item of body?.items ?? []) {
      add(item.nameSpan, item.kind === 'block' ? 'struct' : 'property');
      if (item.kind === 'block') {
        walk(item.body);
        continue;
      }
      for (const v of item.values) {
        if (v.kind === 'quantity' || v.kind === 'number') add(v.span, 'number');
        else if (v.kind === 'string') add(v.span, 'string');
        else if (v.kind === 'ident' && (v.text === 'true' || v.text === 'false')) add(v.span, 'keyword');
        else if (v.kind === 'ident' && !referenced.has(v.span.start)) add(v.span, 'enumMember');
      }
    }
  };
  for (const d of file.tree.declarations) {
    add(d.keywordSpan, 'keyword');
    if (d.name) add(d.name.span, tokenOf(d.kind), true);
    if (d.path) add(d.path.span, 'string');
    walk(d.body);
  }
  for (const r of result.model.references) if (r.file === file) add(r.span, tokenOf(r.kind));
  // The first token given at a start wins (a declared name before a reference to it, a value before its enum reading).
  const byStart = new Map<number, TokenSpan>();
  for (const s of spans) if (!byStart.has(s.start) && !crossesLine(file.text, s)) byStart.set(s.start, s);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** A token over a line break (a string left open runs to the end of its line and past it): not coloured. */
function crossesLine(text: string, span: { start: number; end: number }): boolean {
  for (let i = span.start; i < span.end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}
