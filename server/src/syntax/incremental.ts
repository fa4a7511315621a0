import type { Block, Body, Declaration, Span, SyntaxTree, Value } from './ast.js';
import { parseChunk, type Following } from './parser.js';

const KEYWORDS = new Set(['import', 'policy', 'site', 'link', 'datastore', 'network', 'vm', 'service', 'migrate']);

/**
 * Splits a file into top-level declaration chunks, at lines that start with a declaration keyword
 * (not `site =`), outside block comments, when the previous code does not continue a list
 * (`migrate a,` ⏎ `service b to c`). These are exactly the places where the parser itself ends a
 * declaration (a body left open ends at such a keyword), so parsing the chunks one by one gives
 * the tree of the whole file.
 */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  let inBlockComment = false;
  let lastCode = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    // At a line start: is this a declaration keyword?
    let j = i;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (!inBlockComment && i > 0 && lastCode !== ',' && lastCode !== '<' && lastCode !== '>') {
      let k = j;
      while (k < n && /[a-z]/.test(text[k])) k++;
      const word = text.slice(j, k);
      if (KEYWORDS.has(word) && (k === n || /[ \t\r\n{]/.test(text[k]))) {
        let m = k;
        while (m < n && (text[m] === ' ' || text[m] === '\t')) m++;
        if (text[m] !== '=') starts.push(i);
      }
    }
    // Scan the rest of the line for comments and strings, remembering the last code character.
    let p = j;
    while (p < n && text[p] !== '\n') {
      const c = text[p];
      if (inBlockComment) {
        if (c === '*' && text[p + 1] === '/') {
          inBlockComment = false;
          p += 2;
          continue;
        }
        p++;
        continue;
      }
      if (c === '/' && text[p + 1] === '/') break;
      if (c === '/' && text[p + 1] === '*') {
        inBlockComment = true;
        p += 2;
        continue;
      }
      if (c === '"') {
        p++;
        while (p < n && text[p] !== '"' && text[p] !== '\n') p += text[p] === '\\' ? 2 : 1;
        lastCode = '"';
        p++;
        continue;
      }
      if (c !== ' ' && c !== '\t' && c !== '\r') lastCode = c;
      p++;
    }
    while (p < n && text[p] !== '\n') p++;
    i = p + 1;
  }
  return starts;
}

function shiftSpan(s: Span, by: number): Span {
  return { start: s.start + by, end: s.end + by };
}

function shiftValue(v: Value, by: number): Value {
  return { ...v, span: shiftSpan(v.span, by) };
}

function shiftBody(body: Body, by: number): Body {
  return {
    closed: body.closed,
    span: shiftSpan(body.span, by),
    items: body.items.map((item) =>
      item.kind === 'attribute'
        ? { ...item, nameSpan: shiftSpan(item.nameSpan, by), span: shiftSpan(item.span, by), values: item.values.map((v) => shiftValue(v, by)) }
        : ({ ...item, nameSpan: shiftSpan(item.nameSpan, by), span: shiftSpan(item.span, by), label: item.label && { ...item.label, span: shiftSpan(item.label.span, by) }, body: shiftBody(item.body, by) } as Block),
    ),
  };
}

function shiftDeclaration(d: Declaration, by: number): Declaration {
  if (by === 0) return d;
  const name = (x: { name: string; span: Span } | undefined) => x && { name: x.name, span: shiftSpan(x.span, by) };
  return {
    kind: d.kind,
    keywordSpan: shiftSpan(d.keywordSpan, by),
    span: shiftSpan(d.span, by),
    name: name(d.name),
    at: name(d.at),
    ends: d.ends && [name(d.ends[0]), name(d.ends[1])],
    path: d.path && { value: d.path.value, span: shiftSpan(d.path.span, by) },
    targets: d.targets?.map((t) => ({ ...t, span: shiftSpan(t.span, by) })),
    to: name(d.to),
    body: d.body && shiftBody(d.body, by),
  };
}

/** The first token after a chunk: the declaration keyword the next chunk starts with. */
function followingOf(text: string, chunkStart: number, nextStart: number): Following | undefined {
  if (nextStart >= text.length) return undefined;
  let i = nextStart;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  let j = i;
  while (j < text.length && /[a-z]/.test(text[j])) j++;
  return { image: text.slice(i, j), offset: i - chunkStart };
}

/** Parses a whole file, chunk by chunk (each chunk one or more top-level declarations). */
export function parse(text: string): SyntaxTree {
  return parseChunks(text, undefined, undefined);
}

function parseChunks(text: string, cache: Map<string, SyntaxTree> | undefined, next: Map<string, SyntaxTree> | undefined): SyntaxTree {
  const starts = chunkStarts(text);
  const result: SyntaxTree = { declarations: [], comments: [], errors: [] };
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const chunk = text.slice(start, end);
    const following = followingOf(text, start, end);
    // The tree depends on the chunk and on what follows it (named in an error at its end).
    const key = following ? `${following.image}\u0000${chunk}` : chunk;
    let tree = next?.get(key) ?? cache?.get(key);
    if (!tree) tree = parseChunk(chunk, following);
    next?.set(key, tree);
    for (const d of tree.declarations) result.declarations.push(shiftDeclaration(d, start));
    for (const c of tree.comments) result.comments.push({ ...c, span: shiftSpan(c.span, start) });
    for (const e of tree.errors) result.errors.push({ ...e, span: shiftSpan(e.span, start) });
  }
  return result;
}

/**
 * Parses a file chunk by chunk, reusing the trees of chunks whose text has not changed since the
 * last parse with the same cache: a keystroke re-parses one declaration, not the whole estate.
 */
export class IncrementalParser {
  private cache = new Map<string, SyntaxTree>();

  parse(text: string): SyntaxTree {
    const next = new Map<string, SyntaxTree>();
    const result = parseChunks(text, this.cache, next);
    this.cache = next;
    return result;
  }
}
