import type { Declaration, Span, SyntaxTree } from './syntax/ast.js';
import { vmm } from './language/registry.js';
import { LineIndex } from './text.js';
import { posixPaths, type PathOps } from './filepath.js';
import type { Finding, SourceFile } from './model/findings.js';

/** The file system the checker reads imports through: injected, so the core runs in an editor, a CLI or a test alike. */
export interface FileSystem {
  /** The text of a file, or undefined when it cannot be read. */
  readFile(file: string): string | undefined;
  /** The real path (links resolved); the path itself where the file system has no links. */
  realPath?(file: string): string | undefined;
  /**
   * The size in bytes of a regular file; undefined when there is none to read (missing, a folder, a
   * pipe). Asked before reading, where the file system can tell: a huge file or a pipe is never read.
   */
  size?(file: string): number | undefined;
  /**
   * Reads a file only if what is opened is allowed, judged by the real path of the opened file
   * itself (not of the path before opening, which a link swapped meanwhile could change): the text,
   * `{ outside }` with that real path when it is not allowed, undefined when it cannot be read.
   */
  readConfined?(file: string, allowed: (realPath: string) => boolean): ConfinedRead;
  /** How its paths are resolved and compared: `node:path` in the shells (Windows paths too); `posixPaths` where absent. */
  readonly paths?: PathOps;
}

export type ConfinedRead = { text: string } | { outside: string } | undefined;

/** A file system with no files: imports are then reported missing. */
export const noFiles: FileSystem = { readFile: () => undefined };

/**
 * The largest file vmm checks: a file named on the command line, a document in the editor, an
 * import. A check costs about 100 MB of memory per MB of estate (8 MB: 80,000 diagnostics, 0.8 GB);
 * 8 MB is some 55,000 VMs in one file, and a larger estate is split with imports.
 */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** The largest import (MAX_FILE_BYTES). */
export const MAX_IMPORT_BYTES = MAX_FILE_BYTES;
/** The most one check reads, the document and its imports together: past it an import is not read (VMM007). */
export const MAX_CHECK_BYTES = 16 * 1024 * 1024;

/** Whether a file is the folder or inside it: `..data.vmm` is a name inside, only `..` itself or `../…` leads out. */
export function inside(root: string, file: string, paths: PathOps = posixPaths): boolean {
  const relative = paths.relative(root, file);
  return relative === '' || (!leadsUp(relative, paths.sep) && !paths.isAbsolute(relative));
}

/** A relative path that starts by going up a folder (`..` or `../x`, `..\\x` on Windows, `sep` `\\`), unlike a name that starts with two dots. */
export function leadsUp(relative: string, sep = '/'): boolean {
  return relative === '..' || relative.startsWith('..' + sep) || relative.startsWith('../');
}

/** Parses a text; an editor's parser may also keep the file object and its lines from edit to edit. */
export interface Parser {
  parse(text: string): SyntaxTree;
  sourceFile?(path: string, text: string): SourceFile;
}

export function sourceFile(file: string, text: string, parser: Parser = vmm.syntax): SourceFile {
  if (parser.sourceFile) return parser.sourceFile(file, text);
  return { path: file, text, tree: parser.parse(text), lines: new LineIndex(text) };
}

/**
 * Loads a file and, depth first, every file it imports (each once), reporting VMM007 for an import
 * that is missing, unreadable, binary, cyclic or outside the workspace folder; nothing outside the
 * folder is read. The files come back imports first, the root last. `imports`: files read before,
 * by path, taken again where their text is unchanged.
 */
