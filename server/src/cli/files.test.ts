import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../checker.js';
import { MAX_IMPORT_BYTES } from '../load.js';
import { nodeFileSystem, readRegularFile } from '../node-fs.js';
import { vmm } from './testing.js';

const bin = path.join(fileURLToPath(new URL('../../../../', import.meta.url)), 'dist', 'vmm.cjs');

/** `vmm ARGS` as a process, killed after 10 s: a command that blocks on a pipe fails instead of hanging the suite. */
function vmmProcess(args: string[], cwd?: string): { status: number | null; signal: string | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, timeout: 10_000, encoding: 'utf8' });
  return { status: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

function inFolder(body: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-files-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const GOOD = 'site a\nsite b\nlink a <-> b { rtt = 5ms  bandwidth = 1Gbps }\nvm v at a { memory = 1GiB  dirty-rate = 10MB/s }\nmigrate v to b\n';
const posix = process.platform !== 'win32';

test('vmm check /dev/zero is refused at once, unread: exit 2 and the file named', { skip: !posix || !existsSync('/dev/zero') }, () => {
  const r = vmm('check', '/dev/zero');
  assert.deepEqual(r, { code: 2, out: '', err: 'vmm: /dev/zero: not a regular file (a character device); vmm reads only regular files\n' });
});

test('check and format on a named pipe, and plan -o onto one with --force, are refused instead of blocking forever', { skip: !posix, timeout: 60_000 }, () => {
  inFolder((dir) => {
    const fifo = path.join(dir, 'pipe.vmm');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(path.join(dir, 'good.vmm'), GOOD);
    const refused = `vmm: ${fifo}: not a regular file (a named pipe); vmm reads only regular files\n`;
    for (const command of ['check', 'format', 'plan']) {
      const r = vmmProcess([command, fifo], dir);
      assert.equal(r.signal, null, `${command} blocked on the pipe`);
      assert.equal(r.status, 2, command);
      assert.equal(r.err, refused, command);
    }
    for (const force of [['--force'], []]) {
      const r = vmmProcess(['plan', 'good.vmm', '-o', fifo, '--root', dir, ...force], dir);
      assert.equal(r.signal, null, 'plan -o blocked on the pipe');
      assert.equal(r.status, 2);
      assert.equal(r.out, '');
      assert.equal(
        r.err,
        `vmm: ${fifo}: not a regular file (a named pipe); the plan is written only to a regular file (leave out -o to print it on standard output)\n`,
      );
    }
    assert.ok(statSync(fifo).isFIFO());
  });
});

test('a file above the import limit is refused unread, like an import', () => {
  inFolder((dir) => {
    const big = path.join(dir, 'big.vmm');
    writeFileSync(big, Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x20));
    for (const command of ['check', 'plan', 'format']) {
      assert.deepEqual(vmm(command, big), { code: 2, out: '', err: `vmm: ${big}: larger than 8 MB; it is not read\n` }, command);
    }
    assert.deepEqual(readRegularFile(big, 100), { ok: false, reason: 'too-large', size: MAX_IMPORT_BYTES + 1 });
  });
});

test('a folder named as a file is refused', () => {
  inFolder((dir) => {
    assert.deepEqual(vmm('check', dir), { code: 2, out: '', err: `vmm: ${dir}: is a directory\n` });
  });
});

test('a missing file among several: the others are still checked and printed, then exit 2', () => {
  inFolder((dir) => {
    const good = path.join(dir, 'good.vmm');
    const bad = path.join(dir, 'bad.vmm');
    writeFileSync(good, GOOD);
    writeFileSync(bad, GOOD.replace('rtt = 5ms', 'rtt = 50ms'));
    const missing = path.join(dir, 'missing.vmm');
    const r = vmm('check', good, missing, bad, '--root', dir);
    assert.equal(r.code, 2);
    assert.match(r.out, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\(5,1\\): error VMM101: `));
    assert.equal(r.err, `vmm: ${missing}: no such file\n1 error(s), 0 warning(s), 0 info in 2 file(s); 1 file(s) not read\n`);

    const json = vmm('check', missing, bad, '--format', 'json', '--root', dir);
    assert.equal(json.code, 2);
    assert.deepEqual(
      JSON.parse(json.out).map((d: { file: string; code: string }) => [d.file, d.code]),
      [[bad, 'VMM101']],
    );
    assert.equal(json.err, `vmm: ${missing}: no such file\n`);

    writeFileSync(path.join(dir, 'messy.vmm'), 'site   a\n');
    const format = vmm('format', '--check', missing, path.join(dir, 'messy.vmm'));
    assert.equal(format.code, 2);
    assert.equal(format.out, `${path.join(dir, 'messy.vmm')}: not formatted\n`);
    assert.equal(format.err, `vmm: ${missing}: no such file\n`);
  });
});

test('VMM007 from another directory says which --root would read the import', () => {
  inFolder((dir) => {
    const project = path.join(dir, 'project');
    const elsewhere = path.join(dir, 'elsewhere');
    for (const d of [project, elsewhere]) execFileSync('mkdir', ['-p', d]);
    writeFileSync(path.join(project, 'topology.vmm'), 'site a\nsite b\n');
    const main = path.join(project, 'main.vmm');
    writeFileSync(main, 'import "topology.vmm"\nsite c\n');
    const r = vmmProcess(['check', main], elsewhere);
    assert.equal(r.status, 1);
    assert.equal(
      r.out.split('\n')[0],
      `${main}(1,8): error VMM007: import 'topology.vmm' is outside the workspace folder ${elsewhere}; it is not read (vmm takes the current directory as the workspace folder; pass --root ${project} to read it)`,
    );
    const narrow = vmmProcess(['check', main, '--root', elsewhere], dir);
    assert.equal(
      narrow.out.split('\n')[0],
      `${main}(1,8): error VMM007: import 'topology.vmm' is outside the workspace folder ${elsewhere}; it is not read (--root ${elsewhere} does not hold it; pass --root ${project} to read it)`,
    );
    const fixed = vmmProcess(['check', main, '--root', project], elsewhere);
    assert.equal(fixed.status, 0, fixed.out + fixed.err);
  });
});

test('a leading BOM is dropped from every file read from disk, so an import has the columns the editor shows', () => {
  inFolder((dir) => {
    const topology = path.join(dir, 'topology.vmm');
    writeFileSync(topology, '\ufeffsite a { bogus = 1 }\nsite b\n');
    assert.equal(nodeFileSystem.readFile(topology), 'site a { bogus = 1 }\nsite b\n');
    // The CLI checking the file itself, and the file as the server reads it as an import: the same columns.
    const direct = vmm('check', topology, '--root', dir);
    assert.equal(direct.out, `${topology}(1,10): error VMM002: unknown attribute 'bogus' for site\n`);
    const main = path.join(dir, 'main.vmm');
    const result = check(main, 'import "topology.vmm"\nvm v at a { memory = 1GiB }\n', { workspace: dir, fs: nodeFileSystem });
    const imported = result.files.find((f) => f.path === topology) ?? assert.fail('topology.vmm not loaded');
    const site = imported.text.indexOf('site a') + 'site '.length;
    assert.deepEqual(imported.lines.range(site, site + 1).start, { line: 0, character: 5 });
    // vmm format keeps the BOM of the file it rewrites.
    writeFileSync(topology, '\ufeffsite   a\n');
    vmm('format', topology);
    assert.equal(readFileSync(topology, 'utf8'), '\ufeffsite a\n');
  });
});
