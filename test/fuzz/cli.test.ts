import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inside, MAX_FILE_BYTES } from '../../server/src/load.js';
import { root, streamFor } from './fuzz.js';

// The command line given what a shell can name: devices, pipes, sockets, folders, links to them,
// files too large or made up by the kernel, and outputs that are not files. Nothing hangs (each
// run has a deadline), nothing is read whole that should not be, and the exit status says so.

const vmm = path.join(root, 'dist', 'vmm.cjs');
let top: string;
let ws: string;
let socket: Server | undefined;

before(async () => {
  top = realpathSync(mkdtempSync(path.join(tmpdir(), 'vmm-cli-fuzz-')));
  ws = path.join(top, 'ws');
  mkdirSync(ws);
  mkdirSync(path.join(top, 'outside'));
  writeFileSync(path.join(ws, 'good.vmm'), 'site a\nsite b\n');
  writeFileSync(path.join(top, 'outside', 'secret.vmm'), 'site secret\n');
  spawnSync('mkfifo', [path.join(ws, 'fifo.vmm')]);
  spawnSync('truncate', ['-s', String(MAX_FILE_BYTES + 1), path.join(ws, 'sparse.vmm')]);
  symlinkSync('/dev/zero', path.join(ws, 'zero-link.vmm'));
  symlinkSync(path.join(ws, 'fifo.vmm'), path.join(ws, 'fifo-link.vmm'));
  mkdirSync(path.join(ws, 'folder.vmm'));
  socket = createServer();
  await new Promise<void>((resolve) => socket!.listen(path.join(ws, 'socket.vmm'), resolve));
});

after(() => {
  socket?.close();
  rmSync(top, { recursive: true, force: true });
});

