import {
  ResponseError,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextDocumentPositionParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { invalidNewName, occurrences, symbolAt } from '../features/symbols.js';
import { pathToUri } from './convert.js';
import type { Workspace } from './workspace.js';

function at(workspace: Workspace, params: TextDocumentPositionParams) {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return undefined;
  const symbol = symbolAt(result, result.file.lines.offset(params.position));
  return symbol ? { result, symbol } : undefined;
}

export function definition(workspace: Workspace, params: TextDocumentPositionParams): Location[] {
  const found = at(workspace, params);
  if (!found) return [];
  return occurrences(found.result, found.symbol)
    .filter((o) => o.declaration)
    .map((o) => ({ uri: pathToUri(o.file.path), range: o.file.lines.range(o.span.start, o.span.end) }));
}

export function references(workspace: Workspace, params: ReferenceParams): Location[] {
  const found = at(workspace, params);
  if (!found) return [];
  return occurrences(found.result, found.symbol)
    .filter((o) => params.context.includeDeclaration || !o.declaration)
    .map((o) => ({ uri: pathToUri(o.file.path), range: o.file.lines.range(o.span.start, o.span.end) }));
}

export function prepareRename(workspace: Workspace, params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const found = at(workspace, params);
  if (!found) return null;
  return { range: found.result.file.lines.range(found.symbol.span.start, found.symbol.span.end), placeholder: found.symbol.name };
}

export function rename(workspace: Workspace, params: RenameParams): WorkspaceEdit | null {
  const found = at(workspace, params);
  if (!found) return null;
  const problem = invalidNewName(found.result, found.symbol, params.newName);
  if (problem) throw new ResponseError(-32803, problem);
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrences(found.result, found.symbol)) {
    (changes[pathToUri(o.file.path)] ??= []).push({ range: o.file.lines.range(o.span.start, o.span.end), newText: params.newName });
  }
  return { changes };
}
