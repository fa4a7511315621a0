import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { DiagnosticData } from './convert.js';

/** Quick-fixes carried by each diagnostic (computed by the checker from the model), plus "Silence CODE here". */
export function codeActions(params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'vmm') continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data) continue;
    for (const fix of data.fixes) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: fix.edit, isPreferred: fix.preferred });
    }
    if (data.silence) {
      actions.push({ title: `Silence ${diagnostic.code} here`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: data.silence });
    }
  }
  if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k))) return [];
  return actions;
}
