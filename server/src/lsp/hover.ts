import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { hoverAt } from '../features/hover.js';
import type { Workspace } from './workspace.js';

export function hover(workspace: Workspace, params: HoverParams): Hover | null {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return null;
  const found = hoverAt(result, result.file.lines.offset(params.position));
  if (!found) return null;
  return { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: result.file.lines.range(found.span.start, found.span.end) };
}
