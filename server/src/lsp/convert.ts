import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { CheckResult, Diagnostic } from '../checker.js';
import type { Edit, Fix, SourceFile } from '../model/findings.js';

export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function pathToUri(path: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : pathToFileURL(path).href;
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

export interface DiagnosticData {
  fixes: { title: string; preferred?: boolean; edit: WorkspaceEdit }[];
  silence?: WorkspaceEdit;
}

export function toLspDiagnostic(result: CheckResult, d: Diagnostic): LspDiagnostic {
  const data: DiagnosticData = {
    fixes: d.fixes.map((f: Fix) => ({ title: f.title, preferred: f.preferred, edit: workspaceEdit(result, f.edits) })),
    silence: d.silence ? workspaceEdit(result, [d.silence]) : undefined,
  };
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
