import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver';
import { declaredSymbols, outline, type OutlineItem } from '../features/outline.js';
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

/** Declarations of every open document and of the files they import, filtered by the query (case-insensitive, in order). */
export function workspaceSymbols(workspace: Workspace, params: WorkspaceSymbolParams): SymbolInformation[] {
  const query = params.query.toLowerCase();
  const matches = (name: string) => {
    let i = 0;
    for (const c of name.toLowerCase()) if (i < query.length && c === query[i]) i++;
    return i === query.length;
  };
  const seen = new Set<string>();
  const found: SymbolInformation[] = [];
  for (const uri of workspace.documents.keys()) {
    const result = workspace.result(uri);
    if (!result) continue;
    const fresh = new Set(result.files.map((f) => f.path).filter((p) => !seen.has(p)));
    for (const p of fresh) seen.add(p);
    for (const symbol of declaredSymbols(result)) {
      if (!fresh.has(symbol.file.path) || !matches(symbol.name)) continue;
      found.push({
        name: symbol.name,
        kind: symbolKind(symbol.symbol),
        containerName: symbol.declaration.kind,
        location: { uri: pathToUri(symbol.file.path), range: symbol.file.lines.range(symbol.span.start, symbol.span.end) },
      });
    }
  }
  return found.slice(0, 1000);
}
