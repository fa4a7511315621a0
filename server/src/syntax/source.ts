import type { SyntaxTree } from './ast.js';
import type { LineIndex } from '../text.js';

/**
 * A file as the checker reads it: its path, text, tree and line index. The editor keeps one object
 * per open document for the document's life, brought up to date edit by edit (IncrementalParser),
 * so that what the model took from unchanged declarations still names the document's file.
 */
export interface SourceFile {
  path: string;
  text: string;
  tree: SyntaxTree;
  lines: LineIndex;
}
