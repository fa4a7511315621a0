import type { IToken } from 'chevrotain';
import type { CheckResult } from '../checker.js';
import type { AttributeSpec, ReferenceKind } from '../model/schema.js';
import { unitsOf } from '../model/units.js';
import type { Body, Span } from '../syntax/ast.js';
import { Arrow, At, Comma, Equals, LCurly, NumberLiteral, numberLength, Quantity, RCurly, To } from '../syntax/lexer.js';

export type CompletionKind = 'keyword' | 'property' | 'block' | 'value' | 'reference' | 'unit';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert instead of the label (may be a snippet when `snippet` is true). */
  insertText?: string;
  snippet?: boolean;
  /** The span the item replaces (the partly typed word). */
  replace: Span;
}

/** The declared names a reference of this kind may name (a vm or a service: both). */
function names(result: CheckResult, kind: ReferenceKind): string[] {
  const declared = new Set<string>();
  for (const k of result.language.referenced(kind)) {
    for (const e of result.model.entities.get(k) ?? []) {
      const name = (e as { name?: string }).name;
      if (name !== undefined) declared.add(name);
    }
  }
  return [...declared];
}

function valueItems(result: CheckResult, spec: AttributeSpec, replace: Span): CompletionItem[] {
  const t = spec.type;
  switch (t.kind) {
    case 'enum':
      return t.values.map((v) => ({ label: v, kind: 'value', detail: spec.name, replace }));
    case 'boolean':
      return ['true', 'false'].map((v) => ({ label: v, kind: 'value', replace }));
    case 'reference': {
      const items: CompletionItem[] = names(result, t.to).map((n) => ({ label: n, kind: 'reference', detail: t.to, replace }));
      for (const w of t.words ?? []) items.push({ label: w, kind: 'value', replace });
      return items;
    }
    case 'quantity':
    case 'integer':
      return literalItems(spec, t.none === true, replace);
    default:
      return [];
  }
}

/**
 * A number's value: `none` where the attribute takes it (no cap: max-rounds, max-data,
 * stream-window), then its default where that is a figure (`throttle-initial = 20%`), then the
 * placeholder its "insert it" fix writes.
 */
function literalItems(spec: AttributeSpec, none: boolean, replace: Span): CompletionItem[] {
  const items: CompletionItem[] = [];
  if (none) items.push({ label: 'none', kind: 'value', detail: `${spec.name}: no cap`, replace });
  const figure = (v: string | undefined) => v !== undefined && /^-?\d/.test(v);
  if (figure(spec.default)) items.push({ label: spec.default as string, kind: 'value', detail: `${spec.name}: the default`, replace });
  if (figure(spec.placeholder) && spec.placeholder !== spec.default)
    items.push({ label: spec.placeholder as string, kind: 'value', detail: `${spec.name}: an example`, replace });
  return items;
}

function bodyAt(body: Body | undefined, offset: number, block?: string): { body: Body | undefined; block?: string } {
  for (const item of body?.items ?? []) {
    if (item.kind === 'block' && offset > item.body.span.start && (offset < item.body.span.end || !item.body.closed))
      return bodyAt(item.body, offset, item.name);
  }
  return { body, block };
}

