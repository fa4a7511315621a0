import type { IToken } from 'chevrotain';
import type { Body } from '../syntax/ast.js';
import { BlockComment, Comma, LCurly, LineComment, RCurly, Semicolon } from '../syntax/lexer.js';
import { vmm } from '../language/registry.js';

export interface FormatOptions {
  /** Spaces per level (default 2), 1 to MAX_INDENT: a client's tabSize of 50,000,000 is not 250 MB of spaces. */
  indent?: number;
}

export const MAX_INDENT = 16;

/** The spaces per level an option asks for, brought into 1…MAX_INDENT (2 for what is not a number). */
export function indentOf(indent: number | undefined): number {
  if (indent === undefined || !Number.isFinite(indent)) return 2;
  return Math.min(MAX_INDENT, Math.max(1, Math.floor(indent)));
}

/**
 * A line comment without the spaces and tabs after it. Only those: a trailing U+00A0 or U+FEFF is
 * text the user wrote (JavaScript's trimEnd takes both as white space).
 */
export function withoutTrailingBlanks(comment: string): string {
  let end = comment.length;
  while (end > 0 && (comment[end - 1] === ' ' || comment[end - 1] === '\t')) end--;
  return comment.slice(0, end);
}

/**
 * Formats a `.vmm` file: one item per line in multi-line bodies, one-line bodies kept on one line
 * (`vm web { memory = 8GiB  vcpus = 2 }`, items two spaces apart), one space around `=` and
 * `<->` and after `,`. Every token and comment is kept, in order; blank-line groups are kept
 * (several blank lines become one). A file with syntax errors is returned unchanged: the
 * formatter never guesses at broken text. Idempotent.
 */
export function format(text: string, options: FormatOptions = {}): string {
  const tree = vmm.syntax.parse(text);
  if (tree.errors.length > 0) return text;
  const unit = ' '.repeat(indentOf(options.indent));
  const bom = text.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const eol = text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
  const lexed = vmm.syntax.tokenize(text);
  const tokens = [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  if (tokens.length === 0) return text.trim() === '' ? bom : text;

  // Where declarations and body items start: each begins a line (or, in a one-line body, a gap).
  const lineStarts = new Set(tree.declarations.map((d) => d.keywordSpan.start));
  const addItems = (body: Body | undefined) => {
    for (const item of body?.items ?? []) {
      lineStarts.add(item.nameSpan.start);
      if (item.kind === 'block') addItems(item.body);
    }
  };
  for (const d of tree.declarations) addItems(d.body);

  // A body stays on one line when its braces are on one source line.
  // Line breaks as the lexer and the editor count them: \n, \r\n, and a lone \r (old Mac files).
  const newlines = (from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
    }
    return n;
  };
  const oneLine = new Map<number, boolean>();
  const open: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === LCurly) open.push(t);
    else if (t.tokenType === RCurly) {
      const o = open.pop();
      if (o) oneLine.set(o.startOffset, newlines(o.startOffset, t.startOffset) === 0);
    }
  }

  const out: string[] = [];
  const bodies: boolean[] = [];
  let previous: IToken | undefined;
  const isComment = (t: IToken) => t.tokenType === LineComment || t.tokenType === BlockComment;
  const newLine = (t: IToken, level: number) => {
    const blank = previous !== undefined && newlines(previous.startOffset + previous.image.length, t.startOffset) >= 2;
    out.push((blank ? eol : '') + eol + unit.repeat(level));
  };
  for (const t of tokens) {
    const depth = bodies.length;
    const single = depth > 0 && bodies[depth - 1];
    if (previous) {
      const gapLines = newlines(previous.startOffset + previous.image.length, t.startOffset);
      const afterLineComment = previous.tokenType === LineComment;
      if (isComment(t)) {
        if (gapLines === 0) out.push(previous.tokenType === LCurly ? ' ' : '  ');
        else newLine(t, t.tokenType === LineComment && depth > 0 && !single ? depth : depth);
      } else if (t.tokenType === RCurly) {
        if (single && !afterLineComment) out.push(previous.tokenType === LCurly ? '' : ' ');
        else newLine(t, depth - 1);
      } else if (lineStarts.has(t.startOffset)) {
        if (single && !afterLineComment) out.push(previous.tokenType === LCurly ? ' ' : '  ');
        else newLine(t, depth);
      } else if (afterLineComment) {
        newLine(t, depth + 1);
      } else if (t.tokenType !== Comma && t.tokenType !== Semicolon) {
        out.push(' ');
      }
    }
    out.push(t.tokenType === LineComment ? withoutTrailingBlanks(t.image) : t.image);
    if (t.tokenType === LCurly) bodies.push(oneLine.get(t.startOffset) ?? false);
    if (t.tokenType === RCurly) bodies.pop();
    previous = t;
  }
  return bom + out.join('') + eol;
}
