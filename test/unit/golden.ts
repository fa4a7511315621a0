import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate } from '../../server/src/annotate.js';
import { check } from '../../server/src/checker.js';
import { nodeFileSystem } from '../../server/src/node-fs.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const samplesDir = path.join(root, 'samples');
export const goldenDir = path.join(root, 'test', 'golden', 'samples');

/** A sample's diagnostics written under its lines, as its golden file holds them. */
export function renderSample(file: string): string {
  const text = readFileSync(path.join(samplesDir, file), 'utf8');
  const result = check(path.join(samplesDir, file), text, { workspace: root, fs: nodeFileSystem });
  return annotate(text, result.diagnostics);
}
