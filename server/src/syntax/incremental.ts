import type { Body, Name, Span, SyntaxTree } from './ast.js';
import type { SourceFile } from './source.js';
import { commonPrefix, commonSuffix, LineIndex } from '../text.js';
import type { Grammar } from './grammar.js';
import type { ChunkParser, Following } from './parser.js';

/**
 * Splits a file into top-level declaration chunks, at lines that start with a declaration keyword
 * (not `site =`), outside block comments, when the previous code does not continue a list
 * (`migrate a,` ⏎ `service b to c`). These are exactly the places where the parser itself ends a
 * declaration (a body left open ends at such a keyword), so parsing the chunks one by one gives
 * the tree of the whole file.
 */
export function chunkStarts(text: string, grammar: Grammar): number[] {
  return scanStarts(text, 0, grammar).starts;
}

/**
 * The chunk starts from `from` on (`from` is 0 or a known start: nothing before it decides what
 * follows, since a start's own line begins with its keyword). With `stop`, the scan ends at the
 * first later start `stop` accepts (where the rest is known to be as it was) and says where.
 */
function scanStarts(text: string, from: number, grammar: Grammar, stop?: (start: number) => boolean): { starts: number[]; stoppedAt?: number } {
  const keywords = [...grammar.declarations.keys()];
  const targetsKeywords = keywords.filter((word) => grammar.declarations.get(word) === 'targets');
  let longest = 0;
  for (const word of keywords) longest = Math.max(longest, word.length);
  // Character codes, not regular expressions or slices: this runs over the whole file on every
  // keystroke, and a slice of each word (to look it up) was a third of its time.
  const starts = [from];
  let inBlockComment = false;
  /** The last character of code (-1: none yet). */
  let lastCode = -1;
  /** Whether the last word of code starts a `targets` header (`migrate` ⏎ `service web to b` is one declaration). */
  let afterTargets = false;
  let i = from;
  const n = text.length;
  while (i < n) {
    // At a line start: is this a declaration keyword?
    let j = i;
    while (j < n && isBlank(text.charCodeAt(j))) j++;
    if (!inBlockComment && i > from && lastCode !== COMMA && lastCode !== LT && lastCode !== GT) {
      let k = j;
      while (k < n && isLower(text.charCodeAt(k))) k++;
      if (k > j && k - j <= longest) {
        const target = afterTargets && isWordAt(text, j, k, grammar.groupWord);
        if (isOneOf(text, j, k, keywords) && (k === n || endsKeyword(text.charCodeAt(k))) && !target && nextCode(text, k) !== '=') {
          if (stop?.(i)) return { starts, stoppedAt: i };
          starts.push(i);
        }
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
        afterTargets = false;
        p++;
        continue;
      }
      if (isWordStart(c) && !(p > 0 && isWordChar(text.charCodeAt(p - 1)))) {
        let q = p;
        while (q < n && isWordChar(text.charCodeAt(q))) q++;
        afterTargets = isOneOf(text, p, q, targetsKeywords);
        lastCode = text.charCodeAt(q - 1);
        p = q;
        continue;
      }
      if (c !== SPACE && c !== TAB && c !== CR) {
        lastCode = c;
        afterTargets = false;
      }
      p++;
    }
    if (p < n && text.charCodeAt(p) !== NL) {
      const eol = text.indexOf('\n', p);
      p = eol < 0 ? n : eol;
    }
    i = p + 1;
  }
  return { starts };
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
 * a time, so nothing else sees the old offsets). No span object appears twice in a tree (the
 * parsers make one per node), so each is moved once.
 */
function shiftTree(tree: SyntaxTree, by: number): void {
  if (by === 0) return;
  // Each kind of node moved at a place of its own (a store V8 sees one class at, not a shared
  // `move` that sees them all): this runs for every node after an edit, half the file on average.
  // A node is its own span (ast.ts), so moving it moves its keyword's or name's span too.
  for (const d of tree.declarations) {
    d.start += by;
    d.end += by;
    if (d.name) moveName(d.name, by);
    if (d.at) moveName(d.at, by);
    if (d.ends?.[0]) moveName(d.ends[0], by);
    if (d.ends?.[1]) moveName(d.ends[1], by);
    if (d.path) {
      d.path.start += by;
      d.path.end += by;
    }
    if (d.to) moveName(d.to, by);
    if (d.targets)
      for (const t of d.targets) {
        t.start += by;
        t.end += by;
      }
    if (d.body) moveBody(d.body, by);
  }
  for (const c of tree.comments) moveSpan(c.span, by);
  for (const e of tree.errors) moveSpan(e.span, by);
}

