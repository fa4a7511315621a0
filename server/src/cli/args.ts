/**
 * The command line, read strictly: node's own `util.parseArgs` (no dependency). Every argument is
 * either an option this command knows, that option's value, or a file; anything else is a usage
 * error with one line saying which (an unknown option with the closest known one, a missing value,
 * a value given to a flag, an option given twice). parseArgs is run in its token mode to name the
 * argument at fault, then with `strict: true` as the last word on what is accepted.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage follows the message; undefined: the general usage. */
    readonly command?: string,
  ) {
    super(message);
  }
}

export interface OptionSpec {
  /** The long name, without the dashes. */
  name: string;
  short?: string;
  /** What the value is called in the usage (FILE, DIR, …); undefined for a flag, which takes none. */
  value?: string;
  /** May be given more than once (each value is kept). */
  multiple?: boolean;
  /** The values allowed, checked here. */
  choices?: readonly string[];
  help: string;
}

export interface CommandSpec {
  name: string;
  /** `check FILE…`: the command, then its files. */
  synopsis: string;
  summary: string;
  files: { min: number; max: number; /** What the arguments are called: FILE unless said. */ noun?: string };
  options: readonly OptionSpec[];
}

const helpOptions: readonly OptionSpec[] = [
  { name: 'help', short: 'h', help: 'print this usage and exit' },
  { name: 'version', help: 'print the version and exit' },
];

const root: OptionSpec = {
  name: 'root',
  value: 'DIR',
  help: "the workspace folder imports must stay in (default: the config's root, else the current directory)",
};
const configFile: OptionSpec = {
  name: 'config',
  value: 'FILE',
  help: 'the project config (default: the nearest vmm.config.json upwards from the current directory)',
};
const severity: OptionSpec = {
  name: 'severity',
  value: 'CODE=LEVEL',
  multiple: true,
  help: "set a rule's severity: error, warning, info or off (e.g. VMM303=off); repeatable",
};

export const commands: readonly CommandSpec[] = [
  {
    name: 'check',
    synopsis: 'check FILE…',
    summary: 'check .vmm files and print their diagnostics',
    files: { min: 1, max: Infinity },
    options: [
      { name: 'format', value: 'text|json|sarif', choices: ['text', 'json', 'sarif'], help: 'how to print the diagnostics (default: text)' },
      root,
      severity,
      configFile,
      {
        name: 'docs-base',
        value: 'URL',
        help: "where the rule pages are, for SARIF's helpUri (default: the config's docsBase, else https://github.com/vmm-lang/vmm/blob/main/docs/rules)",
      },
      {
        name: 'fix',
        help: 'apply every fix that leaves nothing behind ("Fix all"), print each change, then report what is left; a file with syntax errors is not touched',
      },
    ],
  },
  {
    name: 'plan',
    synopsis: 'plan FILE',
    summary: 'the migration plan of a file without errors (its errors otherwise, exit 1)',
    files: { min: 1, max: 1 },
    options: [
      {
        name: 'format',
        value: 'md|json|svg|virsh|powercli|forklift',
        choices: ['md', 'json', 'svg', 'virsh', 'powercli', 'forklift'],
        help: 'Markdown (default), JSON, the topology picture as SVG, or an export for the tool that migrates (docs/exports.md)',
      },
      { name: 'output', short: 'o', value: 'OUT', help: 'write the plan to OUT (a regular file) instead of standard output' },
      { name: 'force', help: 'let -o replace an existing file' },
      { name: 'source-provider', value: 'NAME', help: 'forklift: the source Provider (default: the source site id)' },
      { name: 'destination-provider', value: 'NAME', help: 'forklift: the destination Provider (default: the target site id)' },
      { name: 'namespace', value: 'NS', help: 'forklift: the namespace the VMs are migrated into (default: default)' },
      { name: 'storage-class', value: 'NAME', help: 'forklift: the storage class the disks land on (default: the datastore id)' },
      root,
      severity,
      configFile,
    ],
  },
  {
    name: 'format',
    synopsis: 'format FILE…',
    summary: 'rewrite files in the canonical layout',
    files: { min: 1, max: Infinity },
    options: [{ name: 'check', help: 'change nothing; exit 1 when a file is not formatted' }],
  },
  {
    name: 'import',
    synopsis: 'import rvtools|libvirt PATH…',
    summary: 'turn an RVTools export (.xlsx, or its .csv files) or virsh dumpxml files into a .vmm file (spec §11)',
    files: { min: 0, max: Infinity, noun: 'PATH' },
    options: [
      { name: 'output', short: 'o', value: 'OUT', help: 'write the .vmm file to OUT (a regular file) instead of standard output' },
      { name: 'force', help: 'let -o replace an existing file' },
      {
        name: 'site-by',
        value: 'datacenter|cluster',
        choices: ['datacenter', 'cluster'],
        help: 'rvtools: a site per datacenter (default) or per <Datacenter>.<Cluster>',
      },
      { name: 'site', value: 'SITE', help: 'libvirt: the site the domains run at (required)' },
      { name: 'dirtyrate', value: 'FILE', help: "libvirt: the output of virsh domstats --dirtyrate, for each domain's dirty-rate" },
    ],
  },
  {
    name: 'lsp',
    synopsis: 'lsp --stdio|--node-ipc|--socket=PORT|--pipe=NAME',
    summary: 'start the language server on one transport',
    files: { min: 0, max: 0 },
    options: [
      { name: 'stdio', help: 'standard input and output' },
      { name: 'node-ipc', help: "node's IPC channel (a client that forks the server)" },
      { name: 'socket', value: 'PORT', help: 'connect to the client listening on 127.0.0.1:PORT' },
      { name: 'pipe', value: 'NAME', help: 'connect to the client listening on the named pipe or Unix socket NAME' },
      { name: 'clientProcessId', value: 'PID', help: "exit when the client's process PID is gone (clients pass it)" },
    ],
  },
  { name: 'help', synopsis: 'help [COMMAND]', summary: 'the usage of vmm, or of one command', files: { min: 0, max: 1, noun: 'COMMAND' }, options: [] },
  { name: 'version', synopsis: 'version', summary: 'the version', files: { min: 0, max: 0 }, options: [] },
];

