import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, type CheckOptions } from '../checker.js';
import type { FileSystem } from '../load.js';
import { expectDiagnostics, expectNone, marked } from '../testing.js';

/** A file system of a few files under /workspace, recording what was read. */
function files(contents: Record<string, string>, links: Record<string, string> = {}): FileSystem & { read: string[] } {
  const read: string[] = [];
  return {
    read,
    readFile(file) {
      read.push(file);
      return contents[links[file] ?? file];
    },
    realPath: (file) => links[file] ?? file,
  };
}

const shared = {
  '/workspace/sites.vmm': 'site a\nsite b\nlink a <-> b { rtt = 1ms  bandwidth = 10Gbps }\n',
  '/workspace/a.vmm': 'import "b.vmm"\nsite x\n',
  '/workspace/b.vmm': 'import "a.vmm"\nsite y\n',
  '/workspace/loop-1.vmm': 'import "loop-2.vmm"\nsite l1\n',
  '/workspace/loop-2.vmm': 'import "test.vmm"\nsite l2\n',
  '/workspace/sub/c.vmm': 'import "../d.vmm"\nsite c\n',
  '/workspace/d.vmm': 'site d\nvm broken at d { memory = 4Gb }\nimport "nowhere.vmm"\n',
  '/workspace/binary.vmm': 'site \u0000',
  '/elsewhere/secret.vmm': 'site secret\n',
};

function options(fs = files(shared)): CheckOptions {
  return { fs };
}

test('VMM007: an import that cannot be read, on its path', () => {
  expectDiagnostics('import [|"missing.vmm"|]\nsite a', 'VMM007', ["cannot read 'missing.vmm' (resolved to /workspace/missing.vmm)"], options());
});

test('VMM007: an imported file is read relative to the importing file, and its declarations resolve', () => {
  expectNone('import "sites.vmm"\nvm web at a { memory = 4GiB }\nmigrate web to b', 'VMM007', options());
  expectNone('import "sites.vmm"\nvm web at a { memory = 4GiB }\nmigrate web to b', 'VMM005', options());
  // sub/c.vmm imports ../d.vmm: /workspace/d.vmm.
  expectNone('import "sub/c.vmm"\nvm web at d { memory = 4GiB }', 'VMM005', options());
});

test('VMM007: a file importing itself', () => {
  expectDiagnostics('import [|"test.vmm"|]\nsite a', 'VMM007', ['import cycle: test.vmm → test.vmm'], options());
  expectDiagnostics('import [|"./test.vmm"|]\nsite a', 'VMM007', ['import cycle: test.vmm → test.vmm'], options());
  // The file's own declarations are read once: no duplicates.
  expectNone('import "test.vmm"\nsite a', 'VMM004', options());
});

test('VMM007: an import cycle through the checked file is shown on the import that starts it', () => {
  const text = 'import [|"loop-1.vmm"|]\nsite t';
  expectDiagnostics(text, 'VMM007', ['import cycle: test.vmm → loop-1.vmm → loop-2.vmm → test.vmm'], options());
  const { text: clean } = marked(text);
  // From a.vmm: a.vmm → b.vmm → a.vmm, shown in a.vmm.
  const a = check('/workspace/a.vmm', shared['/workspace/a.vmm'], { workspace: '/workspace', fs: files(shared) });
  assert.deepEqual(
    a.diagnostics.filter((d) => d.code === 'VMM007').map((d) => ({ text: a.file.text.slice(d.span.start, d.span.end), message: d.message })),
    [{ text: '"b.vmm"', message: 'import cycle: a.vmm → b.vmm → a.vmm' }],
  );
  // Each file is read once despite the cycle: no duplicate declarations.
  expectNone(clean, 'VMM004', options());
});

test('VMM007: a cycle between two imported files is theirs to show, not the importing file', () => {
  const result = check('/workspace/test.vmm', 'import "a.vmm"\nsite t', { workspace: '/workspace', fs: files(shared) });
  assert.deepEqual(
    result.diagnostics.filter((d) => d.code === 'VMM007'),
    [],
  );
  assert.deepEqual([...result.model.sites.keys()].sort(), ['t', 'x', 'y']);
});

