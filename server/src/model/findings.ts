import type { Declaration, Span } from '../syntax/ast.js';
import type { SourceFile } from '../syntax/source.js';

export type Severity = 'error' | 'warning' | 'info';

/** One text change; `file` is the path of the file it applies to. */
export interface Edit {
  file: string;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: Edit[];
  /** The fix an editor may apply with "auto fix". */
  preferred?: boolean;
}

export type { SourceFile } from '../syntax/source.js';

/** A problem found while reading or checking the model, before severity and ignore comments apply. */
export interface Finding {
  code: string;
  file: SourceFile;
  span: Span;
  message: string;
  /** The declaration it is anchored on (for `// vmm-ignore`). */
  declaration?: Declaration;
  fixes?: Fix[];
  /** VMM007 of an import refused as outside the workspace folder: the path it resolves to (a shell may say which folder would hold it). */
  outside?: string;
}