export function commandSpec(name: string): CommandSpec | undefined {
  return commands.find((c) => c.name === name);
}

function optionList(options: readonly OptionSpec[]): string {
  const rows = options.map((o) => {
    const names = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
    return [names, o.help];
  });
  const width = Math.max(...rows.map(([names]) => names.length)) + 2;
  return rows.map(([names, help]) => `  ${names.padEnd(width)}${help}`).join('\n');
}

export const exitStatus = 'exit status: 0 no error, 1 an error was found (format --check: a file is not formatted), 2 a usage or I/O problem';

/** The usage of one command: its synopsis, what it does, every option. */
export function commandUsage(spec: CommandSpec): string {
  const options = [...spec.options, ...helpOptions];
  return `usage: vmm ${spec.synopsis} [options]\n\n${spec.summary}\n\noptions:\n${optionList(options)}\n\n${exitStatus}`;
}

/** The usage of vmm: every command with its options. */
export function generalUsage(): string {
  const label = (c: CommandSpec) => (c.synopsis.length > 16 ? c.name : c.synopsis);
  const blocks = commands
    .filter((c) => c.options.length > 0)
    .map((c) => `  ${label(c).padEnd(16)}${c.summary}\n${optionList(c.options).replace(/^/gm, '    ')}`);
  return [
    'usage: vmm <command> [options]',
    '',
    'commands:',
    ...blocks,
    `  ${'help [COMMAND]'.padEnd(16)}this text, or the usage of COMMAND (also: vmm COMMAND --help, -h)`,
    `  ${'version'.padEnd(16)}the version (also: --version)`,
    '',
    exitStatus,
  ].join('\n');
}

/**
 * The optimal string alignment distance (Levenshtein with adjacent transpositions), so that
 * `fromat` is one edit from `format`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate closest to word, when it is close enough to be what was meant (case aside). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.min(2, Math.floor((best?.length ?? 0) / 3)));
  return bestDistance <= allowed ? best : undefined;
}

export interface Parsed {
  command: CommandSpec;
  files: string[];
  /** Each option given, by long name, with its values in order ('' for a flag). */
  options: Map<string, string[]>;
  help: boolean;
  version: boolean;
}

function configOf(options: readonly OptionSpec[]): NonNullable<ParseArgsConfig['options']> {
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const o of options) {
    config[o.name] = { type: o.value ? 'string' : 'boolean', multiple: true, ...(o.short ? { short: o.short } : {}) };
  }
  return config;
}

const usageOf = (spec: CommandSpec, message: string) => new UsageError(message, spec.name);

