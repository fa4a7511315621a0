import type { DocumentFormattingParams, TextEdit } from 'vscode-languageserver';
import { format } from '../features/format.js';
import type { Workspace } from './workspace.js';

/** The whole document re-formatted as one edit; nothing when it has syntax errors or is already formatted. */
export function formatting(workspace: Workspace, params: DocumentFormattingParams): TextEdit[] {
  const document = workspace.documents.get(params.textDocument.uri);
  if (!document) return [];
  const text = document.getText();
  const formatted = format(text, { indent: params.options.insertSpaces ? params.options.tabSize : 2 });
  if (formatted === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) }, newText: formatted }];
}
