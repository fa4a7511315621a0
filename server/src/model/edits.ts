import type { Attribute, Body, Comment, Declaration } from '../syntax/ast.js';
import type { Edit, SourceFile } from './findings.js';

/** Where the line holding an offset starts: looked up, not scanned back to (fixes are built by the thousand on one long line). */
function lineStartOf(file: SourceFile, offset: number): number {
  return file.lines.lineStart(file.lines.position(offset).line);
}

/** The spaces and tabs that start the line holding an offset, up to it. */
function lineIndent(file: SourceFile, offset: number): string {
  const start = lineStartOf(file, offset);
  const text = file.text;
  let end = start;
  while (end < offset && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/** Inserts `name = value` as the last item of a declaration's (or block's) body, creating the body when there is none. */
export function insertAttribute(file: SourceFile, declaration: Declaration, name: string, value: string): Edit {
  return insertIntoBody(file, declaration, declaration.body, `${name} = ${value}`);
}

export function insertIntoBody(file: SourceFile, declaration: Declaration, body: Body | undefined, line: string | readonly string[]): Edit {
  const text = file.text;
  const nl = file.lines.newline;
  const lines = typeof line === 'string' ? [line] : line;
  if (!body) {
    const at = declaration.span.end;
    const indent = lineIndent(file, declaration.span.start);
    return { file: file.path, span: { start: at, end: at }, newText: ` {${nl}${lines.map((l) => `${indent}  ${l}${nl}`).join('')}${indent}}` };
  }
  if (recovered(file, body)) {
    // After the last item of a body the parser had to recover in may come anything (a stray `=`,
    // an unclosed block that would take the line in): the line goes first, ended by `;`, where it
    // is read as an item whatever follows.
    return { file: file.path, span: { start: body.span.start + 1, end: body.span.start + 1 }, newText: lines.map((l) => ` ${l};`).join('') };
  }
  const closeAt = body.closed ? body.span.end - 1 : body.span.end;
  const openIndent = lineIndent(file, body.span.start);
  const last = body.items[body.items.length - 1];
  if (last) {
    const lastOnOpeningLine = file.lines.position(body.span.start).line === file.lines.position(last.span.start).line;
    if (lastOnOpeningLine) {
      // One-line body `{ a = 1 }`: keep it on one line.
      return { file: file.path, span: { start: last.span.end, end: last.span.end }, newText: lines.map((l) => ` ${l}`).join('') };
    }
    const indent = lineIndent(file, last.span.start);
    return { file: file.path, span: { start: last.span.end, end: last.span.end }, newText: lines.map((l) => `${nl}${indent}${l}`).join('') };
  }
  const between = text.slice(body.span.start + 1, closeAt);
  if (between.trim() === '' && !between.includes('\n')) {
    // `{}` or `{ }`
    return { file: file.path, span: { start: body.span.start + 1, end: closeAt }, newText: ` ${lines.join(' ')} ` };
  }
  // A body holding only comments keeps them: the lines go before them.
  return {
    file: file.path,
    span: { start: body.span.start + 1, end: body.span.start + 1 },
    newText: between.includes('\n') ? lines.map((l) => `${nl}${openIndent}  ${l}`).join('') : lines.map((l) => ` ${l}`).join(''),
  };
}

/** A body the parser had to recover in: its `}` is missing, or a syntax error lies inside it. */
function recovered(file: SourceFile, body: Body): boolean {
  if (!body.closed) return true;
  // Errors come sorted by position: the first at or after the body's start says it.
  const errors = file.tree.errors;
  let lo = 0;
  let hi = errors.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (errors[mid].span.start < body.span.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < errors.length && errors[lo].span.start < body.span.end;
}

/** Sets an attribute: replaces the values of the existing one, or inserts it. */
export function setAttribute(file: SourceFile, declaration: Declaration, name: string, value: string): Edit {
  const body = declaration.body;
  const existing = body?.items.find((i) => i.kind === 'attribute' && i.name === name);
  if (body && existing && existing.kind === 'attribute') {
    const values = existing.values;
    const equals = hasEquals(file, existing);
    // In a recovered body the value may be followed by a stray `=` that would make it read as the
    // next attribute's name: `;` ends it.
    const end = recovered(file, body) ? ';' : '';
    if (values.length > 0) {
      const span = { start: values[0].span.start, end: values[values.length - 1].span.end };
      if (equals) return { file: file.path, span, newText: value + end };
      // `load-balancer none`, its `=` missing (recovery read the value anyway): the fix writes it.
      const between = file.text.slice(existing.nameSpan.end, span.start);
      return { file: file.path, span: { start: existing.nameSpan.end, end: span.end }, newText: ` =${between}${value}${end}` };
    }
    // Half-typed (`method =`, or `method` alone): the value is added, nothing written is replaced,
    // and `;` ends it, so that what follows is not read as more of its values.
    return { file: file.path, span: { start: existing.span.end, end: existing.span.end }, newText: `${equals ? '' : ' ='} ${value};` };
  }
  return insertAttribute(file, declaration, name, value);
}

/**
 * Removes an attribute: its whole line when it stands alone there (with a comment after it on that
 * line), else the attribute and the space before it. A comment inside it is kept.
 */
export function removeAttribute(file: SourceFile, declaration: Declaration, name: string): Edit | undefined {
  const attribute = declaration.body?.items.find((i) => i.kind === 'attribute' && i.name === name);
  if (!attribute) return undefined;
  const text = file.text;
  const { start, end } = attribute.span;
  const inner =
    text
      .slice(start, end)
      .match(/\/\*[\s\S]*?\*\//g)
      ?.join(' ') ?? '';
  const lineStart = lineStartOf(file, start);
  let lineEnd = end;
  while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t' || text[lineEnd] === ';')) lineEnd++;
  const alone = text.slice(lineStart, start).trim() === '' && (lineEnd === text.length || text[lineEnd] === '\n' || text[lineEnd] === '\r');
  if (alone && !inner) {
    let next = lineEnd;
    if (text[next] === '\r') next++;
    if (text[next] === '\n') next++;
    return { file: file.path, span: { start: lineStart, end: next }, newText: '' };
  }
  let from = start;
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  return { file: file.path, span: { start: from, end }, newText: inner ? ` ${inner}` : '' };
}

/** Sets several attributes of one declaration in one change: those written are replaced, the others inserted together (one body, not one per attribute). */
export function setAttributes(file: SourceFile, declaration: Declaration, pairs: readonly (readonly [string, string])[]): Edit[] {
  const edits: Edit[] = [];
  const missing: string[] = [];
  for (const [name, value] of pairs) {
    const written = declaration.body?.items.some((i) => i.kind === 'attribute' && i.name === name);
    if (written) edits.push(setAttribute(file, declaration, name, value));
    else missing.push(`${name} = ${value}`);
  }
  if (missing.length > 0) edits.push(insertIntoBody(file, declaration, declaration.body, missing));
  return mergeEdits(edits);
}

/** Whether an attribute has its `=`: `memory 4GiB` has not, though recovery read its value. */
export function hasEquals(file: SourceFile, attribute: Attribute): boolean {
  const end = attribute.values[0]?.span.start ?? attribute.span.end;
  return file.text
    .slice(attribute.nameSpan.end, end)
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\r\n]*/g, '')
    .includes('=');
}

/** Appends a declaration at the end of a file. */
export function appendDeclaration(file: SourceFile, declarationText: string): Edit {
  const text = file.text;
  const nl = file.lines.newline;
  const lines = declarationText.replace(/\n/g, nl);
  // A block comment left open runs to the end of the file: the declaration goes before it, not into it.
  const last = file.tree.comments[file.tree.comments.length - 1];
  if (last?.block && !(last.text.length >= 4 && last.text.endsWith('*/'))) {
    const at = last.span.start;
    const lead = at === 0 || /[\r\n]$/.test(text.slice(0, at)) ? '' : nl;
    return { file: file.path, span: { start: at, end: at }, newText: `${lead}${lines}${nl}` };
  }
  const end = text.length;
  const lead = end === 0 ? '' : /[\r\n]$/.test(text) ? nl : nl + nl;
  return { file: file.path, span: { start: end, end }, newText: `${lead}${lines}${nl}` };
}

/** Inserts a line just above a declaration, with its indentation. */
export function insertLineAbove(file: SourceFile, declaration: Declaration, line: string): Edit {
  const nl = file.lines.newline;
  let at = declaration.span.start;
  // The declaration starts on the closing line of a block comment (`/* …` ⏎ `… */ migrate`): the
  // line goes above the comment, not inside it, and the comment's lines keep it "directly above".
  for (let inside = commentAround(file, lineStartOf(file, at)); inside; inside = commentAround(file, lineStartOf(file, at))) at = inside.span.start;
  const start = lineStartOf(file, at);
  if (!lineHoldsOnlyComments(file, start, at)) {
    // Code before it on its line: the declaration gets a line of its own, the comment above it.
    let from = declaration.span.start;
    while (from > 0 && (file.text[from - 1] === ' ' || file.text[from - 1] === '\t')) from--;
    const indent = lineIndent(file, start);
    return { file: file.path, span: { start: from, end: declaration.span.start }, newText: `${nl}${indent}${line}${nl}${indent}` };
  }
  const indent = lineIndent(file, at);
  return { file: file.path, span: { start, end: start }, newText: `${indent}${line}${nl}` };
}

/** The comment whose inside holds an offset (after its first character, before its end), if any. */
export function commentAround(file: SourceFile, offset: number): Comment | undefined {
  const comments = file.tree.comments;
  let lo = 0;
  let hi = comments.length;
  // The last comment starting before the offset.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  const candidate = comments[lo - 1];
  return candidate && candidate.span.end > offset ? candidate : undefined;
}

/** Whether the text from `from` to `to` is only white space and comments, at least one of them (a comment's inside included). */
function lineHoldsOnlyComments(file: SourceFile, from: number, to: number): boolean {
  const text = file.text;
  let at = from;
  while (at < to) {
    const c = text.charCodeAt(at);
    if (c === 32 || c === 9 || c === 0xfeff || c === 12 || c === 11) {
      at++;
      continue;
    }
    const comment = commentAround(file, at + 1);
    if (!comment || comment.span.start > at) return false;
    at = comment.span.end;
  }
  return true;
}

/**
 * Whether a line holds comments and nothing else but white space (a line inside a block comment
 * does): such lines keep a `// vmm-ignore` above them directly above the declaration below.
 */
export function isCommentLine(file: SourceFile, line: number): boolean {
  if (line < 0 || line >= file.lines.lineCount) return false;
  const { start, end } = lineSpan(file, line);
  if (!commentAround(file, start) && file.text.slice(start, end).trim() === '') return false;
  return lineHoldsOnlyComments(file, start, end);
}

/** Where a line starts and ends (before its line break). */
function lineSpan(file: SourceFile, line: number): { start: number; end: number } {
  const start = file.lines.lineStart(line);
  let end = line + 1 < file.lines.lineCount ? file.lines.lineStart(line + 1) : file.text.length;
  while (end > start && (file.text[end - 1] === '\n' || file.text[end - 1] === '\r')) end--;
  return { start, end };
}

/** The line comment on a line (one runs to the line's end), if any. */
export function lineCommentOn(file: SourceFile, line: number): Comment | undefined {
  const { start, end } = lineSpan(file, line);
  if (end === start) return undefined;
  const last = commentAround(file, end - 1);
  return last && !last.block && last.span.start >= start && last.span.end === end ? last : undefined;
}

/** The comments inside a span, in order. */
export function commentsIn(file: SourceFile, span: { start: number; end: number }): Comment[] {
  const comments = file.tree.comments;
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].span.start < span.start) lo = mid + 1;
    else hi = mid;
  }
  const found: Comment[] = [];
  for (let i = lo; i < comments.length && comments[i].span.end <= span.end; i++) found.push(comments[i]);
  return found;
}

