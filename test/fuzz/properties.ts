/**
 * The properties every input must keep, each a function from an input to the problems found (none
 * when it holds). They are deterministic, so that a failing input can be shrunk and replayed.
 */
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeActionParams, Range as LspRange, TextEdit } from 'vscode-languageserver';
import { check, type CheckOptions, type CheckResult } from '../../server/src/checker.js';
import { format, withoutTrailingBlanks } from '../../server/src/features/format.js';
import type { FileSystem } from '../../server/src/load.js';
import type { Edit } from '../../server/src/model/findings.js';
import { nodeFileSystem } from '../../server/src/node-fs.js';
import { codeActions } from '../../server/src/lsp/codeActions.js';
import { codeLenses } from '../../server/src/lsp/codeLens.js';
import { completion } from '../../server/src/lsp/completion.js';
import { pathToUri, toLspDiagnostic, workspaceEdit } from '../../server/src/lsp/convert.js';
import { fixAllIn, quickFixes } from '../../server/src/features/quickFixes.js';
import { DocumentSession } from '../../server/src/session.js';
import { foldingRanges } from '../../server/src/lsp/folding.js';
import { formatting } from '../../server/src/lsp/formatting.js';
import { hover } from '../../server/src/lsp/hover.js';
import { definition, prepareRename, references } from '../../server/src/lsp/navigation.js';
import { semanticTokens } from '../../server/src/lsp/semanticTokens.js';
import { documentSymbols } from '../../server/src/lsp/symbols.js';
import { Workspace } from '../../server/src/lsp/workspace.js';
import { LineComment } from '../../server/src/syntax/lexer.js';
import { fastParseChunk as fastParse } from '../../server/src/syntax/fast.js';
import { vmm } from '../../server/src/language/registry.js';

const parse = (text: string) => vmm.syntax.parse(text);
const parseChunk = (text: string) => vmm.syntax.chunks.parseChunk(text);
const parseChunkFully = (text: string) => vmm.syntax.chunks.parseChunkFully(text);
const fastParseChunk = (text: string) => fastParse(text, vmm.grammar);
const chunkStarts = (text: string) => vmm.syntax.chunkStarts(text);
import { LineIndex, type Range } from '../../server/src/text.js';
import { root, samples, samplesDir, type Random } from './fuzz.js';

/** Where a fuzzed file is checked: beside the samples, so that `import "topology.vmm"` finds the real one. */
export const fuzzedPath = path.join(samplesDir, '__fuzzed__.vmm');

/** Reads through the Node file system, recording every path read, so that a test can say nothing outside the workspace was. */
export function recordingFileSystem(inner: FileSystem = nodeFileSystem): FileSystem & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile: (file) => {
      reads.push(file);
      return inner.readFile(file);
    },
    readConfined:
      inner.readConfined &&
      ((file, allowed) => {
        reads.push(file);
        return inner.readConfined!(file, allowed);
      }),
    realPath: inner.realPath && ((file) => inner.realPath!(file)),
    size: inner.size && ((file) => inner.size!(file)),
  };
}

/** The samples as an in-memory file system, with the fuzzed file (and any edited one) over them. */
function memoryFileSystem(files: Map<string, string>): FileSystem {
  return { readFile: (file) => files.get(file), realPath: (file) => file };
}

function sampleFiles(): Map<string, string> {
  return new Map(samples.map((s) => [path.join(samplesDir, s.name), s.text]));
}

function checkIn(files: Map<string, string>, file: string, options: CheckOptions = {}): CheckResult {
  return check(file, files.get(file)!, { workspace: root, fs: memoryFileSystem(files), ...options });
}

const SUSPICIOUS = ['NaN', 'undefined', 'Infinity', '[object'];