/** The arguments after the command, read against the command's options. */
export function parseCommand(spec: CommandSpec, args: readonly string[]): Parsed {
  const all = [...spec.options, ...helpOptions];
  const config = configOf(all);
  const { tokens } = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true });
  const files: string[] = [];
  const options = new Map<string, string[]>();
  let help = false;
  let version = false;
  const problems: UsageError[] = [];
  const seen = new Set<number>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      files.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const raw = args[token.index];
    const option = all.find((o) => o.name === token.name || (o.short !== undefined && o.short === token.name));
    // `-format`: parseArgs reads a group of short options (-f -o -r …); it was one misspelt option.
    const group = /^-[^-]{2,}/.test(raw) && !(option?.value && raw.startsWith(`-${option.short}`));
    if (group) {
      if (seen.has(token.index)) continue;
      seen.add(token.index);
      const name = raw.slice(1).split('=')[0];
      problems.push(unknownOption(spec, `-${name}`, name));
      continue;
    }
    if (!option) {
      problems.push(unknownOption(spec, token.rawName, token.name));
      continue;
    }
    if (option.name === 'help') help = true;
    if (option.name === 'version') version = true;
    const shown = token.rawName.startsWith('--') ? `--${option.name}` : token.rawName;
    let value = '';
    if (option.value) {
      if (token.value === undefined || token.value === '') {
        problems.push(usageOf(spec, `${shown} needs a value (${shown} ${option.value})`));
        continue;
      }
      // parseArgs takes the next argument as the value even when it is an option itself.
      if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
        problems.push(
          usageOf(
            spec,
            `${shown} needs a value (${shown} ${option.value}); got the option ${token.value} (write ${shown}=${token.value} if that is the value)`,
          ),
        );
        continue;
      }
      value = token.value;
      if (option.choices && !option.choices.includes(value)) {
        problems.push(usageOf(spec, `${shown} must be one of ${option.choices.join(', ')}; got '${value}'`));
        continue;
      }
    } else if (token.value !== undefined) {
      problems.push(usageOf(spec, `${shown} takes no value; got '${token.value}'`));
      continue;
    }
    const values = options.get(option.name) ?? [];
    if (values.length > 0 && !option.multiple && option.name !== 'help' && option.name !== 'version') {
      problems.push(usageOf(spec, `--${option.name} is given twice (${[...values, value].map((v) => `'${v}'`).join(', ')}); give it once`));
      continue;
    }
    values.push(value);
    options.set(option.name, values);
  }
  // --help and --version answer whatever else is on the line.
  if (help || version) return { command: spec, files, options, help, version };
  if (problems.length > 0) throw problems[0];
  if (files.length < spec.files.min) {
    throw usageOf(spec, spec.files.min === 1 ? `${spec.name} needs ${spec.files.max === 1 ? 'a' : 'at least one'} FILE` : `${spec.name} needs a FILE`);
  }
  if (files.length > spec.files.max) {
    const noun = spec.files.noun ?? 'FILE';
    const listed = files.map((f) => `'${f}'`).join(', ');
    throw usageOf(
      spec,
      spec.files.max === 0
        ? `${spec.name} takes no argument; got ${listed}`
        : `${spec.name} takes ${spec.files.min === spec.files.max ? 'exactly' : 'at most'} one ${noun}; got ${files.length} (${listed})`,
    );
  }
  // The last word: what passed the checks above must pass node's strict reading too.
  try {
    parseArgs({ args: [...args], options: config, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageOf(spec, error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  return { command: spec, files, options, help, version };
}

function unknownOption(spec: CommandSpec, shown: string, name: string): UsageError {
  const own = closest(
    name,
    [...spec.options, ...helpOptions].map((o) => o.name),
  );
  if (own) return usageOf(spec, `unknown option ${shown} (did you mean --${own}?)`);
  const elsewhere = commands.find((c) => c.options.some((o) => o.name === name));
  if (elsewhere) return usageOf(spec, `unknown option ${shown} for vmm ${spec.name} (it is an option of vmm ${elsewhere.name})`);
  return usageOf(spec, `unknown option ${shown}`);
}

/** `vmm ARGS`: the command and its arguments; `vmm --help`, `-h` and `--version` stand for the commands. */
export function parseCommandLine(argv: readonly string[]): Parsed {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given');
  const name = first === '--help' || first === '-h' ? 'help' : first === '--version' ? 'version' : first;
  const spec = commandSpec(name);
  if (!spec) {
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first} before the command (vmm <command> [options]: options come after the command)`);
    const near = closest(
      first,
      commands.map((c) => c.name),
    );
    throw new UsageError(`unknown command '${first}'${near ? ` (did you mean ${near}?)` : ''}`);
  }
  return parseCommand(spec, rest);
}
