import type { SemanticTokens, SemanticTokensLegend, SemanticTokensParams } from 'vscode-languageserver';
import { semanticSpans, tokenTypes } from '../features/highlight.js';
import type { Workspace } from './workspace.js';

export const legend: SemanticTokensLegend = {
  tokenTypes: [...tokenTypes],
  tokenModifiers: ['declaration'],
};

const type = Object.fromEntries(legend.tokenTypes.map((t, i) => [t, i])) as Record<string, number>;

/** The highlighting of features/highlight.ts in LSP's relative encoding (tokens spanning lines are left out). */
export function semanticTokens(workspace: Workspace, params: SemanticTokensParams): SemanticTokens {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return { data: [] };
  const file = result.file;
  const spans = semanticSpans(result);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const s of spans) {
    const start = file.lines.position(s.start);
    const end = file.lines.position(s.end);
    if (end.line !== start.line) continue;
    data.push(
      start.line - line,
      start.line === line ? start.character - character : start.character,
      end.character - start.character,
      type[s.type],
      s.declaration ? 1 : 0,
    );
    line = start.line;
    character = start.character;
  }
  return { data };
}
