import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { check } from '../../server/src/checker.js';
import { inside, loadWithImports, MAX_IMPORT_BYTES, sourceFile } from '../../server/src/load.js';
import { pathToUri } from '../../server/src/lsp/convert.js';
import { Workspace } from '../../server/src/lsp/workspace.js';
import { nodeFileSystem } from '../../server/src/node-fs.js';
import { mutate, samples, streamFor } from './fuzz.js';
import { recordingFileSystem } from './properties.js';

// Imports on a real file system (server/src/node-fs.ts), in a temporary folder: every way an
// import can go wrong gives its VMM007, and nothing outside the workspace folder is read, nor a
// file too large, nor a pipe.

let top: string;
let ws: string;
let outside: string;
let fifo = false;

before(() => {
  top = realpathSync(mkdtempSync(path.join(tmpdir(), 'vmm-imports-')));
  ws = path.join(top, 'ws');
  outside = path.join(top, 'outside');
  mkdirSync(path.join(ws, 'sub'), { recursive: true });
  mkdirSync(path.join(ws, 'dir.vmm'));
  mkdirSync(outside);
  const files: Record<string, string | Buffer> = {
    'sites.vmm': 'site a\nsite b\nlink a <-> b { rtt = 1ms  bandwidth = 10Gbps }\n',
    // A name that starts with two dots is inside the folder (it was refused as "outside").
    '..data.vmm': 'site dotdot\n',
    'a.vmm': 'import "b.vmm"\nsite x\n',
    'b.vmm': 'import "a.vmm"\nsite y\n',
    'loop-1.vmm': 'import "main.vmm"\nsite l1\n',
    'sub/inner.vmm': 'import "../sites.vmm"\nimport "../../outside/secret.vmm"\nsite inner\n',
    'binary.vmm': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    // Over the limit by a little: text (no NUL), so that only its size refuses it.
    'huge.vmm': 'site huge\n' + '// padding\n'.repeat(Math.ceil(MAX_IMPORT_BYTES / 11) + 10),
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(ws, name), content);
  writeFileSync(path.join(outside, 'secret.vmm'), 'site secret\n');
  symlinkSync(path.join(outside, 'secret.vmm'), path.join(ws, 'escape.vmm'));
  symlinkSync(outside, path.join(ws, 'linked-dir'));
  fifo = spawnSync('mkfifo', [path.join(ws, 'fifo.vmm')]).status === 0;
});

after(() => rmSync(top, { recursive: true, force: true }));

const cases: [string, (ws: string, outside: string) => string][] = [
  ['missing.vmm', (ws) => `cannot read 'missing.vmm' (resolved to ${path.join(ws, 'missing.vmm')})`],
  ['main.vmm', () => 'import cycle: main.vmm → main.vmm'],
  ['loop-1.vmm', () => 'import cycle: main.vmm → loop-1.vmm → main.vmm'],
  ['../../etc/passwd', (ws) => `import '../../etc/passwd' is outside the workspace folder ${ws}; it is not read`],
  ['/etc/passwd', (ws) => `import '/etc/passwd' is outside the workspace folder ${ws}; it is not read`],
  ['sub/../../outside/secret.vmm', (ws) => `import 'sub/../../outside/secret.vmm' is outside the workspace folder ${ws}; it is not read`],
  [
    'escape.vmm',
    (_, outside) => `import 'escape.vmm' leads outside the workspace folder (through a link to ${path.join(outside, 'secret.vmm')}); it is not read`,
  ],
  [
    'linked-dir/secret.vmm',
    (_, outside) => `import 'linked-dir/secret.vmm' leads outside the workspace folder (through a link to ${path.join(outside, 'secret.vmm')}); it is not read`,
  ],
  ['huge.vmm', () => `'huge.vmm' is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB; it is not read`],
  ['binary.vmm', () => "'binary.vmm' is not a text file"],
  ['dir.vmm', (ws) => `cannot read 'dir.vmm' (resolved to ${path.join(ws, 'dir.vmm')})`],
  ['', () => 'import needs a file name'],
];

function mainText(): string {
  const imports = [...cases.map(([p]) => p), ...(fifo ? ['fifo.vmm'] : []), 'sites.vmm', 'a.vmm', 'sub/inner.vmm', '..data.vmm'];
  return imports.map((p) => `import ${JSON.stringify(p)}`).join('\n') + '\nvm web at a { memory = 4GiB }\nmigrate web to b { method = cold }\n';
}

