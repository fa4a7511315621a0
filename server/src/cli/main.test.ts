import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { firstInvalidUtf8 } from './main.js';
import { vmm } from './testing.js';

/** Runs body in a fresh folder, removed afterwards. */
function inFolder(body: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-cli-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('vmm format refuses a file that is not valid UTF-8: exit 2, the file and offset named, the bytes unchanged', () => {
  inFolder((dir) => {
    const file = path.join(dir, 'latin1.vmm');
    const bytes = Buffer.from([0x76, 0x6d, 0x20, 0xff, 0x0a]);
    writeFileSync(file, bytes);
    for (const args of [
      ['format', file],
      ['format', '--check', file],
    ]) {
      const r = vmm(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '');
      assert.equal(r.err, `vmm: ${file}: not valid UTF-8 (byte 0xFF at offset 3, line 1); left as it is\n`);
      assert.deepEqual(readFileSync(file), bytes);
    }
  });
});

test('vmm check and vmm plan refuse a file that is not valid UTF-8 the same way', () => {
  inFolder((dir) => {
    const file = path.join(dir, 'cut.vmm');
    // "site a\n" then a three-byte sequence cut short (0xE2 0x82, then a newline) on line 2.
    writeFileSync(file, Buffer.from([...Buffer.from('site a\n'), 0xe2, 0x82, 0x0a]));
    for (const command of ['check', 'plan']) {
      const r = vmm(command, file, '--root', dir);
      assert.equal(r.code, 2, command);
      assert.equal(r.out, '');
      assert.equal(r.err, `vmm: ${file}: not valid UTF-8 (byte 0xE2 at offset 7, line 2); left as it is\n`);
    }
  });
});

test('a UTF-8 BOM is still accepted, and vmm format keeps it', () => {
  inFolder((dir) => {
    const file = path.join(dir, 'bom.vmm');
    writeFileSync(file, '\ufeffsite   a\n');
    const check = vmm('check', file, '--root', dir);
    assert.equal(check.code, 0, check.err);
    const format = vmm('format', file);
    assert.equal(format.code, 0, format.err);
    assert.equal(readFileSync(file, 'utf8'), '\ufeffsite a\n');
  });
});

test('firstInvalidUtf8: the first byte outside a well-formed sequence', () => {
  const at = (...bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
  assert.equal(at(0x61, 0x62), 2); // all ASCII: the length
  assert.equal(at(...Buffer.from('é€😀')), 9); // two-, three- and four-byte sequences
  assert.equal(at(0x61, 0x80), 1); // a lone continuation byte
  assert.equal(at(0xc0, 0xaf), 0); // overlong '/'
  assert.equal(at(0xe0, 0x80, 0xaf), 0); // overlong three-byte form
  assert.equal(at(0xed, 0xa0, 0x80), 0); // a surrogate (U+D800)
  assert.equal(at(0xf4, 0x90, 0x80, 0x80), 0); // above U+10FFFF
  assert.equal(at(0x61, 0xf0, 0x9f, 0x98), 1); // cut short at the end
  assert.equal(at(0xf5), 0);
});

test('vmm lsp --stdio answers initialize with the server capabilities (the server is loaded only for this command)', async () => {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const bin = path.join(fileURLToPath(new URL('../../../../', import.meta.url)), 'dist', 'vmm.cjs');
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio']);
  try {
    const message = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
    const answer = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const body = out.indexOf('\r\n\r\n');
        const length = Number(/Content-Length: (\d+)/.exec(out)?.[1]);
        if (body >= 0 && Buffer.byteLength(out.slice(body + 4)) >= length) resolve(out.slice(body + 4));
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const result = JSON.parse(answer).result;
    assert.equal(result.serverInfo.name, 'vmm');
    assert.equal(result.capabilities.hoverProvider, true);
  } finally {
    child.kill();
  }
});

test('vmm check --fix applies the fixes that leave nothing behind, prints each, writes the file, and exits as check does after them', () => {
  inFolder((dir) => {
    const file = path.join(dir, 'fix.vmm');
    const estate =
      'site a\nsite b\nlink a <-> b { rtt = 35ms  bandwidth = 10Gbps }\nvm web at a { memory = 16GiB  disk = 100GiB }\nvm db at a { memory = 8GiB  disk = 10GiB }\n';
    // web's cold fix leaves nothing; db's would break its 1 s window (adds VMM203), so it stays.
    writeFileSync(file, `${estate}migrate web to b\nmigrate db to b { window = 1s }\n`);
    const r = vmm('check', '--fix', '--root', dir, file);
    assert.equal(r.code, 1, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], `${file}(6,1): VMM101 fixed: Use cold migration: ≈ 3 m 35 s offline, 100 GiB copied, no RTT limit — leaves the intent clean`);
    assert.equal(lines[1], `${file}: 1 fix(es) applied`);
    assert.match(lines[2], /\(9,1\): error VMM101: path RTT 35 ms/);
    assert.equal(readFileSync(file, 'utf8'), `${estate}migrate web to b {\n  method = cold\n}\nmigrate db to b { window = 1s }\n`);
    // Nothing more to do: a second run changes nothing.
    const again = vmm('check', '--fix', '--root', dir, file);
    assert.ok(!again.out.includes('fixed:'), again.out);
  });
});

test('vmm check --fix keeps the byte order mark of a file it rewrites, and adds none to a file without', () => {
  inFolder((dir) => {
    const topology = path.join(dir, 'topology.vmm');
    const file = path.join(dir, 'main.vmm');
    const sites = 'site a\nsite b\nlink a <-> b { rtt = 35ms  bandwidth = 10Gbps }\n';
    writeFileSync(topology, `\ufeff${sites}`);
    writeFileSync(file, '\ufeffimport "topology.vmm"\nvm web at a { memory = 16GiB  disk = 100GiB }\nmigrate web to b\n');
    const r = vmm('check', '--fix', '--root', dir, file);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^.*main\.vmm\(3,1\): VMM101 fixed: Use cold migration/);
    assert.equal(
      readFileSync(file, 'utf8'),
      '\ufeffimport "topology.vmm"\nvm web at a { memory = 16GiB  disk = 100GiB }\nmigrate web to b {\n  method = cold\n}\n',
    );
    // The import, which no fix touched, is as it was.
    assert.equal(readFileSync(topology, 'utf8'), `\ufeff${sites}`);
    // Without a mark, none is added.
    writeFileSync(file, 'import "topology.vmm"\nvm web at a { memory = 16GiB  disk = 100GiB }\nmigrate web to b\n');
    assert.equal(vmm('check', '--fix', '--root', dir, file).code, 0);
    assert.equal(readFileSync(file, 'utf8'), 'import "topology.vmm"\nvm web at a { memory = 16GiB  disk = 100GiB }\nmigrate web to b {\n  method = cold\n}\n');
  });
});

test('vmm check --fix never touches a file with syntax errors', () => {
  inFolder((dir) => {
    const file = path.join(dir, 'broken.vmm');
    const text = 'site a\nsite b\nlink a <-> b { rtt = 35ms  bandwidth = 10Gbps }\nvm web at a { memory = 16GiB }\nmigrate web to b\nsite {\n';
    writeFileSync(file, text);
    const r = vmm('check', '--fix', '--root', dir, file);
    assert.equal(r.code, 1);
    assert.ok(r.out.startsWith(`${file}: has syntax errors; not fixed (fix them first)\n`), r.out);
    assert.equal(readFileSync(file, 'utf8'), text);
  });
});
