/**
 * The CLI's reading of the project config: `--config FILE`, else the nearest `vmm.config.json`
 * upwards from the current directory. A config with a problem is an I/O problem (exit 2), said
 * with the file and the key: CI must not run with half a config.
 */
import * as path from 'node:path';
import { loadProjectConfig, readProjectConfig, type ProjectConfig } from '../node-fs.js';
import { IoError } from './files.js';
import type { Parsed } from './args.js';

/** The project config this command line uses, or undefined when there is none. */
export function projectConfig(parsed: Parsed, cwd = process.cwd()): ProjectConfig | undefined {
  const given = parsed.options.get('config');
  const named = given?.[given.length - 1];
  const config = named !== undefined ? readProjectConfig(path.resolve(cwd, named)) : loadProjectConfig(cwd);
  if (config && config.problems.length > 0) {
    const shown = named ?? (path.relative(cwd, config.file) || config.file);
    throw new IoError(config.problems.map((p) => `${shown}: ${p}`).join('\nvmm: '));
  }
  return config;
}

/** How the root was chosen, for VMM007's hint: `--root DIR`, the config's root, or the current directory. */
export function rootOrigin(parsed: Parsed, config: ProjectConfig | undefined, cwd = process.cwd()): string | undefined {
  if (parsed.options.has('root')) return undefined;
  if (config) return `the root of ${path.relative(cwd, config.file) || config.file} (${path.relative(cwd, config.root) || '.'})`;
  return undefined;
}
