import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, type SeveritySetting } from '../checker.js';
import { format } from '../features/format.js';
import { nodeFileSystem } from '../node-fs.js';
import { vmm } from '../language/registry.js';
import { jsonReport, sarifReport, textReport, type FileReport } from './output.js';
import { buildPlan } from '../plan/plan.js';
import { planJson } from '../plan/json.js';
import { planMarkdown } from '../plan/markdown.js';
import { topologySvg } from '../plan/svg.js';

const VERSION = '0.1.0';

const usage = `usage: vmm <command> [options]

commands:
  check FILE…   check .vmm files and print their diagnostics
                --format text|json|sarif   (default text)
                --root DIR                 workspace folder imports must stay in (default: current directory)
                --severity CODE=LEVEL      override a rule's severity (error, warning, info, off); repeatable
  plan FILE     the migration plan of a file without errors (its errors otherwise, exit 1)
                --format md|json|svg       (default md; svg: the topology picture)
                -o OUT                     write to OUT instead of standard output
                --force                    let -o replace an existing file
                --root DIR, --severity CODE=LEVEL   as for check
  format FILE…  format files in place
                --check                    change nothing; exit 1 when a file is not formatted
  lsp --stdio   start the language server (also --node-ipc, --socket=PORT)
  help          this text
  version       the version

exit status: 0 no error, 1 an error was found, 2 usage or I/O problem`;

class UsageError extends Error {}

/** The folder holding docs/rules, beside the bundle (dist/..) or the compiled sources (out/server/src/cli/../../../..). */
function docsBase(): string {
  const here = path.dirname(path.resolve(process.argv[1] ?? '.'));
  for (const up of ['..', '../../../..']) {
    const dir = path.resolve(here, up, 'docs', 'rules');
    if (existsSync(dir)) return pathToFileURL(dir).href;
  }
  return pathToFileURL(path.resolve('docs', 'rules')).href;
}

interface Parsed {
  command: string;
  files: string[];
  options: Map<string, string[]>;
}

function parseArgs(argv: string[]): Parsed {
  const [command = 'help', ...rest] = argv;
  const files: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      files.push(...rest.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      const flags = new Set(['check', 'stdio', 'force']);
      let value: string;
      if (flags.has(name)) value = 'true';
      else if (inline !== undefined) value = inline;
      else {
        if (i + 1 >= rest.length) throw new UsageError(`--${name} needs a value`);
        value = rest[++i];
      }
      options.set(name, [...(options.get(name) ?? []), value]);
    } else if (arg === '-o') {
      if (i + 1 >= rest.length) throw new UsageError('-o needs a file');
      options.set('output', [rest[++i]]);
    } else files.push(arg);
  }
  return { command, files, options };
}