function run(args: string[]): { status: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const r = spawnSync(process.execPath, [vmm, ...args], { cwd: ws, encoding: 'utf8', timeout: 15_000, maxBuffer: 64 * 2 ** 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' };
}

const special: [string, RegExp][] = [
  ['/dev/zero', /\/dev\/zero: not a regular file \(a character device\)/],
  ['/dev/null', /\/dev\/null: not a regular file \(a character device\)/],
  ['/dev/urandom', /\/dev\/urandom: not a regular file \(a character device\)/],
  ['fifo.vmm', /fifo\.vmm: not a regular file \(a named pipe\)/],
  ['fifo-link.vmm', /fifo-link\.vmm: not a regular file \(a named pipe\)/],
  ['zero-link.vmm', /zero-link\.vmm: not a regular file \(a character device\)/],
  ['socket.vmm', /socket\.vmm: (not a regular file \(a socket\)|cannot read)/],
  ['folder.vmm', /folder\.vmm: is a directory/],
  ['sparse.vmm', /sparse\.vmm: larger than 8 MB; it is not read/],
  ['missing.vmm', /missing\.vmm: no such file/],
  ['/proc/self/mem', /\/proc\/self\/mem: (cannot read|permission denied|not valid UTF-8)/],
];

test(
  `CLI: special files named on the command line are refused with their name, never waited on or read whole (seed-independent)`,
  { timeout: 240_000 },
  (t) => {
    const random = streamFor('cli special files');
    let runs = 0;
    for (const command of [['check'], ['check', '--format', 'json'], ['format'], ['format', '--check'], ['plan']]) {
      for (const [file, said] of special) {
        // Alone, and among good files in a random order: the others are still checked.
        const others = command[0] === 'plan' ? [] : random.chance(0.5) ? ['good.vmm'] : ['good.vmm', 'good.vmm'];
        const files = [file, ...others].sort(() => random.int(3) - 1);
        const r = run([...command, ...files]);
        runs++;
        assert.ok(!r.timedOut, `${command.join(' ')} ${files.join(' ')} did not finish`);
        assert.equal(r.status, 2, `${command.join(' ')} ${files.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, said, `${command.join(' ')} ${files.join(' ')}`);
        if (command[0] === 'check' && others.length > 0 && command.length === 1) assert.match(r.stderr, /in \d file\(s\); 1 file\(s\) not read/);
      }
    }
    // /proc files are regular files of size 0 that the kernel makes up as they are read: read to their end, bounded.
    const proc = run(['check', '/proc/self/status']);
    assert.ok(!proc.timedOut);
    assert.equal(proc.status, 1, proc.stderr);
    t.diagnostic(`${runs + 1} command lines with special files`);
  },
);

test('CLI: plan -o to what is not a regular file is refused at once, with --force too', { timeout: 60_000 }, () => {
  writeFileSync(path.join(ws, 'ok.vmm'), 'site a\n');
  for (const [out, said] of [
    ['fifo.vmm', /fifo\.vmm: not a regular file \(a named pipe\)/],
    ['fifo-link.vmm', /fifo-link\.vmm: not a regular file \(a named pipe\)/],
    ['/dev/null', /\/dev\/null: not a regular file \(a character device\)/],
    ['/dev/full', /\/dev\/full: not a regular file \(a character device\)/],
    ['folder.vmm', /folder\.vmm: cannot write \(is a directory\)/],
    ['socket.vmm', /socket\.vmm: not a regular file \(a socket\)/],
    ['no/such/dir/plan.md', /cannot write \(no such folder\)/],
  ] as const) {
    for (const force of [[], ['--force']]) {
      const r = run(['plan', 'ok.vmm', '-o', out, ...force]);
      assert.ok(!r.timedOut, `plan -o ${out} ${force.join(' ')} did not finish`);
      assert.equal(r.status, 2, `plan -o ${out}: ${r.stderr}`);
      assert.match(r.stderr, said);
    }
  }
});

test('CLI: no file outside the workspace folder is opened, recorded by strace (imports by .., absolute paths and links)', { timeout: 60_000 }, () => {
  const strace = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  assert.equal(strace.status, 0, 'strace is needed for this test (apt-get install -y strace; .ci/run installs it)');
  writeFileSync(
    path.join(ws, 'main.vmm'),
    ['../outside/secret.vmm', path.join(top, 'outside', 'secret.vmm'), 'escape.vmm', 'linked/secret.vmm', 'good.vmm', 'fifo.vmm', 'sparse.vmm']
      .map((p) => `import ${JSON.stringify(p)}`)
      .join('\n') + '\n',
  );
  if (!existsSync(path.join(ws, 'escape.vmm'))) symlinkSync(path.join(top, 'outside', 'secret.vmm'), path.join(ws, 'escape.vmm'));
  if (!existsSync(path.join(ws, 'linked'))) symlinkSync(path.join(top, 'outside'), path.join(ws, 'linked'));
  const log = path.join(top, 'strace.log');
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', log, process.execPath, vmm, 'check', '--format', 'json', 'main.vmm'], {
    cwd: ws,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 1, r.stderr);
  const messages = (JSON.parse(r.stdout) as { code: string }[]).filter((d) => d.code === 'VMM007');
  assert.equal(messages.length, 6, r.stdout);
  const opened = [...readFileSync(log, 'utf8').matchAll(/open(?:at2?)?\((?:AT_FDCWD, )?"([^"]+)"[^)]*\)\s*=\s*(-?\d+)/g)].map((m) => ({
    file: path.resolve(ws, m[1]),
    ok: Number(m[2]) >= 0,
  }));
  const ours = opened.filter((o) => o.file.startsWith(top + path.sep));
  assert.ok(
    ours.some((o) => o.file === path.join(ws, 'good.vmm') && o.ok),
    `the good import was not opened: ${ours.map((o) => o.file).join(', ')}`,
  );
  for (const o of ours) {
    const real = existsSync(o.file) ? realpathSync(o.file) : o.file;
    assert.ok(inside(ws, real), `opened ${o.file} (${real}), outside ${ws}`);
  }
  // Measured, never opened: the pipe and the file over the limit.
  assert.ok(!ours.some((o) => o.file.endsWith('fifo.vmm') || o.file.endsWith('sparse.vmm')), ours.map((o) => o.file).join(', '));
});
