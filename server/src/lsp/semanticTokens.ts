import type { SemanticTokens, SemanticTokensLegend, SemanticTokensParams } from 'vscode-languageserver';
import { semanticTokens as tokensOf, tokenTypes, type TokenType } from '../features/highlight.js';
import type { Workspace } from './workspace.js';

export const legend: SemanticTokensLegend = {
  tokenTypes: [...tokenTypes],
  tokenModifiers: ['declaration'],
};

const typeIndex: Readonly<Record<TokenType, number>> = Object.freeze(Object.fromEntries(tokenTypes.map((t, i) => [t, i])) as Record<TokenType, number>);

/** The tokens of features/highlight.ts, relatively encoded (LSP: line delta, character delta, length, type, modifiers). */
export function semanticTokens(workspace: Workspace, params: SemanticTokensParams): SemanticTokens {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return { data: [] };
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const { range, type, declaration } of tokensOf(result)) {
    const { start, end } = range;
    data.push(
      start.line - line,
      start.line === line ? start.character - character : start.character,
      end.character - start.character,
      typeIndex[type],
      declaration ? 1 : 0,
    );
    line = start.line;
    character = start.character;
  }
  return { data };
}
