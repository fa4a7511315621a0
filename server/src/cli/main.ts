import { statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check, type CheckOptions, type CheckResult, type Diagnostic, type SeveritySetting } from '../checker.js';
import { fixAllIn } from '../features/quickFixes.js';
import { DocumentSession } from '../session.js';
import { format } from '../features/format.js';
import { nodeFileSystem, withoutBom } from '../node-fs.js';
import { leadsUp } from '../load.js';
import { ruleByCode, rules } from '../rules/registry.js';
import { vmm } from '../language/registry.js';
import { closest, commandSpec, editDistance, commandUsage, generalUsage, parseCommandLine, UsageError, type Parsed } from './args.js';
import { IoError, readRaw, startsWithBom, writeRegularFile } from './files.js';
import { projectConfig, rootOrigin } from './project.js';
import { DEFAULT_DOCS_BASE, jsonReport, sarifReport, textReport, type FileReport } from './output.js';
import { buildPlan } from '../plan/plan.js';
import { planJson } from '../plan/json.js';
import { planMarkdown } from '../plan/markdown.js';
import { topologySvg } from '../plan/svg.js';
import { exportFormats, exportPlan, type ExportFormat } from '../plan/exports/index.js';
import type { Transport } from '../main.js';
import { runImport } from './import.js';

export { firstInvalidUtf8 } from './files.js';

import { VERSION } from '../version.js';

export { VERSION };

type Write = (s: string) => void;

/** The last value of an option, or undefined. */
function one(parsed: Parsed, name: string): string | undefined {
  const values = parsed.options.get(name);
  return values?.[values.length - 1];
}

const levels = ['error', 'warning', 'info', 'off'];

/** `--severity CODE=LEVEL`, each checked: a known rule code, a known level, one level per code. */
function severities(parsed: Parsed): Record<string, SeveritySetting> {
  const command = parsed.command.name;
  // The project config's rules first; --severity overrides them (docs/cli.md, "Project config").
  const result: Record<string, SeveritySetting> = {};
  const fromConfig = { ...projectConfig(parsed)?.rules };
  for (const entry of parsed.options.get('severity') ?? []) {
    const m = /^([^=]*)=(.*)$/s.exec(entry);
    if (!m) throw new UsageError(`--severity takes CODE=LEVEL (e.g. VMM303=off); got '${entry}'`, command);
    const [, code, level] = m;
    if (!ruleByCode(code)) {
      // Every code is VMM and three digits: only one character off is a likely typo (VMM999 is not VMM209).
      const near = closest(
        code,
        rules.map((r) => r.code).filter((c) => editDistance(code.toLowerCase(), c.toLowerCase()) <= 1),
      );
      throw new UsageError(`unknown rule code '${code}' in --severity ${entry}${near ? ` (did you mean ${near}?)` : ''}`, command);
    }
    if (!levels.includes(level)) {
      const near = closest(level, levels);
      throw new UsageError(`unknown level '${level}' in --severity ${entry}: error, warning, info or off${near ? ` (did you mean ${near}?)` : ''}`, command);
    }
    const before = result[code];
    if (before !== undefined && before !== level) throw new UsageError(`--severity ${code} is given twice (${before}, ${level}); give it once`, command);
    result[code] = level as SeveritySetting;
  }
  return { ...fromConfig, ...result };
}

/** The workspace folder: --root, which must be a folder, or the current directory. */
function workspaceRoot(parsed: Parsed): string {
  const given = one(parsed, 'root');
  if (given === undefined) return projectConfig(parsed)?.root ?? process.cwd();
  const root = path.resolve(given);
  let isFolder: boolean;
  try {
    isFolder = statSync(root).isDirectory();
  } catch {
    throw new IoError(`--root ${given}: no such folder`);
  }
  if (!isFolder) throw new IoError(`--root ${given}: not a folder`);
  return root;
}

