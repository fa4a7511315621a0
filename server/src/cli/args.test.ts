import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { closest, commands, commandSpec, commandUsage, editDistance, generalUsage, parseCommandLine, UsageError } from './args.js';
import { VERSION } from './main.js';
import { vmm } from './testing.js';

const GOOD = 'site a\nsite b\nlink a <-> b { rtt = 5ms  bandwidth = 1Gbps }\nvm v at a { memory = 1GiB  dirty-rate = 10MB/s }\nmigrate v to b\n';
// VMM101: the path's RTT is above the metro profile's max-rtt.
const BAD = GOOD.replace('rtt = 5ms', 'rtt = 50ms');
// Only VMM303 (a warning): a network stretched over a and b.
const STRETCHED = 'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }\nnetwork n { sites = a, b }\n';

/** Runs body in a fresh folder holding good.vmm, bad.vmm and stretched.vmm, removed afterwards. */
function inFolder(body: (file: (name: string) => string, dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-args-'));
  try {
    writeFileSync(path.join(dir, 'good.vmm'), GOOD);
    writeFileSync(path.join(dir, 'bad.vmm'), BAD);
    writeFileSync(path.join(dir, 'stretched.vmm'), STRETCHED);
    body((name) => path.join(dir, name), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A usage error: exit 2, nothing on standard output, the one line, then the command's usage. */
function assertUsageError(r: { code: number; out: string; err: string }, line: string, command?: string): void {
  assert.equal(r.code, 2, r.err);
  assert.equal(r.out, '');
  const usage = command ? commandUsage(commandSpec(command) ?? assert.fail(command)) : generalUsage();
  assert.equal(r.err, `vmm: ${line}\n${usage}\n`);
}

test('a misspelt option is a usage error naming the closest one; it used to print text and exit 0', () => {
  inFolder((f) => {
    assertUsageError(vmm('check', f('good.vmm'), '--fromat', 'json'), 'unknown option --fromat (did you mean --format?)', 'check');
    assertUsageError(vmm('check', f('stretched.vmm'), '--severty', 'VMM303=off'), 'unknown option --severty (did you mean --severity?)', 'check');
    assertUsageError(vmm('plan', f('good.vmm'), '--froce'), 'unknown option --froce (did you mean --force?)', 'plan');
    assertUsageError(vmm('check', '-format', 'json', f('good.vmm')), 'unknown option -format (did you mean --format?)', 'check');
  });
});

test('an unknown flag never takes the next argument: vmm check --verbose bad.vmm good.vmm is a usage error, not exit 0', () => {
  inFolder((f) => {
    assertUsageError(vmm('check', '--verbose', f('bad.vmm'), f('good.vmm')), 'unknown option --verbose', 'check');
    assertUsageError(vmm('plan', f('good.vmm'), '--check'), 'unknown option --check for vmm plan (it is an option of vmm format)', 'plan');
  });
});

test('a missing option value is a usage error, also when the next argument is an option', () => {
  inFolder((f) => {
    assertUsageError(vmm('check', f('good.vmm'), '--format'), '--format needs a value (--format text|json|sarif)', 'check');
    assertUsageError(vmm('check', f('good.vmm'), '--format='), '--format needs a value (--format text|json|sarif)', 'check');
    assertUsageError(
      vmm('check', '--root', '--format', 'json', f('good.vmm')),
      '--root needs a value (--root DIR); got the option --format (write --root=--format if that is the value)',
      'check',
    );
    assertUsageError(vmm('plan', f('good.vmm'), '-o'), '-o needs a value (-o OUT)', 'plan');
    assertUsageError(vmm('check', f('good.vmm'), '--format', 'yaml'), "--format must be one of text, json, sarif; got 'yaml'", 'check');
  });
});

test('a flag given a value, or an option given twice, is a usage error: no argument is silently dropped', () => {
  inFolder((f) => {
    assertUsageError(vmm('plan', f('good.vmm'), '--force=no'), "--force takes no value; got 'no'", 'plan');
    assertUsageError(vmm('check', f('good.vmm'), '--format', 'json', '--format=text'), "--format is given twice ('json', 'text'); give it once", 'check');
    assertUsageError(vmm('plan', f('good.vmm'), f('bad.vmm')), `plan takes exactly one FILE; got 2 ('${f('good.vmm')}', '${f('bad.vmm')}')`, 'plan');
    assertUsageError(vmm('check'), 'check needs at least one FILE', 'check');
  });
});

test('--severity CODE=LEVEL: an unknown rule code or level is a usage error; a known one takes effect', () => {
  inFolder((f, dir) => {
    assertUsageError(vmm('check', f('good.vmm'), '--severity', 'VMM999=off'), "unknown rule code 'VMM999' in --severity VMM999=off", 'check');
    assertUsageError(
      vmm('check', f('good.vmm'), '--severity', 'vmm303=off'),
      "unknown rule code 'vmm303' in --severity vmm303=off (did you mean VMM303?)",
      'check',
    );
    assertUsageError(
      vmm('check', f('good.vmm'), '--severity=VMM303=of'),
      "unknown level 'of' in --severity VMM303=of: error, warning, info or off (did you mean off?)",
      'check',
    );
    assertUsageError(vmm('check', f('good.vmm'), '--severity', 'VMM303'), "--severity takes CODE=LEVEL (e.g. VMM303=off); got 'VMM303'", 'check');
    assertUsageError(
      vmm('check', f('good.vmm'), '--severity', 'VMM303=off', '--severity', 'VMM303=error'),
      '--severity VMM303 is given twice (off, error); give it once',
      'check',
    );
    assertUsageError(vmm('plan', f('good.vmm'), '--severity', 'VMM999=off'), "unknown rule code 'VMM999' in --severity VMM999=off", 'plan');

    const warned = vmm('check', f('stretched.vmm'), '--root', dir);
    assert.equal(warned.code, 0);
    assert.match(warned.out, /warning VMM303/);
    const off = vmm('check', f('stretched.vmm'), '--root', dir, '--severity', 'VMM303=off');
    assert.equal(off.out, '');
    assert.equal(off.err, '0 error(s), 0 warning(s), 0 info in 1 file(s)\n');
    const raised = vmm('check', f('stretched.vmm'), '--root', dir, '--severity', 'VMM303=error');
    assert.equal(raised.code, 1);
  });
});

test('--help, -h and --version work for every command (exit 0); vmm check --help used to say "--help needs a value", -h was taken as a file', () => {
  for (const spec of commands) {
    for (const flag of ['--help', '-h']) {
      const r = vmm(spec.name, flag);
      assert.equal(r.code, 0, `${spec.name} ${flag}: ${r.err}`);
      assert.equal(r.out, commandUsage(spec) + '\n');
      assert.equal(r.err, '');
    }
    const v = vmm(spec.name, '--version');
    assert.deepEqual(v, { code: 0, out: `${VERSION}\n`, err: '' }, spec.name);
  }
  assert.ok(commandUsage(commandSpec('check') ?? assert.fail()).startsWith('usage: vmm check FILE… [options]\n'));
  for (const args of [['--help'], ['-h'], ['help']]) assert.deepEqual(vmm(...args), { code: 0, out: generalUsage() + '\n', err: '' });
  assert.deepEqual(vmm('help', 'plan'), { code: 0, out: commandUsage(commandSpec('plan') ?? assert.fail()) + '\n', err: '' });
  assert.deepEqual(vmm('--version'), { code: 0, out: `${VERSION}\n`, err: '' });
  assert.deepEqual(vmm('version'), { code: 0, out: `${VERSION}\n`, err: '' });
});

test('every option of every command is in its usage and in the general one', () => {
  for (const spec of commands) {
    const usage = commandUsage(spec);
    for (const o of spec.options) {
      assert.ok(usage.includes(`--${o.name}`), `${spec.name} --${o.name}`);
      assert.ok(generalUsage().includes(`--${o.name}`), `--${o.name}`);
    }
  }
});

test('an unknown or missing command is a usage error with the general usage', () => {
  assertUsageError(vmm('chek', 'x.vmm'), "unknown command 'chek' (did you mean check?)");
  assertUsageError(vmm(), 'no command given');
  assertUsageError(vmm('--root', '.', 'check', 'x.vmm'), 'unknown option --root before the command (vmm <command> [options]: options come after the command)');
  assertUsageError(vmm('help', 'frobnicate'), "no command 'frobnicate' to help with");
  assertUsageError(vmm('help', 'check', 'plan'), "help takes at most one COMMAND; got 2 ('check', 'plan')", 'help');
  assertUsageError(vmm('version', 'now'), "version takes no argument; got 'now'", 'version');
  assertUsageError(vmm('lsp', '--stdio', 'x.vmm'), "lsp takes no argument; got 'x.vmm'", 'lsp');
});

test('a file named after -- may start with a dash', () => {
  inFolder((f, dir) => {
    writeFileSync(path.join(dir, '-dash.vmm'), GOOD);
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const r = vmm('check', '--', '-dash.vmm');
      assert.equal(r.code, 0, r.err);
      assert.equal(r.err, '0 error(s), 0 warning(s), 0 info in 1 file(s)\n');
    } finally {
      process.chdir(previous);
    }
  });
});

test('--root and --docs-base are checked', () => {
  inFolder((f, dir) => {
    const missing = vmm('check', f('good.vmm'), '--root', path.join(dir, 'nowhere'));
    assert.deepEqual(missing, { code: 2, out: '', err: `vmm: --root ${path.join(dir, 'nowhere')}: no such folder\n` });
    const notFolder = vmm('check', f('good.vmm'), '--root', f('good.vmm'));
    assert.deepEqual(notFolder, { code: 2, out: '', err: `vmm: --root ${f('good.vmm')}: not a folder\n` });
    assertUsageError(
      vmm('check', f('good.vmm'), '--docs-base', 'docs/rules'),
      "--docs-base needs the http or https address of the rule pages; got 'docs/rules'",
      'check',
    );
    assertUsageError(
      vmm('check', f('good.vmm'), '--docs-base', 'file:///srv/docs'),
      "--docs-base needs the http or https address of the rule pages; got 'file:///srv/docs'",
      'check',
    );
  });
});

test('editDistance counts a swap of two neighbours as one edit; closest suggests only what is near', () => {
  assert.equal(editDistance('fromat', 'format'), 1);
  assert.equal(editDistance('severty', 'severity'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(closest('fromat', ['format', 'root', 'severity']), 'format');
  assert.equal(closest('verbose', ['format', 'root', 'severity']), undefined);
  assert.equal(closest('x', ['root', 'help']), undefined);
});

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

test('property: every argument is a known option, its value, or a file; anything else is a usage error (generated command lines)', () => {
  const next = random(2017);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  let parsed = 0;
  let refused = 0;
  for (let run = 0; run < 4000; run++) {
    const spec = pick(commands.filter((c) => c.files.max > 0 && c.name !== 'help'));
    const args: string[] = [];
    const files: string[] = [];
    const given = new Set<string>();
    let options = 0;
    let wrong = false;
    for (let k = 0, n = Math.floor(next() * 6); k < n; k++) {
      const option = pick(spec.options);
      const r = next();
      if (r < 0.45) {
        // A file, sometimes one that looks like an option's value.
        const file = pick(['a.vmm', 'b.vmm', 'json', 'VMM303=off', 'x y.vmm', '-', '=']);
        args.push(file);
        files.push(file);
      } else if (r < 0.8) {
        const value = option.choices ? pick(option.choices) : option.value ? pick(['VMM303=off', 'out.md', '.', 'https://e.x/r']) : undefined;
        if (given.has(option.name) && !option.multiple) wrong = true;
        given.add(option.name);
        options++;
        if (value === undefined) args.push(`--${option.name}`);
        else if (next() < 0.5) args.push(`--${option.name}=${value}`);
        else args.push(`--${option.name}`, value);
      } else {
        // What a user mistypes: an unknown flag, a misspelt option, a flag with a value, an option without one.
        wrong = true;
        const mistakes = [`--verbose`, `--${option.name}x`, `-${option.name}`, `--${option.name.slice(1)}`, '-q'];
        if (!option.value) mistakes.push(`--${option.name}=yes`);
        else args.push(pick(['a.vmm', 'b.vmm']), `--${option.name}`);
        args.push(pick(mistakes));
      }
    }
    if (files.length < spec.files.min || files.length > spec.files.max) wrong = true;
    const argv = [spec.name, ...args];
    let result: ReturnType<typeof parseCommandLine> | undefined;
    try {
      result = parseCommandLine(argv);
    } catch (error) {
      assert.ok(error instanceof UsageError, String(error));
      assert.ok(wrong, `${JSON.stringify(argv)} was refused: ${error.message}`);
      refused++;
      continue;
    }
    assert.ok(!wrong, `${JSON.stringify(argv)} was accepted as files ${JSON.stringify(result.files)}`);
    assert.deepEqual(result.files, files, JSON.stringify(argv));
    // Every option given is kept with its value.
    assert.equal(
      [...result.options.values()].reduce((n, v) => n + v.length, 0),
      options,
      JSON.stringify(argv),
    );
    parsed++;
  }
  assert.ok(parsed > 500 && refused > 500, `${parsed} parsed, ${refused} refused`);
});
