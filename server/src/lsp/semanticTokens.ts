import type { SemanticTokens, SemanticTokensLegend, SemanticTokensParams } from 'vscode-languageserver';
import type { Body, DeclarationKind } from '../syntax/ast.js';
import type { Workspace } from './workspace.js';

export const legend: SemanticTokensLegend = {
  tokenTypes: ['keyword', 'namespace', 'class', 'type', 'struct', 'interface', 'property', 'enumMember', 'number', 'string', 'variable', 'event'],
  tokenModifiers: ['declaration'],
};

const type = Object.fromEntries(legend.tokenTypes.map((t, i) => [t, i])) as Record<string, number>;

const nameTypes: Partial<Record<DeclarationKind | string, string>> = {
  site: 'namespace',
  vm: 'class',
  service: 'type',
  network: 'interface',
  datastore: 'struct',
  policy: 'type',
};

/** Tokens from the tree and the resolved references: names by what they name, attributes, values. */
export function semanticTokens(workspace: Workspace, params: SemanticTokensParams): SemanticTokens {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return { data: [] };
  const file = result.file;
  const spans: { start: number; end: number; type: number; modifiers: number }[] = [];
  const add = (span: { start: number; end: number }, t: string, declaration = false) => spans.push({ ...span, type: type[t], modifiers: declaration ? 1 : 0 });
  const walk = (body: Body | undefined) => {
    for (const item of body?.items ?? []) {
      add(item.nameSpan, item.kind === 'block' ? 'struct' : 'property');
      if (item.kind === 'block') walk(item.body);
      else
        for (const v of item.values) {
          if (v.kind === 'quantity' || v.kind === 'number') add(v.span, 'number');
          else if (v.kind === 'string') add(v.span, 'string');
          else if (v.kind === 'ident' && /^(true|false)$/.test(v.text)) add(v.span, 'keyword');
        }
    }
  };
  for (const d of file.tree.declarations) {
    add(d.keywordSpan, 'keyword');
    if (d.name) add(d.name.span, nameTypes[d.kind] ?? 'variable', true);
    if (d.path) add(d.path.span, 'string');
    walk(d.body);
  }
  const referenced = new Set<number>();
  for (const r of result.model.references) {
    if (r.file !== file) continue;
    referenced.add(r.span.start);
    add(r.span, nameTypes[r.kind] ?? 'variable');
  }
  // Enum values: identifiers in values that are not references.
  for (const d of file.tree.declarations) {
    const visit = (body: Body | undefined) => {
      for (const item of body?.items ?? []) {
        if (item.kind === 'block') visit(item.body);
        else for (const v of item.values) if (v.kind === 'ident' && !referenced.has(v.span.start) && !/^(true|false)$/.test(v.text)) add(v.span, 'enumMember');
      }
    };
    visit(d.body);
  }
  spans.sort((a, b) => a.start - b.start);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  let lastStart = -1;
  for (const s of spans) {
    if (s.start === lastStart) continue;
    lastStart = s.start;
    const start = file.lines.position(s.start);
    const end = file.lines.position(s.end);
    if (end.line !== start.line) continue;
    data.push(start.line - line, start.line === line ? start.character - character : start.character, end.character - start.character, s.type, s.modifiers);
    line = start.line;
    character = start.character;
  }
  return { data };
}