export function loadWithImports(
  root: SourceFile,
  workspace: string | undefined,
  fs: FileSystem,
  findings: Finding[],
  imports?: Map<string, SourceFile>,
  parser: Parser = vmm.syntax,
  /** Read no import at all; each gets VMM007 saying this. */
  refused?: string,
  /** Where to note every file an import names inside the folder, read or not (an editor checks again when one appears). */
  named?: Set<string>,
): SourceFile[] {
  const loaded = new Map<string, SourceFile>();
  const order: SourceFile[] = [];
  const paths = fs.paths ?? posixPaths;
  const rootDir = workspace ? paths.resolve(workspace) : undefined;
  const realRoot = rootDir ? (fs.realPath?.(rootDir) ?? rootDir) : undefined;
  const rootKey = fs.realPath?.(root.path) ?? root.path;
  /** `via`: the root's import that led to this file (and its path's span), where a cycle back to the root is shown. */
  const visit = (file: SourceFile, stack: string[], via?: { declaration: Declaration; span: Span }) => {
    for (const declaration of file.tree.declarations) {
      if (declaration.kind !== 'import' || !declaration.path) continue;
      const here = { declaration, span: declaration.path.span };
      const report = (message: string, at: { file: SourceFile; declaration: Declaration; span: Span } = { file, ...here }, outside?: string) =>
        findings.push({ code: 'VMM007', file: at.file, span: at.span, message, declaration: at.declaration, ...(outside !== undefined ? { outside } : {}) });
      const written = declaration.path.value;
      if (written.trim() === '') {
        report('import needs a file name');
        continue;
      }
      if (refused !== undefined) {
        report(`import '${written}' is not read: ${refused}`);
        continue;
      }
      const target = paths.resolve(paths.dirname(file.path), written);
      if (rootDir && !inside(rootDir, target, paths)) {
        report(`import '${written}' is outside the workspace folder ${rootDir}; it is not read`, { file, ...here }, target);
        continue;
      }
      named?.add(target);
      const real = fs.realPath?.(target);
      if (real && realRoot && !inside(realRoot, real, paths)) {
        report(`import '${written}' leads outside the workspace folder (through a link to ${real}); it is not read`);
        continue;
      }
      const key = real ?? target;
      if (stack.includes(key)) {
        const cycle = [...stack.slice(stack.indexOf(key)), key].map((p) => paths.basename(p)).join(' → ');
        report(`import cycle: ${cycle}`);
        // A cycle through the root is found in the last file of the cycle; the root, the file
        // being checked, shows it on its own import that starts the cycle.
        if (key === rootKey && via) report(`import cycle: ${cycle}`, { file: root, ...via });
        continue;
      }
      if (loaded.has(key)) continue;
      const tooLarge = `'${written}' is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; it is not read`;
      const cannotRead = `cannot read '${written}' (resolved to ${target})`;
      const size = fs.size ? fs.size(target) : 0;
      if (size === undefined) {
        report(cannotRead);
        continue;
      }
      if (size > MAX_IMPORT_BYTES) {
        report(tooLarge);
        continue;
      }
      let text: string | undefined;
      if (fs.readConfined && realRoot) {
        // The path was judged above; the file opened is judged again, by its own real path.
        const read = fs.readConfined(target, (opened) => inside(realRoot, opened, paths));
        if (read && 'outside' in read) {
          report(`import '${written}' leads outside the workspace folder (through a link to ${read.outside}); it is not read`);
          continue;
        }
        text = read?.text;
      } else text = fs.readFile(target);
      if (text === undefined) {
        report(cannotRead);
        continue;
      }
      if (text.length > MAX_IMPORT_BYTES) {
        report(tooLarge);
        continue;
      }
      if (text.includes('\u0000')) {
        report(`'${written}' is not a text file`);
        continue;
      }
      if (total + text.length > MAX_CHECK_BYTES) {
        report(`'${written}' is not read: with it this check would read more than ${MAX_CHECK_BYTES / 1024 / 1024} MB (the file and its imports together)`);
        continue;
      }
      total += text.length;
      // An editor keeps the files it imported while their text is the same: the model then sees the
      // same declarations (and keeps what it took from them) instead of a fresh parse per keystroke.
      const known = imports?.get(target);
      const imported = known && known.text === text ? known : sourceFile(target, text, parser);
      imports?.set(target, imported);
      loaded.set(key, imported);
      visit(imported, [...stack, key], via ?? here);
      order.push(imported);
    }
  };
  let total = root.text.length;
  loaded.set(rootKey, root);
  visit(root, [rootKey]);
  order.push(root);
  return order;
}
