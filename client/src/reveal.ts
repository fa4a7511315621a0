/**
 * Where a click in the topology webview may lead. The page reports `data-file`, a path relative to
 * the planned file's folder (a declaration from an imported file); the extension opens it only
 * when, resolved, it stays inside the source's workspace folder (or, outside every folder, the
 * source's own folder), as the server only reads imports from there. Pure: no `vscode`, so node's
 * test runner checks it (reveal.test.ts).
 *
 * Paths are URI paths (`vscode.Uri.path`): absolute, `/`-separated on every platform.
 */
import * as path from 'node:path';

/** Whether target lies strictly inside folder (both absolute, already normalized URI paths). */
export function insideFolder(folder: string, target: string): boolean {
  if (!folder.startsWith('/') || !target.startsWith('/')) return false;
  const relative = path.posix.relative(folder, target);
  return relative !== '' && relative !== '..' && !relative.startsWith('../') && !path.posix.isAbsolute(relative);
}

/**
 * The path a reveal message leads to: `file` resolved against the folder of `source`, or undefined
 * when it is not a usable name or leaves `root`. A backslash is refused: on Windows it would be a
 * separator this check did not see.
 */
export function revealPath(source: string, file: unknown, root: string): string | undefined {
  if (typeof file !== 'string' || file === '' || file.includes('\\') || file.includes('\0')) return undefined;
  if (!source.startsWith('/')) return undefined;
  const target = path.posix.resolve(path.posix.dirname(source), file);
  return insideFolder(root, target) ? target : undefined;
}