/**
 * Removes an attribute (`site = nyc`) with the blanks and line break before it; a comment inside it
 * (`site = /* primary *\/ nyc`) stays where the attribute was.
 */
export function removeAttributeKeepingComments(
  file: SourceFile,
  span: { start: number; end: number },
  withLeadingSpace: (text: string, span: { start: number; end: number }) => { start: number; end: number },
): Edit {
  const comments = commentsIn(file, span);
  if (comments.length === 0) return { file: file.path, span: withLeadingSpace(file.text, span), newText: '' };
  const last = comments[comments.length - 1];
  // A line comment kept ends its line: what followed the attribute on it goes to the next line.
  const rest = file.text.slice(span.end, file.text.slice(span.end).search(/[\r\n]|$/) + span.end);
  const kept = comments.map((c) => c.text).join(' ') + (last.block || rest.trim() === '' ? '' : file.lines.newline + lineIndent(file, span.start));
  return { file: file.path, span, newText: kept };
}

/** Whether a declaration is the first code on its line (only white space and comments before it). */
export function firstOnItsLine(file: SourceFile, declaration: Declaration): boolean {
  const at = declaration.span.start;
  return lineHoldsOnlyComments(file, lineStartOf(file, at), at);
}

/** Joins edits that touch end to start (or insert at one point) into one edit, so clients apply them in the intended order. */
export function mergeEdits(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  const result: Edit[] = [];
  for (const e of sorted) {
    const last = result[result.length - 1];
    if (last && last.file === e.file && last.span.end === e.span.start) {
      result[result.length - 1] = { file: e.file, span: { start: last.span.start, end: e.span.end }, newText: last.newText + e.newText };
    } else result.push(e);
  }
  return result;
}

/** Applies edits to a text; undefined when two of them overlap. */
export function applyEdits(text: string, edits: readonly Edit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let result = '';
  let at = 0;
  for (const e of sorted) {
    if (e.span.start < at || e.span.end > text.length) return undefined;
    result += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return result + text.slice(at);
}
