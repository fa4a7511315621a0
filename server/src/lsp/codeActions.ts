import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { diagnosticFor, quickFixes } from './convert.js';
import type { Workspace } from './workspace.js';

/**
 * Quick-fixes for the diagnostics the editor asks about (computed by the checker from the model),
 * plus "Silence CODE here": taken from the document's current check, where each published
 * diagnostic is found again by its place, code, range and message.
 */
export function codeActions(workspace: Workspace, params: CodeActionParams): CodeAction[] {
  if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k))) return [];
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'vmm') continue;
    const found = diagnosticFor(result, diagnostic);
    if (!found) continue;
    for (const fix of quickFixes(result, found)) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: fix.edit, isPreferred: fix.preferred });
    }
  }
  return actions;
}
