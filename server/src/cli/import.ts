/**
 * `vmm import rvtools PATH… [--site-by datacenter|cluster] [-o OUT] [--force]` and `vmm import
 * libvirt PATH… --site SITE [--dirtyrate FILE] [-o OUT] [--force]` (spec §11): the shell around
 * import/ — folders listed, files read, the text printed or written (never over a file without
 * --force), what could not be read said on standard error. Exit 2 when a file is not the export it
 * claims to be, or when nothing could be read; nothing is written then.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ImportError, type ImportResult, type SourceFile } from '../import/inventory.js';
import { importLibvirt } from '../import/libvirt.js';
import { groupRvtoolsFiles, importRvtools } from '../import/rvtools.js';
import { describeKind, readRegularFile } from '../node-fs.js';
import { closest, UsageError, type Parsed } from './args.js';
import { IoError, writeRegularFile } from './files.js';

type Write = (s: string) => void;

/** The largest input file read: a 20,000-VM workbook is some tens of MB. */
const MAX_INPUT_BYTES = 512 * 2 ** 20;

const KINDS = ['rvtools', 'libvirt'];

function one(parsed: Parsed, name: string): string | undefined {
  const values = parsed.options.get(name);
  return values?.[values.length - 1];
}

function readInput(file: string): SourceFile {
  const result = readRegularFile(file, MAX_INPUT_BYTES);
  if (result.ok) return { path: file, bytes: result.bytes };
  switch (result.reason) {
    case 'missing':
      throw new IoError(`${file}: no such file or folder`);
    case 'denied':
      throw new IoError(`${file}: permission denied`);
    case 'not-regular':
      throw new IoError(`${file}: not a regular file (${result.kind})`);
    case 'too-large':
      throw new IoError(`${file}: larger than ${MAX_INPUT_BYTES / 2 ** 20} MB; it is not read`);
    default:
      throw new IoError(`${file}: cannot read`);
  }
}

/** The paths given, each folder replaced by its files of the kind (sorted, so that two runs read the same order). */
function expand(paths: readonly string[], wanted: RegExp, what: string): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      throw new IoError(`${p}: no such file or folder`);
    }
    if (!stat.isDirectory()) {
      if (!stat.isFile()) throw new IoError(`${p}: not a regular file (${describeKind(stat)})`);
      files.push(p);
      continue;
    }
    const inside = readdirSync(p)
      .filter((e) => wanted.test(e))
      .sort()
      .map((e) => path.join(p, e));
    if (inside.length === 0) throw new IoError(`${p}: a folder with no ${what} in it`);
    files.push(...inside);
  }
  return files;
}

async function run(parsed: Parsed, kind: string, paths: string[]): Promise<ImportResult> {
  const command = parsed.command.name;
  const site = one(parsed, 'site');
  const siteBy = one(parsed, 'site-by');
  const dirtyrate = one(parsed, 'dirtyrate');
  if (kind === 'rvtools') {
    if (site !== undefined) throw new UsageError('--site is an option of vmm import libvirt (rvtools takes the sites from the export: --site-by)', command);
    if (dirtyrate !== undefined) throw new UsageError('--dirtyrate is an option of vmm import libvirt (RVTools measures no dirty rate)', command);
    const groups = groupRvtoolsFiles(expand(paths, /\.(xlsx|csv)$/i, '.xlsx or .csv file'));
    const exports = groups.map((g) => ({ label: g.label, files: g.paths.map(readInput) }));
    return importRvtools(exports, { siteBy: siteBy === 'cluster' ? 'cluster' : 'datacenter' });
  }
  if (siteBy !== undefined) throw new UsageError('--site-by is an option of vmm import rvtools (libvirt takes its site from --site)', command);
  if (site === undefined) throw new UsageError('import libvirt needs --site SITE: the site the domains run at (dumpxml does not say)', command);
  const files = expand(paths, /\.xml$/i, '.xml file').map(readInput);
  return importLibvirt(files, { site, dirtyrate: dirtyrate !== undefined ? readInput(dirtyrate) : undefined });
}

/** `vmm import KIND PATH…`. */
export async function runImport(parsed: Parsed, out: Write, err: Write): Promise<number> {
  const [kind, ...paths] = parsed.files;
  const command = parsed.command.name;
  if (kind === undefined) throw new UsageError('import needs the kind of inventory (rvtools or libvirt) and at least one PATH', command);
  if (!KINDS.includes(kind)) {
    const near = closest(kind, KINDS);
    throw new UsageError(`unknown kind of inventory '${kind}': rvtools or libvirt${near ? ` (did you mean ${near}?)` : ''}`, command);
  }
  if (paths.length === 0) throw new UsageError(`import ${kind} needs at least one PATH`, command);
  const output = one(parsed, 'output');
  const force = parsed.options.has('force');
  // Said before anything is read: a workbook can take seconds.
  if (output !== undefined && !force && existsSync(output) && statSync(output).isFile()) {
    throw new IoError(`${output} already exists; the import never replaces a file: choose another name, or pass --force to replace it`);
  }
  let result: ImportResult;
  try {
    result = await run(parsed, kind, paths);
  } catch (error) {
    if (error instanceof ImportError) throw new IoError(error.message);
    throw error;
  }
  for (const m of result.messages) err(`vmm: ${m}\n`);
  if (result.vms === 0) {
    err(`vmm: nothing imported: no vm could be read from ${paths.join(', ')}; nothing written\n`);
    return 2;
  }
  const summary = `${result.vms} vm(s) at ${result.sites} site(s)${result.messages.length > 0 ? `; ${result.messages.length} message(s) above` : ''}`;
  if (output === undefined) {
    out(result.text);
    err(`vmm: imported ${summary}\n`);
    return 0;
  }
  writeRegularFile(output, result.text, force, 'the import');
  out(`${output}: imported ${summary}\n`);
  return 0;
}