/** Words a message must not show (a figure gone wrong), unless the user wrote them. */
function suspiciousWords(message: string, texts: string[]): string[] {
  return SUSPICIOUS.filter((w) => message.includes(w) && !texts.some((t) => t.includes(w)));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A position an LSP client accepts: a line of the text, a character within that line (before its end of line). */
function positionProblem(lines: LineIndex, text: string, p: { line: number; character: number }): string | undefined {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `bad position ${JSON.stringify(p)}`;
  if (p.line >= lines.lineCount) return `line ${p.line} beyond the ${lines.lineCount} lines`;
  const start = lines.lineStart(p.line);
  let end = p.line + 1 < lines.lineCount ? lines.lineStart(p.line + 1) : text.length;
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  if (start + p.character > end) return `character ${p.character} beyond the end of line ${p.line} (${end - start} characters)`;
  const offset = start + p.character;
  if (offset > 0 && offset < text.length && /[\uD800-\uDBFF]/.test(text[offset - 1]) && /[\uDC00-\uDFFF]/.test(text[offset]))
    return `position ${p.line}:${p.character} splits a surrogate pair`;
  return undefined;
}

function rangeProblem(lines: LineIndex, text: string, r: LspRange | Range): string | undefined {
  const problem = positionProblem(lines, text, r.start) ?? positionProblem(lines, text, r.end);
  if (problem) return problem;
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character))
    return `range ends before it starts ${JSON.stringify(r)}`;
  return undefined;
}

function spanProblem(text: string, span: { start: number; end: number }): string | undefined {
  if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.start > span.end || span.end > text.length) {
    return `span ${JSON.stringify(span)} outside the text (${text.length} characters)`;
  }
  return undefined;
}

/** Edits (all in one file) that are inside it and do not overlap. */
function editsProblem(text: string, edits: Edit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  for (let i = 0; i < sorted.length; i++) {
    const problem = spanProblem(text, sorted[i].span);
    if (problem) return problem;
    if (i > 0 && sorted[i].span.start < sorted[i - 1].span.end) return `edits overlap at ${sorted[i].span.start}`;
  }
  return undefined;
}

