import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { check, type CheckOptions, type CheckResult, type SeveritySetting } from '../checker.js';
import { MAX_FILE_BYTES, type FileSystem } from '../load.js';
import { loadProjectConfig, nodeFileSystem, type ProjectConfig } from '../node-fs.js';
import { DocumentSession } from '../session.js';
import { pathToUri, uriToPath } from './convert.js';

/**
 * The open documents and their latest check. Imports are read from open documents first (what the
 * user sees, unsaved), then from disk. A document's check is cached until it or a file it imports
 * changes.
 */
export class Workspace {
  readonly documents = new Map<string, TextDocument>();
  private readonly results = new Map<string, { version: number; result: CheckResult }>();
  /** One session per open document: what each check carries to the next (an edit re-reads only what it touched). */
  private readonly sessions = new Map<string, DocumentSession>();
  /** The files each open document's last check read, kept across invalidation. */
  private readonly reads = new Map<string, string[]>();
  folders: string[] = [];
  /** The editor's `vmm.rules.*` settings; a project config's rules win over them. */
  severities: Record<string, SeveritySetting> = {};
  docsBase?: string;
  /** The project config that applies in each folder (undefined: none), found once until a config file changes. */
  private readonly configs = new Map<string, ProjectConfig | undefined>();

  private readonly fs: FileSystem = {
    readFile: (file) => {
      const open = this.openAt(file);
      return open ? open.getText() : nodeFileSystem.readFile(file);
    },
    readConfined: (file, allowed) => {
      const open = this.openAt(file);
      return open ? { text: open.getText() } : nodeFileSystem.readConfined(file, allowed);
    },
    realPath: (file) => nodeFileSystem.realPath(file) ?? file,
    size: (file) => this.openAt(file)?.getText().length ?? nodeFileSystem.size(file),
    paths: nodeFileSystem.paths,
  };

  /**
   * The open document of a file: under the URI VS Code gives that path, else under any URI that
   * names the same path (a client that encodes its URIs otherwise).
   */
  openAt(file: string): TextDocument | undefined {
    const exact = this.documents.get(pathToUri(file));
    if (exact) return exact;
    for (const [uri, document] of this.documents) if (uri.startsWith('file:') && uriToPath(uri) === file) return document;
    return undefined;
  }

  /**
   * The workspace folder holding a file (the longest match). A window without folders (a file
   * opened alone) reads imports from the file's own folder; a file outside every folder of a
   * window that has some has no folder (undefined): its imports are not read.
   */
  folderOf(file: string): string | undefined {
    const match = this.folders.filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep)).sort((a, b) => b.length - a.length)[0];
    if (match) return match;
    return this.folders.length === 0 ? path.dirname(file) : undefined;
  }

  /** Why a document's imports are not read, if they are not: it names no file, or lies outside every workspace folder. */
  private noImports(uri: string, file: string): string | undefined {
    if (!uri.startsWith('file:'))
      return `an ${uri.startsWith('untitled:') ? 'untitled' : `'${uri.split(':')[0]}:'`} document imports nothing; save it in a workspace folder first`;
    if (this.folderOf(file) === undefined)
      return 'this file is outside every workspace folder; vmm reads imports only inside one (add its folder to the workspace)';
    return undefined;
  }

  /**
   * Why an open document is not checked, if it is not: larger than MAX_FILE_BYTES (its text
   * alone; the check would take gigabytes). Its providers then answer nothing.
   */
  notChecked(uri: string): string | undefined {
    const length = this.documents.get(uri)?.getText().length ?? 0;
    if (length <= MAX_FILE_BYTES) return undefined;
    const mb = (n: number) => `${Math.round((n / 2 ** 20) * 10) / 10} MB`;
    return `this document is ${mb(length)}, larger than the ${mb(MAX_FILE_BYTES)} vmm checks; it is not checked (split it into files that import each other)`;
  }

  /**
   * The project config of a file: the nearest vmm.config.json upwards from its folder, not above
   * the workspace folder holding it (a file outside every folder: upwards to the file system's root).
   */
  configOf(file: string): ProjectConfig | undefined {
    const folder = path.dirname(file);
    if (!this.configs.has(folder)) {
      const workspace = this.folders.some((f) => file.startsWith(f.endsWith(path.sep) ? f : f + path.sep)) ? this.folderOf(file) : undefined;
      this.configs.set(folder, loadProjectConfig(folder, workspace));
    }
    return this.configs.get(folder);
  }

  /** The configs read so far (each once), for their problems. */
  loadedConfigs(): ProjectConfig[] {
    const byFile = new Map<string, ProjectConfig>();
    for (const config of this.configs.values()) if (config) byFile.set(config.file, config);
    return [...byFile.values()];
  }

  /** A config file was created, changed or deleted: every file's config is found and read again. */
  forgetConfigs(): void {
    this.configs.clear();
    this.results.clear();
  }

  result(uri: string): CheckResult | undefined {
    const document = this.documents.get(uri);
    if (!document || this.notChecked(uri) !== undefined) return undefined;
    const cached = this.results.get(uri);
    if (cached && cached.version === document.version) return cached.result;
    const result = check(uriToPath(uri), document.getText(), this.options(uri));
    this.results.set(uri, { version: document.version, result });
    // The files it read, and those its imports name that could not be read: when one appears, it is checked again.
    this.reads.set(uri, [...new Set([...result.files.map((f) => f.path), ...result.imported])]);
    return result;
  }

  /** What a document is checked with: its session, its workspace folder, the files as the editor has them, the settings. */
  options(uri: string): CheckOptions {
    const file = uriToPath(uri);
    let session = this.sessions.get(uri);
    if (!session) this.sessions.set(uri, (session = new DocumentSession()));
    const config = this.configOf(file);
    return {
      session,
      workspace: config?.root ?? this.folderOf(file),
      noImports: this.noImports(uri, file),
      fs: this.fs,
      severities: config ? { ...this.severities, ...config.rules } : this.severities,
      docsBase: config?.docsBase ?? this.docsBase,
    };
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
    this.sessions.delete(uri);
  }
}
