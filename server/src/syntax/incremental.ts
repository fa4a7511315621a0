import type { Body, Span, SyntaxTree, Value } from './ast.js';
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
  // Character codes, not regular expressions or slices: this runs over the whole file on every keystroke.
  const starts = [0];
  let inBlockComment = false;
  /** The last character of code (-1: none yet). */
  let lastCode = -1;
  /** Whether the last word of code is `migrate` (`migrate` ⏎ `service web to b` is one declaration). */
  let afterMigrate = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // At a line start: is this a declaration keyword?
    let j = i;
    while (j < n && isBlank(text.charCodeAt(j))) j++;
    if (!inBlockComment && i > 0 && lastCode !== COMMA && lastCode !== LT && lastCode !== GT) {
      let k = j;
      while (k < n && isLower(text.charCodeAt(k))) k++;
      if (k > j && k - j <= LONGEST_KEYWORD) {
        const word = text.slice(j, k);
        const target = word === 'service' && afterMigrate;
        if (KEYWORDS.has(word) && (k === n || endsKeyword(text.charCodeAt(k))) && !target && nextCode(text, k) !== '=') starts.push(i);
      }
    }
    // Scan the rest of the line for comments and strings, remembering the last code character.
    let p = j;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === NL) break;
      if (inBlockComment) {
        if (c === STAR && text.charCodeAt(p + 1) === SLASH) {
          inBlockComment = false;
          p += 2;
          continue;
        }
        p++;
        continue;
      }
      if (c === SLASH && text.charCodeAt(p + 1) === SLASH) break;
      if (c === SLASH && text.charCodeAt(p + 1) === STAR) {
        inBlockComment = true;
        p += 2;
        continue;
      }
      if (c === QUOTE) {
        p++;
        while (p < n) {
          const d = text.charCodeAt(p);
          if (d === QUOTE || d === NL) break;
          p += d === BACKSLASH ? 2 : 1;
        }
        lastCode = QUOTE;
        afterMigrate = false;
        p++;
        continue;
      }
      if (isWordStart(c) && !(p > 0 && isWordChar(text.charCodeAt(p - 1)))) {
        let q = p;
        while (q < n && isWordChar(text.charCodeAt(q))) q++;
        afterMigrate = q - p === 7 && text.startsWith('migrate', p);
        lastCode = text.charCodeAt(q - 1);
        p = q;
        continue;
      }
      if (c !== SPACE && c !== TAB && c !== CR) {
        lastCode = c;
        afterMigrate = false;
      }
      p++;
    }
    if (p < n && text.charCodeAt(p) !== NL) {
      const eol = text.indexOf('\n', p);
      p = eol < 0 ? n : eol;
    }
    i = p + 1;
  }
  return starts;
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const COMMA = 44;
const LT = 60;
const GT = 62;
const STAR = 42;
const SLASH = 47;
const QUOTE = 34;
const BACKSLASH = 92;
const LONGEST_KEYWORD = 9;
const isBlank = (c: number) => c === SPACE || c === TAB;
const isLower = (c: number) => c >= 97 && c <= 122;
const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordChar = (c: number) => isWordStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
/** What may follow a declaration keyword: a blank, a line break or a brace. */
const endsKeyword = (c: number) => c === SPACE || c === TAB || c === CR || c === NL || c === 123;

const TOKEN_START = /[A-Za-z0-9_"{}=,;<%*-]/;

/** The first character of code from `at` on, past blanks, line breaks and comments: `network // lan` ⏎ `= lan` is an attribute. */
function nextCode(text: string, at: number): string | undefined {
  let m = at;
  for (;;) {
    while (m < text.length && /[ \t\r\n\uFEFF]/.test(text[m])) m++;
    if (text.startsWith('//', m)) {
      while (m < text.length && text[m] !== '\n' && text[m] !== '\r') m++;
    } else if (text.startsWith('/*', m)) {
      const end = text.indexOf('*/', m + 2);
      if (end < 0) return undefined;
      m = end + 2;
    } else if (m < text.length && !TOKEN_START.test(text[m])) {
      m++; // a character no token starts with: the lexer skips it (an error of its own)
    } else return text[m];
  }
}

/**
 * Moves every span of a chunk's tree by `by`, in place (a tree belongs to one chunk at one place at
 * a time, so nothing else sees the old offsets). Each span object is moved once.
 */
function shiftTree(tree: SyntaxTree, by: number): void {
  if (by === 0) return;
  const moved = new Set<Span>();
  const move = (s: Span | undefined) => {
    if (!s || moved.has(s)) return;
    moved.add(s);
    s.start += by;
    s.end += by;
  };
  const moveValue = (v: Value) => move(v.span);
  const moveBody = (body: Body) => {
    move(body.span);
    for (const item of body.items) {
      move(item.nameSpan);
      move(item.span);
      if (item.kind === 'attribute') item.values.forEach(moveValue);
      else {
        move(item.label?.span);
        moveBody(item.body);
      }
    }
  };
  for (const d of tree.declarations) {
    move(d.keywordSpan);
    move(d.span);
    move(d.name?.span);
    move(d.at?.span);
    move(d.ends?.[0]?.span);
    move(d.ends?.[1]?.span);
    move(d.path?.span);
    move(d.to?.span);
    d.targets?.forEach((t) => move(t.span));
    if (d.body) moveBody(d.body);
  }
  tree.comments.forEach((c) => move(c.span));
  tree.errors.forEach((e) => move(e.span));
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

interface Placed {
  tree: SyntaxTree;
  /** Where the tree's offsets currently place it. */
  start: number;
}

function parseChunks(text: string, cache: Map<string, Placed> | undefined, next: Map<string, Placed> | undefined): SyntaxTree {
  const starts = chunkStarts(text);
  const result: SyntaxTree = { declarations: [], comments: [], errors: [] };
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const chunk = text.slice(start, end);
    const following = followingOf(text, start, end);
    // The tree depends on the chunk and on what follows it (named in an error at its end).
    const key = following ? `${following.image}\u0000${chunk}` : chunk;
    // A chunk repeated within one file is parsed again: one tree is placed at one offset.
    let placed = next?.has(key) ? undefined : cache?.get(key);
    if (!placed) placed = { tree: parseChunk(chunk, following), start: 0 };
    shiftTree(placed.tree, start - placed.start);
    placed.start = start;
    if (next && !next.has(key)) next.set(key, placed);
    const tree = placed.tree;
    for (const d of tree.declarations) result.declarations.push(d);
    for (const c of tree.comments) result.comments.push(c);
    for (const e of tree.errors) result.errors.push(e);
  }
  return result;
}

/**
 * Parses a file chunk by chunk, reusing the trees of chunks whose text has not changed since the
 * last parse with the same cache: a keystroke re-parses one declaration, not the whole estate.
 */
export class IncrementalParser {
  private cache = new Map<string, Placed>();

  parse(text: string): SyntaxTree {
    const next = new Map<string, Placed>();
    const result = parseChunks(text, this.cache, next);
    this.cache = next;
    return result;
  }
}