function one(options: Map<string, string[]>, name: string, allowed?: string[]): string | undefined {
  const values = options.get(name);
  if (!values) return undefined;
  const value = values[values.length - 1];
  if (allowed && !allowed.includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got '${value}'`);
  return value;
}

function severities(options: Map<string, string[]>): Record<string, SeveritySetting> {
  const result: Record<string, SeveritySetting> = {};
  for (const entry of options.get('severity') ?? []) {
    const m = /^(VMM\d{3})=(error|warning|info|off)$/.exec(entry);
    if (!m) throw new UsageError(`--severity takes CODE=LEVEL (e.g. VMM303=off), got '${entry}'`);
    result[m[1]] = m[2] as SeveritySetting;
  }
  return result;
}

function readSource(file: string): string {
  const text = readRaw(file);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

class IoError extends Error {}

function runCheck(parsed: Parsed, out: (s: string) => void, err: (s: string) => void): number {
  if (parsed.files.length === 0) throw new UsageError('check needs at least one FILE');
  const format = one(parsed.options, 'format', ['text', 'json', 'sarif']) ?? 'text';
  const root = path.resolve(one(parsed.options, 'root') ?? process.cwd());
  const overrides = severities(parsed.options);
  const base = docsBase();
  const reports: FileReport[] = [];
  for (const file of parsed.files) {
    const text = readSource(file);
    const result = check(path.resolve(file), text, { workspace: root, fs: nodeFileSystem, severities: overrides, docsBase: base });
    reports.push({ file, diagnostics: result.diagnostics });
  }
  if (format === 'json') out(jsonReport(reports));
  else if (format === 'sarif') out(sarifReport(reports, VERSION, base));
  else out(textReport(reports));
  const all = reports.flatMap((r) => r.diagnostics);
  const count = (s: string) => all.filter((d) => d.severity === s).length;
  if (format === 'text') {
    err(`${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info in ${reports.length} file(s)\n`);
  }
  return count('error') > 0 ? 1 : 0;
}

/** `vmm plan FILE`: the plan on standard output or in OUT; never replaces a file without --force. */
function runPlan(parsed: Parsed, out: (s: string) => void, err: (s: string) => void): number {
  if (parsed.files.length !== 1) throw new UsageError(`plan needs exactly one FILE${parsed.files.length > 1 ? `, got ${parsed.files.length}` : ''}`);
  const format = one(parsed.options, 'format', ['md', 'json', 'svg']) ?? 'md';
  const output = one(parsed.options, 'output');
  const force = parsed.options.has('force');
  const [file] = parsed.files;
  const root = path.resolve(one(parsed.options, 'root') ?? process.cwd());
  const result = check(path.resolve(file), readSource(file), {
    workspace: root,
    fs: nodeFileSystem,
    severities: severities(parsed.options),
    docsBase: docsBase(),
  });
  const planned = buildPlan(result);
  if (!planned.ok) {
    err(textReport([{ file, diagnostics: planned.errors }]));
    err(`vmm: no plan: ${planned.errors.length} error(s) in ${file}; fix them first\n`);
    return 1;
  }
  const text = format === 'json' ? planJson(planned.plan) : format === 'svg' ? topologySvg(result, planned.plan) : planMarkdown(planned.plan);
  if (output === undefined) {
    out(text);
    return 0;
  }
  try {
    // 'wx' creates the file only when there is none: an existing one is never replaced unasked.
    writeFileSync(output, text, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new IoError(`${output} already exists; the plan never replaces a file: choose another name, or pass --force to replace it`);
    throw new IoError(
      `${output}: cannot write${code === 'ENOENT' ? ' (no such folder)' : code === 'EACCES' ? ' (permission denied)' : code === 'EISDIR' ? ' (is a directory)' : ''}`,
    );
  }
  out(`${output}: plan written (${format})\n`);
  return 0;
}

function runFormat(parsed: Parsed, out: (s: string) => void, err: (s: string) => void): number {
  if (parsed.files.length === 0) throw new UsageError('format needs at least one FILE');
  const checkOnly = parsed.options.has('check');
  let unformatted = 0;
  for (const file of parsed.files) {
    const raw = readRaw(file);
    const formatted = format(raw);
    if (formatted === raw) continue;
    if (vmm.syntax.parse(raw).errors.length > 0) continue;
    unformatted++;
    if (checkOnly) out(`${file}: not formatted\n`);
    else {
      try {
        writeFileSync(file, formatted);
      } catch {
        throw new IoError(`${file}: cannot write`);
      }
      out(`${file}: formatted\n`);
    }
  }
  const broken = parsed.files.filter((f) => vmm.syntax.parse(readRaw(f)).errors.length > 0);
  for (const f of broken) err(`${f}: has syntax errors; left as it is (run vmm check)\n`);
  if (checkOnly) return unformatted > 0 || broken.length > 0 ? 1 : 0;
  return broken.length > 0 ? 1 : 0;
}

/**
 * A file named on the command line, as text. Only UTF-8 is read: decoding anything else would put
 * U+FFFD in place of its bytes, and `vmm format` would then write them back destroyed. A leading
 * BOM is kept in the text, as before (readSource drops it; format keeps it).
 */
function readRaw(file: string): string {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new IoError(`${file}: is a directory`);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof IoError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new IoError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot read'}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    if (at >= bytes.length) throw new IoError(`${file}: not valid UTF-8; left as it is`);
    const line = bytes.subarray(0, at).filter((b) => b === 0x0a).length + 1;
    const hex = bytes[at].toString(16).toUpperCase().padStart(2, '0');
    throw new IoError(`${file}: not valid UTF-8 (byte 0x${hex} at offset ${at}, line ${line}); left as it is`);
  }
}

/**
 * The offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629): a byte
 * that cannot begin one, or the lead byte of a sequence that is cut short or malformed (overlong,
 * a surrogate, above U+10FFFF); bytes.length when all are well formed.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // The length of the sequence b begins, and the range its second byte must fall in
    // (which excludes overlong forms, surrogates and code points above U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length;
}

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const parsed = parseArgs(argv);
    switch (parsed.command) {
      case 'check':
        return runCheck(parsed, out, err);
      case 'plan':
        return runPlan(parsed, out, err);
      case 'format':
        return runFormat(parsed, out, err);
      case 'lsp':
        // Loaded only here: the language server's modules cost every other command ~40 ms of start-up.
        void Promise.all([import('../main.js'), import('vscode-languageserver/node.js')]).then(([server, lsp]) =>
          server.startServer(lsp.createConnection(lsp.ProposedFeatures.all)),
        );
        return -1;
      case 'help':
      case '--help':
      case '-h':
        out(usage + '\n');
        return 0;
      case 'version':
      case '--version':
        out(VERSION + '\n');
        return 0;
      default:
        throw new UsageError(`unknown command '${parsed.command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`vmm: ${error.message}\n${usage}\n`);
      return 2;
    }
    if (error instanceof IoError) {
      err(`vmm: ${error.message}\n`);
      return 2;
    }
    err(`vmm: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}
