import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver';
import type { CheckResult } from '../checker.js';
import { outline, type OutlineKind, type OutlineSymbol } from '../features/outline.js';
import { workspaceSymbols as search } from '../features/workspaceSymbols.js';
import { pathToUri } from './convert.js';
import type { Workspace } from './workspace.js';

const kinds: Readonly<Record<OutlineKind, SymbolKind>> = Object.freeze({
  import: SymbolKind.File,
  policy: SymbolKind.Object,
  site: SymbolKind.Namespace,
  link: SymbolKind.Interface,
  datastore: SymbolKind.Struct,
  network: SymbolKind.Module,
  vm: SymbolKind.Class,
  service: SymbolKind.Package,
  migrate: SymbolKind.Event,
  block: SymbolKind.Object,
  attribute: SymbolKind.Property,
});

function documentSymbol(s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    kind: kinds[s.kind],
    detail: s.detail,
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children?.map(documentSymbol),
  };
}

/** The outline of features/outline.ts. */
export function documentSymbols(workspace: Workspace, params: DocumentSymbolParams): DocumentSymbol[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  return outline(result.file).map(documentSymbol);
}

/** features/workspaceSymbols.ts over every open document (and what it imports), each with its location. */
export function workspaceSymbols(workspace: Workspace, params: WorkspaceSymbolParams): SymbolInformation[] {
  function* results(): Generator<CheckResult> {
    for (const uri of workspace.documents.keys()) {
      const result = workspace.result(uri);
      if (result) yield result;
    }
  }
  return search(results(), params.query).map((s) => ({
    name: s.name,
    kind: kinds[s.kind],
    containerName: s.kind,
    location: { uri: pathToUri(s.file), range: s.range },
  }));
}