function moveName(name: Name, by: number): void {
  name.start += by;
  name.end += by;
}

function moveSpan(span: Span, by: number): void {
  span.start += by;
  span.end += by;
}

function moveBody(body: Body, by: number): void {
  body.start += by;
  body.end += by;
  for (const item of body.items) {
    if (item.kind === 'attribute') {
      item.start += by;
      item.end += by;
      for (const v of item.values) {
        v.start += by;
        v.end += by;
      }
    } else {
      item.start += by;
      item.end += by;
      if (item.label) moveName(item.label, by);
      moveBody(item.body, by);
    }
  }
}

/** Whether `text` from `start` to `end` is `word`, without slicing it out. */
function isWordAt(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** Whether `text` from `start` to `end` is one of `words`. */
function isOneOf(text: string, start: number, end: number, words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) if (isWordAt(text, start, end, words[i])) return true;
  return false;
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
export function parseFile(text: string, parser: ChunkParser): SyntaxTree {
  return assemble(placedChunks(text, parser));
}

/** Every chunk of a text, parsed, at its place. */
function placedChunks(text: string, parser: ChunkParser): Placed[] {
  const starts = chunkStarts(text, parser.grammar);
  return starts.map((start, i) => ({ tree: parseChunkAt(text, start, starts[i + 1] ?? text.length, parser), start }));
}

interface Placed {
  tree: SyntaxTree;
  /** Where the tree's offsets currently place it. */
  start: number;
}

/** The tree of the chunk from `start` to `end`, its offsets in the whole text. */
function parseChunkAt(text: string, start: number, end: number, parser: ChunkParser): SyntaxTree {
  const tree = parser.parseChunk(text.slice(start, end), followingOf(text, start, end));
  shiftTree(tree, start);
  return tree;
}

/** The tree of the file from its chunks' trees, in order. */
function assemble(chunks: readonly Placed[]): SyntaxTree {
  const result: SyntaxTree = { declarations: [], comments: [], errors: [] };
  for (const { tree } of chunks) {
    for (const d of tree.declarations) result.declarations.push(d);
    for (const c of tree.comments) result.comments.push(c);
    for (const e of tree.errors) result.errors.push(e);
  }
  return result;
}

/** How many declarations, comments and errors the trees of `chunks[from]` to `chunks[to - 1]` hold. */
function counts(chunks: readonly Placed[], from: number, to: number): { declarations: number; comments: number; errors: number } {
  let declarations = 0;
  let comments = 0;
  let errors = 0;
  for (let i = from; i < to; i++) {
    const { tree } = chunks[i];
    declarations += tree.declarations.length;
    comments += tree.comments.length;
    errors += tree.errors.length;
  }
  return { declarations, comments, errors };
}

/** `list` with `removed` items from `start` on replaced by `inserted`, as a new list (copied in runs, not item by item). */
function spliced<T>(list: readonly T[], start: number, removed: number, inserted: readonly T[]): T[] {
  return list.slice(0, start).concat(inserted, list.slice(start + removed));
}

/**
 * The tree of the file after an edit, from the last one (`old` its chunks): the chunks from `from`
 * to `to` replaced by `region`. The lists before and after the region are copied in runs, where
 * assembling them again pushed every declaration of 20,000 chunks one by one.
 */
function reassemble(previous: SyntaxTree, old: readonly Placed[], from: number, to: number, region: readonly Placed[]): SyntaxTree {
  const before = counts(old, 0, from);
  const replaced = counts(old, from, to);
  const added = assemble(region);
  return {
    declarations: spliced(previous.declarations, before.declarations, replaced.declarations, added.declarations),
    comments: spliced(previous.comments, before.comments, replaced.comments, added.comments),
    errors: spliced(previous.errors, before.errors, replaced.errors, added.errors),
  };
}

/** The index of the chunk placed at `start` in the chunks (in order of place), from `from` on, or -1. */
function chunkAt(chunks: readonly Placed[], start: number, from: number): number {
  let lo = from;
  let hi = chunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid].start < start) lo = mid + 1;
    else if (chunks[mid].start > start) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/**
 * Parses a file chunk by chunk, reusing the trees of the chunks an edit did not touch: it finds
 * the changed region (the texts' common start and end), scans for chunk starts only from just
 * before it until the starts fall in step with the last version's again, re-parses the chunks in
 * between, and moves the trees after it by the length the edit added. A keystroke in an estate of
 * twenty thousand VMs re-reads one declaration, not 3 MB.
 */