/** Completions at an offset: declaration keywords, the attributes valid in the block, values, references, units. */
export function completeAt(result: CheckResult, offset: number): CompletionItem[] {
  const text = result.file.text;
  // Lex only from the start of the declaration the cursor is in: a large estate has megabytes before it.
  let base = 0;
  for (const d of result.file.tree.declarations) if (d.keywordSpan.start <= offset && d.keywordSpan.start > base) base = d.keywordSpan.start;
  const language = result.language;
  const tokens = language.syntax.tokenize(text.slice(base, offset)).tokens;
  const declarationTypes = language.syntax.chunks.declarationTypes;
  for (const t of tokens) t.startOffset += base;
  let last = tokens[tokens.length - 1] as IToken | undefined;
  let replace: Span = { start: offset, end: offset };
  // A word being typed is replaced by the item.
  if (last && last.startOffset + last.image.length === offset && /^[A-Za-z_0-9]/.test(last.image)) {
    if (last.tokenType === Quantity || last.tokenType === NumberLiteral) {
      const unitSpan = { start: last.startOffset + numberLength(last.image), end: offset };
      const attribute = attributeBefore(tokens, tokens.length - 1);
      const spec = attribute ? specAt(result, offset, attribute) : undefined;
      if (spec?.type.kind === 'quantity') return unitsOf(spec.type.dimension).map((u) => ({ label: u, kind: 'unit', detail: spec.name, replace: unitSpan }));
      return [];
    }
    replace = { start: last.startOffset, end: offset };
    tokens.pop();
    last = tokens[tokens.length - 1];
  }
  let depth = 0;
  let declarationStart = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType === LCurly) depth++;
    else if (t.tokenType === RCurly) depth = Math.max(0, depth - 1);
    else if (depth === 0 && declarationTypes.has(t.tokenType)) declarationStart = i;
  }
  const declarationToken = declarationStart >= 0 ? tokens[declarationStart] : undefined;
  const kind = declarationToken?.image;
  const shape = kind === undefined ? undefined : language.kind(kind)?.header;

  if (depth === 0) {
    const prev = last?.tokenType;
    if (prev === At || prev === To || prev === Arrow || (shape === 'ends' && declarationStart === tokens.length - 1)) {
      return names(result, 'site').map((n) => ({ label: n, kind: 'reference', detail: 'site', replace }));
    }
    if (shape === 'targets' && (declarationStart === tokens.length - 1 || prev === Comma)) {
      return [
        ...names(result, 'vm').map((n) => ({ label: n, kind: 'reference' as const, detail: 'vm', replace })),
        ...names(result, 'service').map((n) => ({ label: `service ${n}`, kind: 'reference' as const, detail: 'service', replace })),
      ];
    }
    if (shape === 'targets' && declarationStart < tokens.length - 1 && !tokens.slice(declarationStart).some((t) => t.tokenType === To)) {
      return [{ label: 'to', kind: 'keyword', replace }];
    }
    if (shape === 'name-at' && declarationStart === tokens.length - 2) return [{ label: 'at', kind: 'keyword', replace }];
    if (last && tokens[tokens.length - 1] === declarationToken && shape !== 'targets') return []; // typing a new name
    return language.kinds.map((k) => ({
      label: k.keyword,
      kind: 'keyword',
      detail: k.doc,
      insertText: k.editor.snippet,
      snippet: true,
      replace,
    }));
  }
  if (!kind) return [];
  const declaration = result.file.tree.declarations.find((d) => d.keywordSpan.start === declarationToken?.startOffset);
  const { body, block } = bodyAt(declaration?.body, offset);
  const specs = language.attributes(kind, block);
  if (last?.tokenType === Equals || last?.tokenType === Comma) {
    const attribute = attributeBefore(tokens, tokens.length);
    const spec = specs.find((s) => s.name === attribute);
    return spec ? valueItems(result, spec, replace) : [];
  }
  const present = new Set((body?.items ?? []).filter((i) => !(i.nameSpan.start <= offset && offset <= i.nameSpan.end)).map((i) => i.name));
  const items: CompletionItem[] = specs
    .filter((s) => !present.has(s.name))
    .map((s) => ({
      label: s.name,
      kind: 'property',
      detail: s.required ? 'required' : s.default ? `default ${s.default}` : undefined,
      documentation: s.doc,
      insertText: `${s.name} = `,
      replace,
    }));
  if (!block) {
    for (const b of language.blocks(kind)) {
      if (!present.has(b.name)) items.push({ label: b.name, kind: 'block', documentation: b.doc, insertText: `${b.name} {\n\t$0\n}`, snippet: true, replace });
    }
  }
  return items;
}

/** The attribute name before the `=` that precedes token index `end`. */
function attributeBefore(tokens: IToken[], end: number): string | undefined {
  for (let i = end - 1; i > 0; i--) {
    if (tokens[i].tokenType === Equals) return tokens[i - 1].image;
    if (tokens[i].tokenType === LCurly || tokens[i].tokenType === RCurly) return undefined;
  }
  return undefined;
}

function specAt(result: CheckResult, offset: number, attribute: string): AttributeSpec | undefined {
  const declaration = result.file.tree.declarations.find((d) => d.span.start <= offset && offset <= d.span.end + 1);
  if (!declaration) return undefined;
  const { block } = bodyAt(declaration.body, offset);
  const specs = result.language.attributes(declaration.kind, block);
  return specs.find((s) => s.name === attribute);
}
