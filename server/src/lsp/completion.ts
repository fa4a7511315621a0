import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import { completeAt, type CompletionKind } from '../features/completion.js';
import type { Workspace } from './workspace.js';

const kinds: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  property: CompletionItemKind.Property,
  block: CompletionItemKind.Struct,
  value: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  unit: CompletionItemKind.Unit,
};

export function completion(workspace: Workspace, params: CompletionParams): CompletionItem[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  const lines = result.file.lines;
  return completeAt(result, lines.offset(params.position)).map((item, i) => ({
    label: item.label,
    kind: kinds[item.kind],
    detail: item.detail,
    documentation: item.documentation ? { kind: 'markdown', value: item.documentation } : undefined,
    sortText: String(i).padStart(4, '0'),
    insertTextFormat: item.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: lines.range(item.replace.start, item.replace.end), newText: item.insertText ?? item.label },
  }));
}