function truncated(s: string, n = 300): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * The check property: `check()` returns without throwing; every message is free of NaN,
 * undefined, Infinity and [object (unless the user wrote them) and of lone surrogates; every
 * range, every fix's and every "silence" edit's span is inside the text and valid for an LSP
 * client; nothing outside the workspace folder is read. Then (up to 256 KB) every language-server
 * provider answers on the result, at a few positions, with ranges inside the text.
 */
export function checkProperty(text: string): string[] {
  const fs = recordingFileSystem();
  let result: CheckResult;
  try {
    result = check(fuzzedPath, text, { workspace: root, fs });
  } catch (error) {
    return [`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
  const problems = resultProblems(result);
  for (const file of fs.reads) {
    if (path.relative(root, file).startsWith('..')) problems.push(`read: outside the workspace: ${file}`);
  }
  // The providers read the whole text on each request: on a megabyte, sixteen positions of five
  // providers cost seconds and find nothing the smaller inputs do not; the server test has large ones.
  if (problems.length === 0 && text.length <= PROVIDERS_UP_TO) problems.push(...providerProblems(text, result));
  return problems;
}

const PROVIDERS_UP_TO = 256 * 1024;

/** What is wrong with the diagnostics of a check: messages, ranges, fixes. */
export function resultProblems(result: CheckResult): string[] {
  const problems: string[] = [];
  const text = result.file.text;
  const texts = result.files.map((f) => f.text);
  const lines = result.file.lines;
  for (const d of result.diagnostics) {
    const where = `${d.code} at ${d.span.start}-${d.span.end} '${truncated(d.message, 120)}'`;
    if (!/^VMM\d{3}$/.test(d.code) || !['error', 'warning', 'info'].includes(d.severity)) problems.push(`diagnostic: bad code or severity ${where}`);
    if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`message: empty ${where}`);
    const words = suspiciousWords(d.message, texts);
    if (words.length) problems.push(`message: shows ${words.join(', ')}: ${where}`);
    if (LONE_SURROGATE.test(d.message) && !texts.some((t) => LONE_SURROGATE.test(t))) problems.push(`message: a lone surrogate ${where}`);
    const span = spanProblem(text, d.span);
    if (span) problems.push(`range: ${span} ${where}`);
    const range = rangeProblem(lines, text, d.range);
    if (range) problems.push(`range: ${range} ${where}`);
    for (const fix of [...d.fixes, ...(d.silence ? [{ title: 'silence', edits: [d.silence] }] : [])]) {
      if (!fix.title || suspiciousWords(fix.title, texts).length) problems.push(`message: fix title '${fix.title}' on ${where}`);
      for (const file of new Set(fix.edits.map((e) => e.file))) {
        const target = result.files.find((f) => f.path === file);
        if (!target) {
          problems.push(`fix: '${fix.title}' edits ${file}, not a checked file`);
          continue;
        }
        const problem = editsProblem(
          target.text,
          fix.edits.filter((e) => e.file === file),
        );
        if (problem) problems.push(`fix: '${fix.title}' on ${where}: ${problem}`);
      }
    }
  }
  const seen = new Set<string>();
  for (const d of result.diagnostics) {
    const key = `${d.code}\u0000${d.span.start}\u0000${d.span.end}\u0000${d.message}`;
    if (seen.has(key)) problems.push(`diagnostic: reported twice ${d.code} at ${d.span.start}-${d.span.end} '${truncated(d.message, 120)}'`);
    seen.add(key);
  }
  return problems;
}

/** Positions to ask at: the start, the end, and a spread of token edges (fewer on a huge text: each request reads it all). */
function probeOffsets(text: string): number[] {
  const offsets = new Set([0, text.length]);
  const step = Math.max(1, Math.floor(text.length / (text.length > 100_000 ? 3 : 12)));
  for (let o = 0; o < text.length; o += step) {
    offsets.add(o);
    const m = /[\s{}=,;"]/.exec(text.slice(o, o + 200));
    if (m) offsets.add(o + m.index);
  }
  // Never between the halves of a surrogate pair: an editor's cursor cannot be there.
  return [...offsets].filter((o) => o <= text.length && !(/[\uD800-\uDBFF]/.test(text[o - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[o] ?? ''))).slice(0, 16);
}

/** Every provider of the server, in process, on one document: each answers, with ranges inside the text. */
function providerProblems(text: string, result: CheckResult): string[] {
  const problems: string[] = [];
  const workspace = new Workspace();
  workspace.folders = [root];
  const uri = pathToUri(fuzzedPath);
  const document = TextDocument.create(uri, 'vmm', 1, text);
  workspace.documents.set(uri, document);
  const lines = new LineIndex(text);
  const textDocument = { uri };
  const call = <T>(name: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (error) {
      problems.push(`provider: ${name} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    }
  };
  const range = (name: string, r: LspRange | undefined) => {
    const problem = r && rangeProblem(lines, text, r);
    if (problem) problems.push(`provider: ${name}: ${problem}`);
  };
  for (const probe of probeOffsets(text)) {
    const position = document.positionAt(probe);
    const offset = document.offsetAt(position); // between \r and \n is the end of the line
    const found = call('hover', () => hover(workspace, { textDocument, position }));
    range('hover', found?.range);
    for (const item of call('completion', () => completion(workspace, { textDocument, position })) ?? []) {
      const edit = item.textEdit as TextEdit | undefined;
      range(`completion '${item.label}'`, edit?.range);
      if (edit && document.offsetAt(edit.range.end) !== offset)
        problems.push(`provider: completion '${item.label}' replaces a range that does not end at the cursor`);
    }
    for (const location of call('definition', () => definition(workspace, { textDocument, position })) ?? [])
      if (location.uri === uri) range('definition', location.range);
    for (const location of call('references', () => references(workspace, { textDocument, position, context: { includeDeclaration: true } })) ?? [])
      if (location.uri === uri) range('references', location.range);
    range('prepareRename', call('prepareRename', () => prepareRename(workspace, { textDocument, position }))?.range);
  }
  // A position past the end of a line and past the end of the file, as a careless client sends.
  call('hover past the end', () => hover(workspace, { textDocument, position: { line: lines.lineCount + 3, character: 9999 } }));
  call('completion past the end', () => completion(workspace, { textDocument, position: { line: 0, character: 99999 } }));

  const symbols = call('documentSymbol', () => documentSymbols(workspace, { textDocument })) ?? [];
  const walk = (list: typeof symbols) => {
    for (const s of list) {
      range(`symbol ${s.name}`, s.range);
      range(`symbol ${s.name} selection`, s.selectionRange);
      if (!contains(s.range, s.selectionRange))
        problems.push(`provider: symbol '${truncated(s.name, 40)}' has a selectionRange outside its range (the editor drops the outline)`);
      if (!s.name) problems.push('provider: a symbol with an empty name (the editor rejects it)');
      walk(s.children ?? []);
    }
  };
  walk(symbols);
  for (const f of call('foldingRange', () => foldingRanges(workspace, { textDocument })) ?? []) {
    if (!(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < lines.lineCount))
      problems.push(`provider: folding range ${JSON.stringify(f)} outside the ${lines.lineCount} lines`);
  }
  const tokens = call('semanticTokens', () => semanticTokens(workspace, { textDocument }));
  if (tokens) {
    if (tokens.data.length % 5 !== 0) problems.push('provider: semantic tokens not in fives');
    let line = 0;
    let character = 0;
    for (let i = 0; i + 4 < tokens.data.length; i += 5) {
      const [dl, dc, length] = tokens.data.slice(i, i + 3);
      line += dl;
      character = dl === 0 ? character + dc : dc;
      if (dl < 0 || (dl === 0 && dc < 0) || length <= 0) problems.push(`provider: semantic token ${i / 5} goes backwards or is empty`);
      const problem = rangeProblem(lines, text, { start: { line, character }, end: { line, character: character + length } });
      if (problem) problems.push(`provider: semantic token ${i / 5}: ${problem}`);
    }
  }
  for (const lens of call('codeLens', () => codeLenses(workspace, { textDocument })) ?? []) {
    range('codeLens', lens.range);
    if (
      lens.command &&
      suspiciousWords(
        lens.command.title,
        result.files.map((f) => f.text),
      ).length
    )
      problems.push(`message: code lens '${lens.command.title}'`);
  }
  const edits = call('formatting', () => formatting(workspace, { textDocument, options: { tabSize: 2, insertSpaces: true } })) ?? [];
  for (const e of edits) range('formatting', e.range);
  if (edits.length && TextDocument.applyEdits(document, edits) !== format(text))
    problems.push('provider: the formatting edit does not give the formatted text');
  const diagnostics = result.diagnostics.map((d, i) => toLspDiagnostic(result, d, i));
  const params: CodeActionParams = {
    textDocument,
    range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) },
    context: { diagnostics },
  };
  const actions = call('codeAction', () => codeActions(workspace, params)) ?? [];
  for (const a of actions) for (const e of a.edit?.changes?.[uri] ?? []) range(`code action '${a.title}'`, e.range);
  return problems;
}

