import { DerivedStore } from './derived.js';
import { vmm, type Language } from './language/registry.js';
import { BuildMemo } from './model/builder.js';
import type { SourceFile } from './syntax/source.js';
import type { IncrementalParser } from './syntax/incremental.js';

/**
 * Everything one document carries from one check to the next, and nothing else does: its
 * incremental parser (with the document's file object and chunk trees), the files its imports
 * read (taken again while their text is unchanged), what the model builder kept (readings,
 * entities, name tables) and the data rules derived from the model. The editor keeps one per open
 * document; a CLI run, a test or a benchmark makes one per file it checks. A fresh check is a
 * check with a new session: the same code runs either way.
 */
export class DocumentSession {
  readonly parser: IncrementalParser;
  readonly imports = new Map<string, SourceFile>();
  readonly memo = new BuildMemo();
  readonly derived = new DerivedStore();

  private scratch: DocumentSession | undefined;

  constructor(readonly language: Language = vmm) {
    this.parser = language.syntax.incremental();
  }

  /**
   * The session that checks copies of this document (a quick-fix's edits applied, §7), so that the
   * document's own trees and model stay as they are; it goes on from the last copy it checked.
   */
  get copies(): DocumentSession {
    return (this.scratch ??= new DocumentSession(this.language));
  }

  /** Forgets what was derived from the model (after a settings change: rules read their severities). */
  invalidate(): void {
    this.derived.clear();
    this.scratch?.invalidate();
  }
}