test('VMM007: an import outside the workspace folder is reported and not read', () => {
  const fs = files(shared);
  expectDiagnostics(
    'import [|"../elsewhere/secret.vmm"|]\nimport [|"/elsewhere/secret.vmm"|]',
    'VMM007',
    [
      "import '../elsewhere/secret.vmm' is outside the workspace folder /workspace; it is not read",
      "import '/elsewhere/secret.vmm' is outside the workspace folder /workspace; it is not read",
    ],
    { fs },
  );
  assert.deepEqual(fs.read, []);
});

test('VMM007: an import that leads outside the workspace through a link is reported and not read', () => {
  const fs = files(shared, { '/workspace/linked.vmm': '/elsewhere/secret.vmm' });
  expectDiagnostics(
    'import [|"linked.vmm"|]',
    'VMM007',
    ["import 'linked.vmm' leads outside the workspace folder (through a link to /elsewhere/secret.vmm); it is not read"],
    { fs },
  );
  assert.deepEqual(fs.read, []);
});

test('VMM007: an empty import path and a binary file', () => {
  expectDiagnostics('import [|""|]', 'VMM007', ['import needs a file name'], options());
  expectDiagnostics('import [|"binary.vmm"|]', 'VMM007', ["'binary.vmm' is not a text file"], options());
});

test("VMM007: problems inside an imported file are that file's, not reported on the importing one", () => {
  // d.vmm has a VMM003 and a missing import of its own.
  const text = 'import "d.vmm"\nvm web at d { memory = 4GiB }';
  expectNone(text, 'VMM007', options());
  expectNone(text, 'VMM003', options());
});

test('VMM007: importing the same file twice reads it once', () => {
  const text = 'import "sites.vmm"\nimport "./sites.vmm"\nvm web at a { memory = 4GiB }';
  expectNone(text, 'VMM007', options());
  expectNone(text, 'VMM004', options());
});

test('VMM007: without a workspace folder, imports are not confined', () => {
  const fs = files(shared);
  const result = check('/workspace/test.vmm', 'import "../elsewhere/secret.vmm"\nvm web at secret { memory = 4GiB }', { fs });
  assert.deepEqual(
    result.diagnostics.filter((d) => d.code === 'VMM007' || d.code === 'VMM005'),
    [],
  );
});

test('VMM007: a file system that can tell sizes is asked first: a huge file or one with nothing to read is never read', () => {
  const fs = files({ ...shared, '/workspace/huge.vmm': 'site huge\n' });
  const sized = {
    ...fs,
    size: (file: string) =>
      file === '/workspace/huge.vmm' ? 40 * 2 ** 20 : file === '/workspace/pipe.vmm' ? undefined : (shared as Record<string, string>)[file]?.length,
  };
  expectDiagnostics(
    'import [|"huge.vmm"|]\nimport [|"pipe.vmm"|]\nimport "sites.vmm"',
    'VMM007',
    ["'huge.vmm' is larger than 8 MB; it is not read", "cannot read 'pipe.vmm' (resolved to /workspace/pipe.vmm)"],
    { fs: sized },
  );
  assert.deepEqual(fs.read, ['/workspace/sites.vmm']);
});

test('VMM007: one check reads at most 16 MB, the file and its imports together; an import past it is not read', () => {
  const chunk = 'site s' + ' '.repeat(6 * 2 ** 20) + '\n';
  const fs = files({
    ...shared,
    '/workspace/a.vmm': chunk.replace('site s', 'site a1'),
    '/workspace/b.vmm': chunk.replace('site s', 'site b1'),
    '/workspace/c.vmm': chunk.replace('site s', 'site c1'),
  });
  expectDiagnostics(
    'import "a.vmm"\nimport "b.vmm"\nimport [|"c.vmm"|]',
    'VMM007',
    ["'c.vmm' is not read: with it this check would read more than 16 MB (the file and its imports together)"],
    { fs },
  );
});
