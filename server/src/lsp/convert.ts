import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { CheckResult, Diagnostic } from '../checker.js';
import type { Edit, SourceFile } from '../model/findings.js';
import { URI } from 'vscode-uri';

/**
 * A document's path from its URI, decoded as VS Code decodes it (vscode-uri, the editor's own
 * code): `file:///home/u/c%2B%2B/a.vmm` is `/home/u/c++/a.vmm`, `file:///c%3A/Sites/a.vmm` is
 * `c:/Sites/a.vmm` (`c:\\Sites\\a.vmm` on Windows). A URI of another scheme (`untitled:`) is kept as
 * it is: it names no file.
 */
export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  return URI.parse(uri).fsPath;
}

/**
 * The URI of a path, encoded as VS Code encodes it (`c++` as `c%2B%2B`, a space as `%20`, `(` as
 * `%28`, a drive letter's colon as `%3A`): the URI an open document of that file has. Node's
 * pathToFileURL encodes differently, and the open buffer of an imported file was then missed.
 */
export function pathToUri(path: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : URI.file(path).toString();
}

export function fileOf(result: CheckResult, path: string): SourceFile | undefined {
  return result.files.find((f) => f.path === path);
}

export function rangeOf(file: SourceFile, span: { start: number; end: number }): Range {
  return file.lines.range(span.start, span.end);
}

/** A fix's edits as a WorkspaceEdit (edits may reach files the checked file imports). */
export function workspaceEdit(result: CheckResult, edits: Edit[]): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    const file = fileOf(result, e.file);
    if (!file) continue;
    const uri = pathToUri(e.file);
    (changes[uri] ??= []).push({ range: rangeOf(file, e.span), newText: e.newText });
  }
  return { changes };
}

const severity = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/**
 * What a published diagnostic carries back to the server in a code-action request: its place in
 * the check's list, a hint. Its quick-fixes are worked out when the lightbulb asks (quickFixes),
 * not sent with every diagnostic: on a large estate that halves what each keystroke publishes.
 */
export interface DiagnosticData {
  index: number;
}

export function toLspDiagnostic(result: CheckResult, d: Diagnostic, index: number): LspDiagnostic {
  const data: DiagnosticData = { index };
  return {
    range: d.range,
    severity: severity[d.severity],
    code: d.code,
    codeDescription: d.href ? { href: d.href } : undefined,
    source: 'vmm',
    message: d.message,
    data,
  };
}

/**
 * The check's diagnostic a published one stands for: the one at its index, else one with the same
 * code, range and message (the document changed since it was published); none when it is gone.
 */
export function diagnosticFor(result: CheckResult, published: LspDiagnostic): Diagnostic | undefined {
  const same = (d: Diagnostic | undefined) =>
    d !== undefined &&
    d.code === published.code &&
    d.message === published.message &&
    d.range.start.line === published.range.start.line &&
    d.range.start.character === published.range.start.character &&
    d.range.end.line === published.range.end.line &&
    d.range.end.character === published.range.end.character;
  const index = (published.data as DiagnosticData | undefined)?.index;
  const hinted = typeof index === 'number' ? result.diagnostics[index] : undefined;
  return same(hinted) ? hinted : result.diagnostics.find(same);
}
