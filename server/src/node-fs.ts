import { readFileSync, realpathSync } from 'node:fs';
import type { FileSystem } from './load.js';

/** The checker's file system on Node: reads UTF-8 text; any failure is "cannot read". */
export const nodeFileSystem: FileSystem = {
  readFile(file) {
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
};
