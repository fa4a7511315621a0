import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { fixAllIn, quickFixes } from '../features/quickFixes.js';
import { diagnosticFor, toLspDiagnostic, workspaceEdit } from './convert.js';
import type { Workspace } from './workspace.js';

/** The source action `editor.codeActionsOnSave` can run: every first-group fix of the file (spec §7). */
export const FIX_ALL = 'source.fixAll.vmm';

/** What a "Fix all CODE in this file" action carries until the editor resolves it. */
interface FixAllData {
  uri: string;
  version: number;
  code: string;
}

/**
 * Quick-fixes for the diagnostics the editor asks about, each verified on a copy of the files
 * (features/quickFixes.ts), then "Silence CODE here"; "Fix all CODE in this file" where the file
 * has more than one diagnostic of that code (worked out when the editor resolves it); and the
 * source action "Fix all" when the editor asks for source actions (on save, or the Source Action
 * menu).
 */
export function codeActions(workspace: Workspace, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const uri = params.textDocument.uri;
  const result = workspace.result(uri);
  const document = workspace.documents.get(uri);
  if (!result || !document) return [];
  const options = workspace.options(uri);
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const indexes: number[] = [];
    for (const published of params.context.diagnostics) {
      if (published.source !== 'vmm') continue;
      const found = diagnosticFor(result, published);
      if (found) indexes.push(result.diagnostics.indexOf(found));
    }
    for (const fix of quickFixes(result, indexes, options)) {
      const index = result.diagnostics.indexOf(fix.diagnostic);
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(result, fix.diagnostic, index)],
        edit: workspaceEdit(result, fix.edits),
        isPreferred: fix.preferred,
      });
    }
    const codes = new Set(indexes.map((i) => result.diagnostics[i].code));
    for (const code of codes) {
      if (result.diagnostics.filter((d) => d.code === code && d.fixes.length > 0).length < 2) continue;
      const data: FixAllData = { uri, version: document.version, code };
      actions.push({ title: `Fix all ${code} in this file`, kind: CodeActionKind.QuickFix, data });
    }
  }
  if (only && wants(FIX_ALL)) {
    const { edits, steps } = fixAllIn(result, options);
    if (steps.length > 0)
      actions.push({
        title: `Fix all (${steps.length} ${steps.length === 1 ? 'fix' : 'fixes'} that leave nothing behind)`,
        kind: FIX_ALL,
        edit: workspaceEdit(result, edits),
      });
  }
  return actions;
}

/** "Fix all CODE in this file", resolved: its edit, worked out on the document as it is (none when it changed since). */
export function resolveCodeAction(workspace: Workspace, action: CodeAction): CodeAction {
  const data = action.data as FixAllData | undefined;
  if (!data || typeof data.code !== 'string') return action;
  const document = workspace.documents.get(data.uri);
  const result = workspace.result(data.uri);
  if (!document || !result || document.version !== data.version) return action;
  const { edits } = fixAllIn(result, workspace.options(data.uri), data.code);
  return { ...action, edit: workspaceEdit(result, edits) };
}
