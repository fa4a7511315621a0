import { readFileSync, realpathSync, statSync } from 'node:fs';
import type { FileSystem } from './load.js';

/** The size of a regular file; undefined for a folder, a pipe, a device, or what cannot be read. */
function regularFileSize(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** The checker's file system on Node: reads UTF-8 text; any failure is "cannot read". */
export const nodeFileSystem: FileSystem = {
  readFile(file) {
    // Only regular files: reading a named pipe would block the server until something writes to it.
    if (regularFileSize(file) === undefined) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  realPath(file) {
    try {
      return realpathSync(file);
    } catch {
      return undefined;
    }
  },
  size: regularFileSize,
};
