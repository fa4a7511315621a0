/**
 * The path operations the checker needs to follow imports and confine them to the workspace
 * folder, without `node:path`: the file system the checker is given brings its own (the shells
 * pass `node:path`, Windows paths included), and `posixPaths` serves where it brings none (a test,
 * an editor's in-memory files). `posixPaths` gives what `node:path.posix` gives, a test holds it to
 * it; a relative path is taken from `/`, since the core has no current folder.
 */
export interface PathOps {
  resolve(...paths: string[]): string;
  relative(from: string, to: string): string;
  dirname(path: string): string;
  basename(path: string): string;
  isAbsolute(path: string): boolean;
  readonly sep: string;
}

const SLASH = 47;

/** `a/./b/../c` → `a/c`; `..` above the start kept where `aboveRoot` (a relative path), else dropped. */
function normalizeSegments(path: string, aboveRoot: boolean): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') out.push(segment);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (aboveRoot) out.push('..');
  }
  return out.join('/');
}

function resolve(...paths: string[]): string {
  let resolved = '';
  for (let i = paths.length - 1; i >= -1; i--) {
    const path = i >= 0 ? paths[i] : '/';
    if (path.length === 0) continue;
    resolved = `${path}/${resolved}`;
    if (path.charCodeAt(0) === SLASH) break;
  }
  return `/${normalizeSegments(resolved, false)}`;
}

function relative(from: string, to: string): string {
  if (from === to) return '';
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

function dirname(path: string): string {
  if (path.length === 0) return '.';
  const rooted = path.charCodeAt(0) === SLASH;
  let end = -1;
  let trailing = true;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path.charCodeAt(i) === SLASH) {
      if (!trailing) {
        end = i;
        break;
      }
    } else trailing = false;
  }
  if (end === -1) return rooted ? '/' : '.';
  if (rooted && end === 1) return '//';
  return path.slice(0, end);
}

function basename(path: string): string {
  let start = 0;
  let end = -1;
  for (let i = path.length - 1; i >= 0; i--) {
    if (path.charCodeAt(i) === SLASH) {
      if (end !== -1) {
        start = i + 1;
        break;
      }
    } else if (end === -1) end = i + 1;
  }
  return end === -1 ? '' : path.slice(start, end);
}

export const posixPaths: PathOps = Object.freeze({
  resolve,
  relative,
  dirname,
  basename,
  isAbsolute: (path: string) => path.charCodeAt(0) === SLASH,
  sep: '/',
});

/** `C:\w\a.vmm` → `C:/w/a.vmm`: a path of either platform with forward slashes (for a name or a link shown). */
function forward(path: string): string {
  return path.includes('\\') ? path.replace(/\\/g, '/') : path;
}

/** The last segment of a path of either platform (`a.vmm` of `/w/a.vmm` and of `C:\w\a.vmm`), for a title or a message. */
export function baseName(path: string): string {
  return basename(forward(path));
}

/**
 * The path from the folder of `from` to `to`, with forward slashes, where both are absolute paths
 * of the same platform (a link from one file of a check to another, in a plan or a picture).
 */
export function linkBetween(from: string, to: string): string {
  return relative(dirname(forward(from)), forward(to));
}