function expected(): string[] {
  const messages = cases.map(([, message]) => message(ws, outside));
  if (fifo) messages.push(`cannot read 'fifo.vmm' (resolved to ${path.join(ws, 'fifo.vmm')})`);
  return messages;
}

/** Every path read is a file of the workspace folder (links resolved); the huge file and the pipe are measured, never read. */
function assertConfined(reads: string[]): void {
  assert.ok(reads.length >= 4, `read only ${reads.join(', ')}`);
  for (const file of reads) {
    const real = existsSync(file) ? realpathSync(file) : file;
    assert.ok(inside(ws, real), `read ${file} (${real}), outside ${ws}`);
  }
  assert.ok(!reads.some((f) => f.endsWith('huge.vmm') || f.endsWith('fifo.vmm')), 'read a file it should only have measured');
}

test('imports: each way an import goes wrong has its VMM007, and only workspace files are read (check on Node)', { timeout: 30_000 }, () => {
  const fs = recordingFileSystem(nodeFileSystem);
  const result = check(path.join(ws, 'main.vmm'), mainText(), { workspace: ws, fs });
  const found = result.diagnostics.filter((d) => d.code === 'VMM007');
  assert.deepEqual(
    found.map((d) => d.message),
    expected(),
  );
  for (const d of found) assert.match(result.file.text.slice(d.span.start, d.span.end), /^".*"$/);
  // The good imports were read and resolve: `at a`, `to b`; the cycle a ↔ b is theirs, not main's.
  assert.deepEqual(
    result.diagnostics.filter((d) => d.code === 'VMM005'),
    [],
  );
  assert.ok(result.model.sites.has('inner') && result.model.sites.has('x') && result.model.sites.has('y') && result.model.sites.has('dotdot'));
  assert.ok(!result.model.sites.has('secret') && !result.model.sites.has('huge'));
  assertConfined(fs.reads);
});

test('imports: the language server reads the same, through its own file system (open documents first)', { timeout: 30_000 }, () => {
  const reads: string[] = [];
  const readFile = nodeFileSystem.readFile;
  const readConfined = nodeFileSystem.readConfined;
  nodeFileSystem.readFile = (file) => {
    reads.push(file);
    return readFile(file);
  };
  nodeFileSystem.readConfined = (file, allowed) => {
    reads.push(file);
    return readConfined(file, allowed);
  };
  try {
    const workspace = new Workspace();
    workspace.folders = [ws];
    const uri = pathToUri(path.join(ws, 'main.vmm'));
    workspace.documents.set(uri, TextDocument.create(uri, 'vmm', 1, mainText()));
    const result = workspace.result(uri)!;
    assert.deepEqual(
      result.diagnostics.filter((d) => d.code === 'VMM007').map((d) => d.message),
      expected(),
    );
    assertConfined(reads);
  } finally {
    nodeFileSystem.readFile = readFile;
    nodeFileSystem.readConfined = readConfined;
  }
});

/** The server's workspace with its file system's reads recorded (nodeFileSystem's readers wrapped). */
function recordedWorkspace(folders: string[], body: (workspace: Workspace, reads: string[]) => void): void {
  const reads: string[] = [];
  const { readFile, readConfined, size } = nodeFileSystem;
  nodeFileSystem.readFile = (file) => (reads.push(file), readFile(file));
  nodeFileSystem.readConfined = (file, allowed) => (reads.push(file), readConfined(file, allowed));
  nodeFileSystem.size = (file) => (reads.push(file), size(file));
  try {
    const workspace = new Workspace();
    workspace.folders = folders;
    body(workspace, reads);
  } finally {
    Object.assign(nodeFileSystem, { readFile, readConfined, size });
  }
}

test('imports: a file outside every workspace folder reads no import (VMM007 says why); in a window without folders, its own folder is the folder', () => {
  const text = 'import "../ws/sites.vmm"\nimport "secret.vmm"\n';
  recordedWorkspace([ws], (workspace, reads) => {
    assert.equal(workspace.folderOf(path.join(outside, 'secret.vmm')), undefined);
    const uri = pathToUri(path.join(outside, 'x.vmm'));
    workspace.documents.set(uri, TextDocument.create(uri, 'vmm', 1, text));
    const why = 'this file is outside every workspace folder; vmm reads imports only inside one (add its folder to the workspace)';
    assert.deepEqual(
      workspace.result(uri)!.diagnostics.map((d) => d.message),
      [`import '../ws/sites.vmm' is not read: ${why}`, `import 'secret.vmm' is not read: ${why}`],
    );
    assert.deepEqual(reads, []);
  });
  recordedWorkspace([], (workspace, reads) => {
    const uri = pathToUri(path.join(outside, 'x.vmm'));
    workspace.documents.set(uri, TextDocument.create(uri, 'vmm', 1, text));
    assert.deepEqual(
      workspace.result(uri)!.diagnostics.map((d) => d.message),
      [`import '../ws/sites.vmm' is outside the workspace folder ${outside}; it is not read`],
    );
    assert.ok(reads.every((f) => inside(outside, f)) && reads.includes(path.join(outside, 'secret.vmm')), reads.join(', '));
  });
});

