import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver';
import type { SourceFile } from '../model/findings.js';
import type { Body, Declaration, DeclarationKind } from '../syntax/ast.js';
import { headerSpan } from '../syntax/spans.js';
import { pathToUri } from './convert.js';
import type { Workspace } from './workspace.js';

const kinds: Record<DeclarationKind, SymbolKind> = {
  import: SymbolKind.File,
  policy: SymbolKind.Object,
  site: SymbolKind.Namespace,
  link: SymbolKind.Interface,
  datastore: SymbolKind.Struct,
  network: SymbolKind.Module,
  vm: SymbolKind.Class,
  service: SymbolKind.Package,
  migrate: SymbolKind.Event,
};

export function declarationLabel(d: Declaration): string {
  switch (d.kind) {
    case 'link':
      return `${d.ends?.[0]?.name ?? '?'} <-> ${d.ends?.[1]?.name ?? '?'}`;
    case 'migrate':
      return `${(d.targets ?? []).map((t) => (t.service ? `service ${t.name}` : t.name)).join(', ')} → ${d.to?.name ?? '?'}`;
    case 'import':
      return d.path?.value ?? 'import';
    case 'policy':
      return d.name?.name ?? '(default policy)';
    default:
      return d.name?.name ?? '?';
  }
}

function children(file: SourceFile, body: Body | undefined): DocumentSymbol[] {
  return (body?.items ?? []).map((item) => ({
    name: item.name,
    kind: item.kind === 'block' ? SymbolKind.Object : SymbolKind.Property,
    detail: item.kind === 'attribute' ? item.values.map((v) => v.text).join(', ') : undefined,
    range: file.lines.range(item.span.start, item.span.end),
    selectionRange: file.lines.range(item.nameSpan.start, item.nameSpan.end),
    children: item.kind === 'block' ? children(file, item.body) : undefined,
  }));
}

export function documentSymbols(workspace: Workspace, params: DocumentSymbolParams): DocumentSymbol[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  const file = result.file;
  return file.tree.declarations.map((d) => {
    const selection = d.name?.span ?? headerSpan(d);
    return {
      name: declarationLabel(d),
      detail: d.kind,
      kind: kinds[d.kind],
      range: file.lines.range(d.span.start, Math.max(d.span.end, selection.end)),
      selectionRange: file.lines.range(selection.start, selection.end),
      children: children(file, d.body),
    };
  });
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
    for (const file of result?.files ?? []) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      for (const d of file.tree.declarations) {
        if (d.kind === 'import') continue;
        const name = declarationLabel(d);
        if (!matches(name)) continue;
        const span = d.name?.span ?? headerSpan(d);
        found.push({
          name,
          kind: kinds[d.kind],
          containerName: d.kind,
          location: { uri: pathToUri(file.path), range: file.lines.range(span.start, span.end) },
        });
      }
    }
  }
  return found.slice(0, 1000);
}