function contains(outer: LspRange, inner: LspRange): boolean {
  const before = (a: LspRange['start'], b: LspRange['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** An offset of the old text, where it is in the new one (an offset inside an edit goes to the edit's start, or its end for `end`). */
function mapOffset(edits: Edit[], offset: number, end: boolean): number {
  let shift = 0;
  for (const e of edits) {
    if (offset < e.span.start || (offset === e.span.start && !end)) break;
    if (offset >= e.span.end && !(offset === e.span.end && e.span.start === e.span.end && !end)) {
      shift += e.newText.length - (e.span.end - e.span.start);
      continue;
    }
    return e.span.start + shift + (end ? e.newText.length : 0);
  }
  return offset + shift;
}

/** Applies edits the way an editor does: through the LSP ranges the server sends, by TextDocument.applyEdits. */
function applyAsEditor(file: string, text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(pathToUri(file), 'vmm', 1, text), edits);
}

function applyByOffsets(text: string, edits: Edit[]): string {
  let result = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) result = result.slice(0, e.span.start) + e.newText + result.slice(e.span.end);
  return result;
}

/** Fixes tried per input at most (each one is a check more). */
const FIXES_PER_INPUT = 40;

/**
 * The quick-fix property, for every fix offered (verified on a copy, spec §7) and every "Silence
 * CODE here": applied as an editor applies it, it changes nothing outside its edits' spans, leaves
 * each edited file with no more syntax errors than before, and removes the diagnostic it addressed
 * (one fewer diagnostic of that code at that anchor); and its title keeps its promise: a fresh check
 * of the fixed files says exactly what the copy's check said, which the title quotes.
 */