test('imports: an untitled document imports nothing, whatever it names (fuzzed imports included), and reads no file', () => {
  const random = streamFor('untitled imports');
  const written = [
    'sites.vmm',
    '../ws/sites.vmm',
    '/etc/passwd',
    'secret.vmm',
    'ws/sites.vmm',
    '',
    '.',
    '..',
    '~/x.vmm',
    'C:\\x.vmm',
    '\u0000',
    'a'.repeat(300),
  ];
  let imports = 0;
  recordedWorkspace([ws], (workspace, reads) => {
    for (let i = 0; i < 200; i++) {
      const uri = `untitled:Untitled-${i}`;
      const names = Array.from({ length: 1 + random.int(3) }, () => random.pick(written));
      const text = names.map((n) => `import ${JSON.stringify(n)}\n`).join('') + mutate(random, random.pick(samples).text);
      workspace.documents.set(uri, TextDocument.create(uri, 'vmm', 1, text));
      const result = workspace.result(uri)!;
      const refused = result.diagnostics.filter(
        (d) => d.code === 'VMM007' && d.message.endsWith('is not read: an untitled document imports nothing; save it in a workspace folder first'),
      );
      imports += refused.length;
      assert.ok(refused.length >= names.filter((n) => n.trim() !== '').length, JSON.stringify(result.diagnostics.map((d) => d.message)));
      assert.equal(result.files.length, 1);
      workspace.close(uri);
    }
    assert.deepEqual(reads, []);
  });
  assert.ok(imports >= 200);
});

test('imports: a link swapped between the check of its path and the read never leads the read outside (the opened file is judged)', { timeout: 60_000 }, () => {
  // Deterministic: what is opened is judged by its descriptor's real path, whatever the path said.
  const read = nodeFileSystem.readConfined(path.join(ws, 'escape.vmm'), (real) => inside(ws, real));
  assert.deepEqual(read, { outside: path.join(outside, 'secret.vmm') });
  assert.deepEqual(
    nodeFileSystem.readConfined(path.join(ws, 'sites.vmm'), (real) => inside(ws, real)),
    {
      text: 'site a\nsite b\nlink a <-> b { rtt = 1ms  bandwidth = 10Gbps }\n',
    },
  );
  // The race itself: another process swaps swap.vmm between a file inside and one outside while
  // the import is checked again and again (the attack escaped in 170 tries).
  const link = path.join(ws, 'swap.vmm');
  symlinkSync(path.join(ws, 'sites.vmm'), link);
  const swapper = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('fs'); const [link, a, b] = process.argv.slice(1); const tmp = link + '.tmp';
       for (let i = 0; ; i++) { try { fs.unlinkSync(tmp); } catch {} fs.symlinkSync(i % 2 ? a : b, tmp); fs.renameSync(tmp, link); }`,
      link,
      path.join(ws, 'sites.vmm'),
      path.join(outside, 'secret.vmm'),
    ],
    { stdio: 'ignore' },
  );
  try {
    // Wait until the swapping has begun (the other process takes a while to start).
    const first = readlinkSync(link);
    for (const deadline = Date.now() + 10_000; readlinkSync(link) === first && Date.now() < deadline;) spawnSync('sleep', ['0.01']);
    let readInside = 0;
    let refused = 0;
    for (let i = 0; i < 5000; i++) {
      const files = loadWithImports(sourceFile(path.join(ws, 'race.vmm'), 'import "swap.vmm"\n'), ws, nodeFileSystem, []);
      assert.ok(!files.some((f) => f.text.includes('secret')), `try ${i}: read the file outside through the swapped link`);
      if (files.length === 2) readInside++;
      else refused++;
    }
    // Without the check of the opened file, about one try in forty read the secret.
    assert.ok(readInside > 0 && refused > 0, `the link was not swapped during the checks (${readInside} read, ${refused} refused)`);
  } finally {
    swapper.kill();
    rmSync(link, { force: true });
  }
});
