import type { Body, Declaration } from '../syntax/ast.js';
import type { Edit, SourceFile } from './findings.js';

function lineIndent(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const m = /^[ \t]*/.exec(text.slice(start, offset));
  return m ? m[0] : '';
}

const newlines = new Map<string, string>();

/** The file's line ending (looked at once per text: fixes are built by the thousand on a large file). */
function newline(text: string): string {
  let found = newlines.get(text);
  if (found === undefined) {
    const lf = text.indexOf('\n');
    found = lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
    if (newlines.size > 64) newlines.clear();
    newlines.set(text, found);
  }
  return found;
}

/** Inserts `name = value` as the last item of a declaration's (or block's) body, creating the body when there is none. */
export function insertAttribute(file: SourceFile, declaration: Declaration, name: string, value: string): Edit {
  return insertIntoBody(file, declaration, declaration.body, `${name} = ${value}`);
}

export function insertIntoBody(file: SourceFile, declaration: Declaration, body: Body | undefined, line: string): Edit {
  const text = file.text;
  const nl = newline(text);
  if (!body) {
    const at = declaration.span.end;
    const indent = lineIndent(text, declaration.span.start);
    return { file: file.path, span: { start: at, end: at }, newText: ` {${nl}${indent}  ${line}${nl}${indent}}` };
  }
  const closeAt = body.closed ? body.span.end - 1 : body.span.end;
  const openIndent = lineIndent(text, body.span.start);
  const last = body.items[body.items.length - 1];
  if (last) {
    const lastOnOpeningLine = !text.slice(body.span.start, last.span.start).includes('\n');
    if (lastOnOpeningLine) {
      // One-line body `{ a = 1 }`: keep it on one line.
      return { file: file.path, span: { start: last.span.end, end: last.span.end }, newText: ` ${line}` };
    }
    const indent = lineIndent(text, last.span.start);
    return { file: file.path, span: { start: last.span.end, end: last.span.end }, newText: `${nl}${indent}${line}` };
  }
  const between = text.slice(body.span.start + 1, closeAt);
  if (!between.includes('\n')) {
    // `{}` or `{ }`
    return { file: file.path, span: { start: body.span.start + 1, end: closeAt }, newText: ` ${line} ` };
  }
  return { file: file.path, span: { start: body.span.start + 1, end: body.span.start + 1 }, newText: `${nl}${openIndent}  ${line}` };
}

/** Sets an attribute: replaces the values of the existing one, or inserts it. */
export function setAttribute(file: SourceFile, declaration: Declaration, name: string, value: string): Edit {
  const existing = declaration.body?.items.find((i) => i.kind === 'attribute' && i.name === name);
  if (existing && existing.kind === 'attribute') {
    if (existing.values.length > 0) {
      const span = { start: existing.values[0].span.start, end: existing.values[existing.values.length - 1].span.end };
      return { file: file.path, span, newText: value };
    }
    return { file: file.path, span: { start: existing.span.start, end: existing.span.end }, newText: `${name} = ${value}` };
  }
  return insertAttribute(file, declaration, name, value);
}

/** Appends a declaration at the end of a file. */
export function appendDeclaration(file: SourceFile, declarationText: string): Edit {
  const text = file.text;
  const nl = newline(text);
  const end = text.length;
  const lead = end === 0 ? '' : text.endsWith('\n') ? nl : nl + nl;
  return { file: file.path, span: { start: end, end }, newText: `${lead}${declarationText}${nl}` };
}

/** Inserts a line just above a declaration, with its indentation. */
export function insertLineAbove(file: SourceFile, declaration: Declaration, line: string): Edit {
  const text = file.text;
  let start = declaration.span.start;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const indent = lineIndent(text, declaration.span.start);
  return { file: file.path, span: { start, end: start }, newText: `${indent}${line}${newline(text)}` };
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
