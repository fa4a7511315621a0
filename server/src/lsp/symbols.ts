import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver';
import { outline, type OutlineItem } from '../features/outline.js';
import { workspaceSymbols as findSymbols } from '../features/workspaceSymbols.js';
import type { SourceFile } from '../model/findings.js';
import { pathToUri } from './convert.js';
import type { Workspace } from './workspace.js';

function symbolKind(name: OutlineItem['symbol']): SymbolKind {
  return SymbolKind[name];
}

function toDocumentSymbol(file: SourceFile, item: OutlineItem): DocumentSymbol {
  return {
    name: item.name,
    detail: item.detail,
    kind: symbolKind(item.symbol),
    range: file.lines.range(item.span.start, item.span.end),
    selectionRange: file.lines.range(item.selection.start, item.selection.end),
    children: item.children.length > 0 || item.symbol !== 'Property' ? item.children.map((c) => toDocumentSymbol(file, c)) : undefined,
  };
}

export function documentSymbols(workspace: Workspace, params: DocumentSymbolParams): DocumentSymbol[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  return outline(result).map((item) => toDocumentSymbol(result.file, item));
}

/** Declarations of every open document and of the files they import, filtered by the query (features/workspaceSymbols.ts). */
export function workspaceSymbols(workspace: Workspace, params: WorkspaceSymbolParams): SymbolInformation[] {
  const results = [...workspace.documents.keys()].map((uri) => workspace.result(uri)).filter((r) => r !== undefined);
  return findSymbols(results, params.query).map((s) => ({
    name: s.name,
    kind: symbolKind(s.symbol),
    containerName: s.kind,
    location: { uri: pathToUri(s.file), range: s.range },
  }));
}
