import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { check, type CheckResult, type SeveritySetting } from '../checker.js';
import type { FileSystem } from '../load.js';
import type { SourceFile } from '../model/findings.js';
import { nodeFileSystem } from '../node-fs.js';
import { IncrementalParser } from '../syntax/incremental.js';
import { DerivedStore } from '../derived.js';
import { pathToUri, uriToPath } from './convert.js';

/**
 * The open documents and their latest check. Imports are read from open documents first (what the
 * user sees, unsaved), then from disk. A document's check is cached until it or a file it imports
 * changes.
 */
export class Workspace {
  readonly documents = new Map<string, TextDocument>();
  private readonly results = new Map<string, { version: number; result: CheckResult }>();
  /** One incremental parser per open document: an edit re-parses only the declarations it touched. */
  private readonly parsers = new Map<string, IncrementalParser>();
  /** Per open document, the files its checks imported: taken again while their text is unchanged. */
  private readonly imports = new Map<string, Map<string, SourceFile>>();
  /** Per open document, the data its rules derived from the model: kept while its inputs are unchanged. */
  private readonly derived = new Map<string, DerivedStore>();
  /** The files each open document's last check read, kept across invalidation. */
  private readonly reads = new Map<string, string[]>();
  folders: string[] = [];
  severities: Record<string, SeveritySetting> = {};
  docsBase?: string;

  private readonly fs: FileSystem = {
    readFile: (file) => {
      const open = this.documents.get(pathToUri(file));
      return open ? open.getText() : nodeFileSystem.readFile(file);
    },
    realPath: (file) => nodeFileSystem.realPath!(file) ?? file,
    size: (file) => this.documents.get(pathToUri(file))?.getText().length ?? nodeFileSystem.size!(file),
  };

  /** The workspace folder holding a file (the longest match), else the file's own folder. */
  folderOf(file: string): string {
    const match = this.folders.filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep)).sort((a, b) => b.length - a.length)[0];
    return match ?? path.dirname(file);
  }

  result(uri: string): CheckResult | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.results.get(uri);
    if (cached && cached.version === document.version) return cached.result;
    const file = uriToPath(uri);
    let parser = this.parsers.get(uri);
    if (!parser) this.parsers.set(uri, (parser = new IncrementalParser()));
    let imports = this.imports.get(uri);
    if (!imports) this.imports.set(uri, (imports = new Map()));
    let derived = this.derived.get(uri);
    if (!derived) this.derived.set(uri, (derived = new DerivedStore()));
    const result = check(file, document.getText(), {
      derive: derived.derive,
      workspace: this.folderOf(file),
      fs: this.fs,
      severities: this.severities,
      docsBase: this.docsBase,
      parser,
      imports,
    });
    this.results.set(uri, { version: document.version, result });
    this.reads.set(
      uri,
      result.files.map((f) => f.path),
    );
    return result;
  }

  /** Forget cached checks (after a settings change, or a change to an imported file). */
  invalidate(uris?: string[]): void {
    if (!uris) this.results.clear();
    else for (const uri of uris) this.results.delete(uri);
  }

  /** Open documents whose last check read the given file (through imports). */
  dependents(uri: string): string[] {
    const file = uriToPath(uri);
    const found: string[] = [];
    for (const [other, files] of this.reads) {
      if (other !== uri && files.includes(file)) found.push(other);
    }
    return found;
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.results.delete(uri);
    this.reads.delete(uri);
    this.parsers.delete(uri);
    this.imports.delete(uri);
    this.derived.delete(uri);
  }
}