/** --docs-base: the public address of the rule pages (an http or https URL), for SARIF's helpUri. */
function docsBase(parsed: Parsed): string {
  const given = one(parsed, 'docs-base');
  if (given === undefined) return projectConfig(parsed)?.docsBase ?? DEFAULT_DOCS_BASE;
  let url: URL | undefined;
  try {
    url = new URL(given);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UsageError(`--docs-base needs the http or https address of the rule pages; got '${given}'`, parsed.command.name);
  }
  return given.replace(/\/+$/, '');
}

/** A path as a shell reads it back: quoted when it holds anything but the usual characters. */
function shellWord(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/** The deepest folder holding both. */
function commonFolder(a: string, b: string): string {
  let folder = a;
  while (leadsUp(path.relative(folder, b), path.sep) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return folder;
}

/**
 * VMM007 for an import outside the workspace folder, as the CLI says it: which folder that is (the
 * current directory unless --root says otherwise) and the --root that would let the import be read.
 * The checker gives the path the import resolves to (`outside`); the message itself is load.ts's.
 */
function withRootHint(d: Diagnostic, file: string, root: string | undefined, origin?: string): Diagnostic {
  if (d.code !== 'VMM007' || d.outside === undefined) return d;
  const both = shellWord(commonFolder(path.dirname(path.resolve(file)), path.dirname(d.outside)));
  const hint = origin
    ? `${origin} does not hold it; set root there or pass --root ${both} to read it`
    : root === undefined
      ? `vmm takes the current directory as the workspace folder; pass --root ${both} to read it`
      : `--root ${shellWord(root)} does not hold it; pass --root ${both} to read it`;
  return { ...d, message: `${d.message} (${hint})` };
}

interface Checked {
  reports: FileReport[];
  /** One message per file that could not be read (already written to standard error). */
  notRead: string[];
}

/**
 * `vmm check --fix`: "Fix all" (spec §7) on one checked file. Each fix applied is said (`say`); the
 * files it changed are written; the check after the fixes is returned. A file with syntax errors,
 * or whose fixes would reach an imported file with syntax errors, is left as it is. A file that
 * began with a byte order mark keeps it (the checker reads the text without it).
 */
function fixFile(file: string, result: CheckResult, options: CheckOptions, say: Write): CheckResult {
  const broken = result.files.filter((f) => f.tree.errors.length > 0);
  if (broken.length > 0) {
    say(`${file}: has syntax errors; not fixed (fix them first)\n`);
    return result;
  }
  const { steps, after } = fixAllIn(result, options);
  if (steps.length === 0) return result;
  for (const { diagnostic: d, fix } of steps) say(`${file}(${d.range.start.line + 1},${d.range.start.character + 1}): ${d.code} fixed: ${fix.title}\n`);
  for (const f of result.files) {
    const text = after.texts.get(f.path);
    if (text === undefined || text === f.text) continue;
    const bom = startsWithBom(f.path) && text.charCodeAt(0) !== 0xfeff ? '\ufeff' : '';
    try {
      writeFileSync(f.path, bom + text);
    } catch {
      throw new IoError(`${f.path}: cannot write the fixes`);
    }
  }
  say(`${file}: ${steps.length} fix(es) applied\n`);
  return after.result;
}

/** Checks each file; one that cannot be read is said on standard error and the others still checked. */
function checkFiles(parsed: Parsed, err: Write, docs?: string, fixing?: Write): Checked {
  const root = workspaceRoot(parsed);
  const overrides = severities(parsed);
  const givenRoot = one(parsed, 'root');
  const origin = rootOrigin(parsed, projectConfig(parsed));
  const reports: FileReport[] = [];
  const notRead: string[] = [];
  for (const file of parsed.files) {
    let text: string;
    try {
      text = withoutBom(readRaw(file));
    } catch (error) {
      if (!(error instanceof IoError)) throw error;
      notRead.push(error.message);
      err(`vmm: ${error.message}\n`);
      continue;
    }
    const options = { workspace: root, fs: nodeFileSystem, severities: overrides, docsBase: docs, session: new DocumentSession() };
    let result = check(path.resolve(file), text, options);
    if (fixing) result = fixFile(file, result, options, fixing);
    reports.push({ file, diagnostics: result.diagnostics.map((d) => withRootHint(d, file, givenRoot, origin)) });
  }
  return { reports, notRead };
}

function runCheck(parsed: Parsed, out: Write, err: Write): number {
  const format = one(parsed, 'format') ?? 'text';
  const docs = docsBase(parsed);
  // The changes --fix makes go with the text report; beside JSON or SARIF, to standard error.
  const fixing = parsed.options.has('fix') ? (format === 'text' ? out : err) : undefined;
  const { reports, notRead } = checkFiles(parsed, err, docs, fixing);
  if (format === 'json') out(jsonReport(reports));
  else if (format === 'sarif') out(sarifReport(reports, { version: VERSION, docsBase: docs, root: workspaceRoot(parsed), notRead }));
  else out(textReport(reports));
  const all = reports.flatMap((r) => r.diagnostics);
  const count = (s: string) => all.filter((d) => d.severity === s).length;
  // The summary counts what was checked; with nothing checked, the lines above said it all.
  if (format === 'text' && reports.length > 0) {
    const unread = notRead.length > 0 ? `; ${notRead.length} file(s) not read` : '';
    err(`${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info in ${reports.length} file(s)${unread}\n`);
  }
  if (notRead.length > 0) return 2;
  return count('error') > 0 ? 1 : 0;
}

/** `vmm plan FILE`: the plan on standard output or in OUT; never replaces a file without --force. */
function runPlan(parsed: Parsed, out: Write, err: Write): number {
  const format = one(parsed, 'format') ?? 'md';
  const output = one(parsed, 'output');
  const force = parsed.options.has('force');
  const [file] = parsed.files;
  const root = workspaceRoot(parsed);
  const overrides = severities(parsed);
  const result = check(path.resolve(file), withoutBom(readRaw(file)), { workspace: root, fs: nodeFileSystem, severities: overrides });
  const planned = buildPlan(result);
  if (!planned.ok) {
    const givenRoot = one(parsed, 'root');
    const origin = rootOrigin(parsed, projectConfig(parsed));
    err(textReport([{ file, diagnostics: planned.errors.map((d) => withRootHint(d, file, givenRoot, origin)) }]));
    err(`vmm: no plan: ${planned.errors.length} error(s) in ${file}; fix them first\n`);
    return 1;
  }
  let text: string;
  if ((exportFormats as readonly string[]).includes(format)) {
    const exported = exportPlan(format as ExportFormat, result, planned.plan, {
      sourceProvider: one(parsed, 'source-provider'),
      destinationProvider: one(parsed, 'destination-provider'),
      namespace: one(parsed, 'namespace'),
      storageClass: one(parsed, 'storage-class'),
    });
    if (!exported.ok) {
      err(`vmm: ${exported.message}; nothing written\n`);
      return 1;
    }
    text = exported.text;
  } else text = format === 'json' ? planJson(planned.plan) : format === 'svg' ? topologySvg(result, planned.plan) : planMarkdown(planned.plan);
  if (output === undefined) {
    out(text);
    return 0;
  }
  writeRegularFile(output, text, force, 'the plan');
  out(`${output}: plan written (${format})\n`);
  return 0;
}

/** `vmm format FILE…`: each file that can be read is formatted (or, with --check, judged); the others are said and skipped. */
function runFormat(parsed: Parsed, out: Write, err: Write): number {
  const checkOnly = parsed.options.has('check');
  let unformatted = 0;
  let broken = 0;
  let failed = 0;
  for (const file of parsed.files) {
    try {
      const raw = readRaw(file);
      if (vmm.syntax.parse(raw).errors.length > 0) {
        broken++;
        err(`${file}: has syntax errors; left as it is (run vmm check)\n`);
        continue;
      }
      const formatted = format(raw);
      if (formatted === raw) continue;
      unformatted++;
      if (checkOnly) {
        out(`${file}: not formatted\n`);
        continue;
      }
      try {
        writeFileSync(file, formatted);
      } catch {
        throw new IoError(`${file}: cannot write`);
      }
      out(`${file}: formatted\n`);
    } catch (error) {
      if (!(error instanceof IoError)) throw error;
      failed++;
      err(`vmm: ${error.message}\n`);
    }
  }
  if (failed > 0) return 2;
  if (checkOnly) return unformatted > 0 || broken > 0 ? 1 : 0;
  return broken > 0 ? 1 : 0;
}

/** The one transport `vmm lsp` is given. */
function lspTransport(parsed: Parsed): Transport {
  const given = ['stdio', 'node-ipc', 'socket', 'pipe'].filter((t) => parsed.options.has(t));
  const count = given.reduce((n, t) => n + (parsed.options.get(t)?.length ?? 0), 0);
  if (count === 0) throw new UsageError('lsp needs --stdio, --node-ipc, --socket=PORT or --pipe=NAME', 'lsp');
  if (count > 1) throw new UsageError(`lsp takes one transport; got ${given.map((t) => `--${t}`).join(' and ')}`, 'lsp');
  const pid = one(parsed, 'clientProcessId');
  if (pid !== undefined && !/^\d+$/.test(pid)) throw new UsageError(`--clientProcessId needs a process id; got '${pid}'`, 'lsp');
  const [kind] = given;
  if (kind === 'socket') {
    const value = one(parsed, 'socket') ?? '';
    const port = Number(value);
    if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--socket needs a port number from 1 to 65535; got '${value}'`, 'lsp');
    return { kind, port };
  }
  if (kind === 'pipe') return { kind, name: one(parsed, 'pipe') ?? '' };
  return { kind: kind === 'stdio' ? 'stdio' : 'node-ipc' };
}

/**
 * Runs `vmm ARGS`, writing to out and err; returns the exit status, or -1 for `vmm lsp`, whose
 * server keeps the process (a transport that fails later sets process.exitCode to 2). `vmm import`
 * reads workbooks asynchronously: it runs through mainAsync.
 */
export function main(argv: string[], out: Write, err: Write): number {
  try {
    const parsed = parseCommandLine(argv);
    const command = parsed.command.name;
    if (parsed.help) {
      out(commandUsage(parsed.command) + '\n');
      return 0;
    }
    if (parsed.version) {
      out(VERSION + '\n');
      return 0;
    }
    switch (command) {
      case 'check':
        return runCheck(parsed, out, err);
      case 'plan':
        return runPlan(parsed, out, err);
      case 'format':
        return runFormat(parsed, out, err);
      case 'import':
        throw new Error('vmm import runs through mainAsync');
      case 'lsp': {
        const transport = lspTransport(parsed);
        // Loaded only here: the language server's modules cost every other command ~40 ms of start-up.
        void import('../main.js')
          .then((server) => server.connectionOn(transport).then(server.startServer))
          .catch((error: unknown) => {
            err(`vmm: lsp: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 2;
          });
        return -1;
      }
      case 'help': {
        const [topic] = parsed.files;
        if (topic === undefined) {
          out(generalUsage() + '\n');
          return 0;
        }
        const spec = commandSpec(topic);
        if (!spec) throw new UsageError(`no command '${topic}' to help with`);
        out(commandUsage(spec) + '\n');
        return 0;
      }
      case 'version':
        out(VERSION + '\n');
        return 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    return failure(error, err);
  }
}

/** Runs `vmm ARGS` as main does, `vmm import` included (the command line's entry point). */
export async function mainAsync(argv: string[], out: Write, err: Write): Promise<number> {
  if (argv[0] !== 'import') return main(argv, out, err);
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.help || parsed.version) return main(argv, out, err);
    return await runImport(parsed, out, err);
  } catch (error) {
    return failure(error, err);
  }
}

/** What a command that failed says, and its exit status (2). */
function failure(error: unknown, err: Write): number {
  if (error instanceof UsageError) {
    const spec = error.command ? commandSpec(error.command) : undefined;
    err(`vmm: ${error.message}\n${spec ? commandUsage(spec) : generalUsage()}\n`);
    return 2;
  }
  if (error instanceof IoError) {
    err(`vmm: ${error.message}\n`);
    return 2;
  }
  err(`vmm: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 2;
}