export class IncrementalParser {
  private text: string | undefined;
  /** The chunks of the last text, in order of place. */
  private chunks: Placed[] = [];
  private tree: SyntaxTree | undefined;
  /** What the last parse changed: the characters kept at the start and at the end. */
  private change: { prefix: number; suffix: number } | undefined;
  private file: SourceFile | undefined;

  constructor(private readonly parser: ChunkParser) {}

  /**
   * The file for a check: one object for the document's life, its text, tree and lines brought up
   * to date (the model keeps what it took from unchanged declarations, and they name this file).
   */
  sourceFile(path: string, text: string): SourceFile {
    const before = this.text;
    const previous = this.file?.lines;
    const tree = this.parse(text);
    let lines: LineIndex;
    if (previous && previous.text === text) lines = previous;
    else if (previous && this.change && previous.text === before) lines = LineIndex.edited(previous, text, this.change.prefix, this.change.suffix);
    else lines = new LineIndex(text);
    if (!this.file) this.file = { path, text, tree, lines };
    else {
      this.file.path = path;
      this.file.text = text;
      this.file.tree = tree;
      this.file.lines = lines;
    }
    return this.file;
  }

  parse(text: string): SyntaxTree {
    if (this.text === undefined || this.tree === undefined) return this.full(text);
    if (text === this.text) {
      this.change = undefined;
      return this.tree;
    }
    const old = this.text;
    const prefix = commonPrefix(old, text);
    const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
    this.change = { prefix, suffix };
    const delta = text.length - old.length;
    const changedEnd = text.length - suffix;
    // Restart one chunk before the one the edit begins in: that chunk's start, and everything it
    // looks at to be one, lie before the edit.
    const chunks = this.chunks;
    let at = chunks.length - 1;
    while (at > 0 && chunks[at].start >= prefix) at--;
    const from = Math.max(0, at - 1);
    // In step again at a start past the edit that was a start before it too (moved by delta):
    // from there on the text, and so the scan, is as it was.
    let resumeAt = -1;
    const { starts: scanned, stoppedAt } = scanStarts(text, chunks[from].start, this.parser.grammar, (start) => {
      if (start < changedEnd) return false;
      resumeAt = chunkAt(chunks, start - delta, from + 1);
      return resumeAt >= 0;
    });
    // The trees of the chunks in between, by their text (and what follows them), where it is unchanged.
    const regionEnd = stoppedAt === undefined ? chunks.length : resumeAt;
    const byText = new Map<string, Placed>();
    for (let i = from; i < regionEnd; i++) {
      const end = i + 1 < chunks.length ? chunks[i + 1].start : old.length;
      byText.set(keyOf(old, chunks[i].start, end), chunks[i]);
    }
    const region: Placed[] = scanned.map((start, i) => {
      const end = i + 1 < scanned.length ? scanned[i + 1] : (stoppedAt ?? text.length);
      const key = keyOf(text, start, end);
      const reused = byText.get(key);
      if (reused) {
        byText.delete(key);
        shiftTree(reused.tree, start - reused.start);
        reused.start = start;
        return reused;
      }
      return { tree: parseChunkAt(text, start, end, this.parser), start };
    });
    const after = stoppedAt === undefined ? [] : chunks.slice(resumeAt);
    for (const placed of after) {
      shiftTree(placed.tree, delta);
      placed.start += delta;
    }
    const previous = this.tree;
    this.chunks = chunks.slice(0, from).concat(region, after);
    this.text = text;
    return (this.tree = reassemble(previous, chunks, from, regionEnd, region));
  }

  private full(text: string): SyntaxTree {
    this.change = undefined;
    this.chunks = placedChunks(text, this.parser);
    this.text = text;
    return (this.tree = assemble(this.chunks));
  }
}

/** A chunk's text and the word that follows it (named in an error at its end): what its tree depends on. */
function keyOf(text: string, start: number, end: number): string {
  const following = followingOf(text, start, end);
  const chunk = text.slice(start, end);
  return following ? `${following.image}\u0000${chunk}` : chunk;
}
