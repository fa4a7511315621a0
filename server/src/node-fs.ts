import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, parseConfig, type Level } from './config.js';
import { MAX_IMPORT_BYTES, type ConfinedRead, type FileSystem } from './load.js';

/** What a file that is not a regular one is, for a message: "a named pipe", "a character device", … */
export function describeKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

export type ReadResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'missing' | 'denied' | 'unreadable' }
  | { ok: false; reason: 'outside'; realPath: string }
  | { ok: false; reason: 'not-regular'; kind: string }
  | { ok: false; reason: 'too-large'; size: number };

/**
 * The bytes of a regular file of at most `limit` bytes, read without blocking: the file is opened
 * non-blocking (opening a named pipe does not wait for a writer), what was opened is checked to be
 * a regular file (a pipe, a device such as /dev/zero, a folder is refused unread), and at most
 * limit + 1 bytes are read, so a file that grows meanwhile cannot fill the memory. With `allowed`,
 * the file opened is judged by its descriptor's real path before a byte is read: a link swapped
 * between a check of the path and the open cannot lead the read elsewhere.
 */
/**
 * The real path of what a descriptor has open: the kernel's own record of it (`/proc/self/fd/N` on
 * Linux), which no link swapped after the open can change; elsewhere the path's real path, taken
 * after the open.
 */
function openedPath(fd: number, file: string): string | undefined {
  try {
    const real = readlinkSync(`/proc/self/fd/${fd}`);
    if (real.startsWith('/') && !real.endsWith(' (deleted)')) return real;
  } catch {
    // no /proc: below
  }
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

export function readRegularFile(file: string, limit = MAX_IMPORT_BYTES, allowed?: (realPath: string) => boolean): ReadResult {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, reason: 'denied' };
    if (code === 'EISDIR') return { ok: false, reason: 'not-regular', kind: 'a directory' };
    return { ok: false, reason: 'unreadable' };
  }
  try {
    if (allowed) {
      const real = openedPath(fd, file);
      if (real === undefined) return { ok: false, reason: 'unreadable' };
      if (!allowed(real)) return { ok: false, reason: 'outside', realPath: real };
    }
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not-regular', kind: describeKind(stat) };
    if (stat.size > limit) return { ok: false, reason: 'too-large', size: stat.size };
    // Read to the end (the size said may be stale, or 0 for a file the kernel makes up as it is read).
    let buffer = Buffer.allocUnsafe(Math.min(stat.size, limit) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > limit) return { ok: false, reason: 'too-large', size: length };
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch {
    return { ok: false, reason: 'unreadable' };
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's text without a leading byte order mark. VS Code's documents never have one, so every
 * text read from disk drops it too: the CLI's file and the server's imports then have the same
 * columns on their first line.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The size of a regular file; undefined for a folder, a pipe, a device, or what cannot be read. */
function regularFileSize(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** The checker's file system on Node: reads UTF-8 text without a BOM; any failure is "cannot read". */
export const nodeFileSystem: Required<FileSystem> = {
  readFile(file) {
    // Only regular files: reading a named pipe would block the server until something writes to it.
    const result = readRegularFile(file);
    return result.ok ? withoutBom(result.bytes.toString('utf8')) : undefined;
  },
  readConfined(file, allowed): ConfinedRead {
    const result = readRegularFile(file, MAX_IMPORT_BYTES, allowed);
    if (result.ok) return { text: withoutBom(result.bytes.toString('utf8')) };
    return result.reason === 'outside' ? { outside: result.realPath } : undefined;
  },
  realPath(file) {
    try {
      return realpathSync(file);
    } catch {
      return undefined;
    }
  },
  size: regularFileSize,
  // The platform's own: on Windows, drive letters and backslashes.
  paths: path,
};

/** A project config found and read: what config.ts made of it, its root resolved. */
export interface ProjectConfig {
  /** The config file, absolute. */
  file: string;
  rules: Record<string, Level>;
  /** The workspace root, absolute: the config's `root` read from the config's folder, else that folder. */
  root: string;
  docsBase?: string;
  /** What is wrong in the file (config.ts), or why it could not be read. */
  problems: string[];
}

/**
 * The nearest `vmm.config.json` upwards from a folder (the folder itself first), not above `stop`
 * when `stop` holds the folder; undefined when there is none.
 */
export function findConfigFile(folder: string, stop?: string): string | undefined {
  let dir = path.resolve(folder);
  const limit = stop === undefined ? undefined : path.resolve(stop);
  const bounded = limit !== undefined && !path.relative(limit, dir).startsWith('..') && !path.isAbsolute(path.relative(limit, dir));
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (regularFileSize(candidate) !== undefined) return candidate;
    if (bounded && dir === limit) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads the config file at `file` (absolute): a config without its problems, or with the reason it could not be read. */
export function readProjectConfig(file: string): ProjectConfig {
  const folder = path.dirname(file);
  const result = readRegularFile(file, 1024 * 1024);
  if (!result.ok) {
    const why = result.reason === 'missing' ? 'no such file' : result.reason === 'too-large' ? 'larger than 1 MiB' : 'cannot be read';
    return { file, rules: {}, root: folder, problems: [why] };
  }
  const content = parseConfig(result.bytes.toString('utf8'));
  return {
    file,
    rules: content.rules,
    root: content.root === undefined ? folder : path.resolve(folder, content.root),
    ...(content.docsBase !== undefined ? { docsBase: content.docsBase } : {}),
    problems: content.problems,
  };
}

/** The nearest project config upwards from a folder (see findConfigFile), read; undefined when there is none. */
export function loadProjectConfig(folder: string, stop?: string): ProjectConfig | undefined {
  const file = findConfigFile(folder, stop);
  return file === undefined ? undefined : readProjectConfig(file);
}