/** How many fixes the fixes property applied in this process (for the figures a run prints). */
export const fixStats = { applied: 0 };

export function fixesProperty(text: string): string[] {
  const files = sampleFiles();
  files.set(fuzzedPath, text);
  let result: CheckResult;
  const options: CheckOptions = { workspace: root, fs: memoryFileSystem(files), session: new DocumentSession() };
  try {
    result = check(fuzzedPath, text, options);
  } catch {
    return []; // the check property reports it
  }
  const problems: string[] = [];
  let tried = 0;
  for (const [index, d] of result.diagnostics.entries()) {
    if (tried >= FIXES_PER_INPUT) return problems;
    // The fixes as the server offers them when the lightbulb asks: verified, then "Silence".
    const offered = quickFixes(result, [index], options).map((fix) => ({ ...fix, changes: workspaceEdit(result, fix.edits).changes ?? {} }));
    for (const fix of offered) {
      if (tried++ >= FIXES_PER_INPUT) return problems;
      fixStats.applied++;
      const where = `'${fix.title}' for ${d.code} at ${d.span.start}-${d.span.end} '${truncated(d.message, 100)}'`;
      const edited = new Map(files);
      let broken = false;
      for (const file of new Set(fix.edits.map((e) => e.file))) {
        const before = files.get(file);
        const own = fix.edits.filter((e) => e.file === file);
        const problem = before === undefined ? `edits ${file}, which was not read` : editsProblem(before, own);
        if (problem || before === undefined) {
          problems.push(`fix: ${where}: ${problem}`);
          broken = true;
          continue;
        }
        const expected = applyByOffsets(before, own);
        const applied = applyAsEditor(file, before, fix.changes[pathToUri(file)] ?? []);
        if (applied !== expected) {
          problems.push(
            `fix: ${where}: applied by an editor it changes text outside its edits (${JSON.stringify(truncated(applied, 200))} instead of ${JSON.stringify(truncated(expected, 200))})`,
          );
          broken = true;
          continue;
        }
        const errorsBefore = parse(before).errors.length;
        const errorsAfter = parse(applied).errors.length;
        if (errorsAfter > errorsBefore)
          problems.push(
            `fix: ${where}: leaves ${errorsAfter} syntax errors in ${path.basename(file)}, ${errorsBefore} before: ${parse(applied)
              .errors.map((e) => e.message)
              .join('; ')}`,
          );
        edited.set(file, applied);
      }
      if (broken) continue;
      let after: CheckResult;
      try {
        after = checkIn(edited, fuzzedPath);
      } catch (error) {
        problems.push(`fix: ${where}: the fixed text makes check() throw: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const rootEdits = fix.edits.filter((e) => e.file === fuzzedPath).sort((a, b) => a.span.start - b.span.start);
      const anchor = { start: mapOffset(rootEdits, d.span.start, false), end: mapOffset(rootEdits, d.span.end, true) };
      const at = (list: CheckResult['diagnostics'], span: { start: number; end: number }) =>
        list.filter((x) => x.code === d.code && x.span.start === span.start && x.span.end === span.end).length;
      const countBefore = at(result.diagnostics, d.span);
      const countAfter = at(after.diagnostics, anchor);
      if (countAfter >= countBefore) {
        const left = after.diagnostics.filter((x) => x.code === d.code && x.span.start === anchor.start && x.span.end === anchor.end).map((x) => x.message);
        problems.push(`fix: ${where}: does not remove it (after the fix: ${truncated(left.join(' | '), 200)})`);
      }
      if (fix.verified) {
        const seen = (list: CheckResult['diagnostics']) => list.map((x) => `${x.code} ${x.span.start}-${x.span.end} ${x.message}`).join('\n');
        const promised = seen(fix.verified.after.result.diagnostics);
        const found = seen(after.diagnostics);
        if (promised !== found)
          problems.push(
            `fix: ${where}: its title was worked out from a check that differs from a fresh one: ${truncated(promised, 300)} ≠ ${truncated(found, 300)}`,
          );
        for (const x of [...fix.verified.leaves.slice(0, 2), ...fix.verified.adds.slice(0, 2)])
          if (!fix.title.includes(x.code)) problems.push(`fix: ${where}: the title does not name ${x.code}`);
      }
    }
  }
  return problems;
}

/** The tokens of a text, comments included, as the formatter must keep them (a line comment without its trailing blanks). */
export function tokenImages(text: string): string[] {
  const lexed = vmm.syntax.tokenize(text);
  return [...lexed.tokens, ...(lexed.groups.comments ?? [])]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((t) => (t.tokenType === LineComment ? withoutTrailingBlanks(t.image) : t.image));
}

/**
 * The format property: a file with syntax errors is returned unchanged; any other comes back with
 * the same tokens and comments in the same order, with no syntax error and the same diagnostics
 * (by code and declaration), and formatting it again changes nothing.
 */
export function formatProperty(text: string): string[] {
  let formatted: string;
  try {
    formatted = format(text);
  } catch (error) {
    return [`threw: format: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
  if (parse(text).errors.length > 0) return formatted === text ? [] : ['format: changed a file with syntax errors'];
  const problems: string[] = [];
  const before = tokenImages(text);
  const after = tokenImages(formatted);
  if (before.join('\u0000') !== after.join('\u0000')) {
    const i = before.findIndex((t, k) => t !== after[k]);
    problems.push(`format: token ${i} changed from ${JSON.stringify(before[i])} to ${JSON.stringify(after[i])}`);
  }
  const errors = parse(formatted).errors;
  if (errors.length) problems.push(`format: the formatted text has syntax errors: ${errors.map((e) => e.message).join('; ')}`);
  const again = format(formatted);
  if (again !== formatted)
    problems.push(`format: not idempotent: ${JSON.stringify(truncated(formatted, 200))} formats to ${JSON.stringify(truncated(again, 200))}`);
  const files = sampleFiles();
  // By code and declaration (its place among the file's declarations, which formatting keeps).
  const codes = (t: string) => {
    files.set(fuzzedPath, t);
    const result = checkIn(files, fuzzedPath);
    const declarations = result.file.tree.declarations;
    return result.diagnostics
      .map((d) => `${d.code}@${d.declaration ? declarations.indexOf(d.declaration) : '-'}`)
      .sort()
      .join(' ');
  };
  if (problems.length === 0 && codes(text) !== codes(formatted)) problems.push(`format: the diagnostics changed: ${codes(text)} became ${codes(formatted)}`);
  return problems;
}

/**
 * A sample with some of its diagnostics silenced (`// vmm-ignore CODE` above their declarations, as
 * "Silence CODE here" writes it) and block comments put before declarations, on their line or on
 * lines of their own: what the formatter must not unsilence.
 */
export function silencedInput(random: Random): string {
  const sample = random.pick(samples);
  const files = sampleFiles();
  files.set(fuzzedPath, sample.text);
  const result = checkIn(files, fuzzedPath);
  const edits = new Map<number, { start: number; end: number; newText: string }>();
  for (const d of result.diagnostics) {
    if (d.silence && random.chance(0.5)) edits.set(d.silence.span.start, { ...d.silence.span, newText: d.silence.newText.replace(' <reason>', '') });
  }
  for (const declaration of result.file.tree.declarations) {
    if (random.chance(0.3)) {
      const start = declaration.span.start;
      const note = random.pick(['/* c */ ', '/* a\n   b */ ', '/* c */\n', '/**/']);
      edits.set(start + 0.5, { start, end: start, newText: note });
    }
  }
  let text = sample.text;
  for (const [, e] of [...edits].sort((a, b) => b[0] - a[0])) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/**
 * The parse property: the editor's incremental parser, reusing the chunks of an earlier version,
 * gives the tree a fresh parse gives; and on a text without syntax errors, parsing chunk by chunk
 * (what the checker does) gives the tree one parse of the whole text gives. (On broken text the
 * two recover differently, each reasonably.)
 */
export function parseProperty(text: string): string[] {
  const problems: string[] = [];
  const fresh = JSON.stringify(parse(text));
  // An earlier version: the text without its middle line (an edit the incremental parser then sees).
  const lines = text.split('\n');
  const middle = lines.length >> 1;
  const incremental = vmm.syntax.incremental();
  incremental.parse([...lines.slice(0, middle), ...lines.slice(middle + 1)].join('\n'));
  if (JSON.stringify(incremental.parse(text)) !== fresh) problems.push('parse: the incremental parser, after an edit, differs from a fresh parse');
  const whole = parseChunk(text);
  if (whole.errors.length === 0 && JSON.stringify(whole) !== fresh) {
    problems.push(
      `parse: a text without syntax errors parses differently by chunks: ${parse(text)
        .errors.map((e) => e.message)
        .join('; ')}`,
    );
  }
  // The fast path reads a chunk exactly as the chevrotain parser does, or leaves it to it.
  const starts = chunkStarts(text);
  const chunks = [text, ...starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length))];
  for (const chunk of chunks) {
    const fast = fastParseChunk(chunk);
    if (fast && JSON.stringify(fast) !== JSON.stringify(parseChunkFully(chunk)))
      problems.push(`fastpath: the fast parser's tree differs from the full parser's for ${JSON.stringify(chunk.slice(0, 60))}`);
  }
  return problems;
}

/**
 * The "Fix all" property (spec §7): the one edit per file it returns, applied to the files, gives
 * the texts its last copy was checked in, and a fresh check of those says exactly what that copy's
 * check said (each step goes on from the copy before it, whose trees later verifications move: this
 * holds that nothing it builds on has moved under it).
 */
export function fixAllProperty(text: string): string[] {
  const files = sampleFiles();
  files.set(fuzzedPath, text);
  const options: CheckOptions = { workspace: root, fs: memoryFileSystem(files), session: new DocumentSession() };
  let result: CheckResult;
  try {
    result = check(fuzzedPath, text, options);
  } catch {
    return []; // the check property reports it
  }
  const all = fixAllIn(result, options);
  const problems: string[] = [];
  const edited = new Map(files);
  for (const edit of all.edits) {
    const before = files.get(edit.file);
    if (before === undefined) {
      problems.push(`fixall: edits ${edit.file}, which was not read`);
      continue;
    }
    const applied = applyByOffsets(before, [edit]);
    if (applied !== all.after.texts.get(edit.file))
      problems.push(`fixall: its edit to ${path.basename(edit.file)} does not give the text its last step checked (${all.steps.length} steps)`);
    edited.set(edit.file, applied);
  }
  const seen = (list: CheckResult['diagnostics']) => list.map((x) => `${x.code} ${x.span.start}-${x.span.end} ${x.message}`).join('\n');
  const fresh = seen(checkIn(edited, fuzzedPath).diagnostics);
  const claimed = seen(all.after.result.diagnostics);
  if (fresh !== claimed)
    problems.push(
      `fixall: after ${all.steps.length} steps a fresh check differs from the last step's: ${truncated(fresh, 300)} instead of ${truncated(claimed, 300)}`,
    );
  for (const step of all.steps) if (step.fix.group !== 0) problems.push(`fixall: step '${step.fix.title}' is not in the first group`);
  return problems;
}

export const properties: Record<string, (text: string) => string[]> = {
  check: checkProperty,
  fixes: fixesProperty,
  fixall: fixAllProperty,
  format: formatProperty,
  parse: parseProperty,
};

/** The kind of a problem (`range`, `threw`, `fix`, …): what the shrinker keeps failing on. */
export function problemKind(problem: string): string {
  return problem.slice(0, problem.indexOf(':'));
}
