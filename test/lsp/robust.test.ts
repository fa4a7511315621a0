import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { root, Server } from './harness.js';

// What an editor (or something posing as one) can send that must not make the server lie: bad
// settings, odd documents. Each test starts its own server.

const topology = 'site a\nsite b\nlink a <-> b { rtt = 1ms  bandwidth = 10Gbps }\nnetwork app { sites = a, b }\n';

test('settings: a bad rule severity is said once, and the rule keeps its default (no diagnostic without a severity)', { timeout: 30_000 }, async () => {
  const server = new Server();
  await server.start({ rules: { VMM303: 'bogus', VMM302: 'off', VMM999: 'off' } });
  try {
    const uri = server.uri('settings.vmm');
    await server.open(uri, topology);
    const diagnostics = await server.diagnosticsOf(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['VMM303', 2]],
    );
    // The same bad settings pushed again are not said again.
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { vmm: { rules: { VMM303: 'bogus', VMM999: 'off' } } } });
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { vmm: { rules: { VMM303: 'bogus', VMM999: 'off' } } } });
    await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.deepEqual(server.shown, [
      '2: VMM settings: vmm.rules.VMM303: "bogus" is not a severity (error, warning, info or off); VMM303 keeps its default',
      '2: VMM settings: vmm.rules.VMM999: there is no rule VMM999; the setting is ignored',
    ]);
    for (const d of await server.diagnosticsOf(uri)) assert.ok([1, 2, 3].includes(d.severity ?? 0), JSON.stringify(d));
  } finally {
    await server.stop();
  }
});

test(
  'BOM: the CLI and the server give the same diagnostics for a file with a BOM, as VS Code sends it (without) and as sent raw (positions in its text)',
  { timeout: 30_000 },
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vmm-bom-'));
    const server = new Server();
    await server.start(undefined, dir);
    try {
      const body = 'vm web at a { memory = 4Gb }\nsite a\nvm db at a { memory = 8Gb }\n';
      writeFileSync(path.join(dir, 'bom.vmm'), '\uFEFF' + body);
      const cli = spawnSync(process.execPath, [path.join(root, 'dist', 'vmm.cjs'), 'check', '--format', 'json', 'bom.vmm'], { cwd: dir, encoding: 'utf8' });
      const fromCli = (JSON.parse(cli.stdout) as { range: unknown; code: string; message: string }[]).map((d) => ({
        code: d.code,
        range: d.range,
        message: d.message,
      }));
      assert.equal(fromCli.length, 2);
      const uri = URI.file(path.join(dir, 'bom.vmm')).toString();
      await server.open(uri, body);
      const shown = (await server.diagnosticsOf(uri)).map((d) => ({ code: d.code, range: d.range, message: d.message }));
      assert.deepEqual(shown, fromCli);
      // A client that sends the BOM: the same diagnostics, one character further on the first line only.
      const raw = URI.file(path.join(dir, 'raw.vmm')).toString();
      await server.open(raw, '\uFEFF' + body);
      const shifted = fromCli.map((d) => {
        const r = d.range as { start: { line: number; character: number }; end: { line: number; character: number } };
        const move = (p: { line: number; character: number }) => (p.line === 0 ? { line: 0, character: p.character + 1 } : p);
        return { ...d, range: { start: move(r.start), end: move(r.end) } };
      });
      assert.deepEqual(
        (await server.diagnosticsOf(raw)).map((d) => ({ code: d.code, range: d.range, message: d.message })),
        shifted,
      );
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

for (const folder of ['c++', 'My Sites (copy)']) {
  test(
    `URIs: in a folder named '${folder}', an import's open, unsaved buffer is what the check reads, and a rename aims at it`,
    { timeout: 30_000 },
    async () => {
      const top = mkdtempSync(path.join(tmpdir(), 'vmm-uri-'));
      const dir = path.join(top, folder);
      mkdirSync(dir);
      const server = new Server();
      await server.start(undefined, dir);
      try {
        writeFileSync(path.join(dir, 'sites.vmm'), 'site a\n');
        writeFileSync(path.join(dir, 'main.vmm'), 'import "sites.vmm"\nvm w at a { memory = 4GiB }\nmigrate w to b\n');
        // The URIs VS Code sends: vscode-uri's encoding (c%2B%2B, My%20Sites%20%28copy%29).
        const sites = URI.file(path.join(dir, 'sites.vmm')).toString();
        const main = URI.file(path.join(dir, 'main.vmm')).toString();
        assert.ok(sites.includes(folder === 'c++' ? 'c%2B%2B' : 'My%20Sites%20%28copy%29'), sites);
        // Unsaved: site b exists only in the editor's buffer, on its third line.
        await server.open(sites, 'site a\n// added, not saved yet\nsite b\n');
        await server.open(main, 'import "sites.vmm"\nvm w at a { memory = 4GiB }\nmigrate w to b\n');
        const diagnostics = await server.diagnosticsOf(main);
        assert.deepEqual(
          diagnostics.filter((d) => d.code === 'VMM005' || d.code === 'VMM007'),
          [],
          JSON.stringify(diagnostics),
        );
        const edit = await server.request<{ changes: Record<string, { range: { start: { line: number } } }[]> }>('textDocument/rename', {
          textDocument: { uri: main },
          position: { line: 2, character: 13 },
          newName: 'bos',
        });
        assert.deepEqual(Object.keys(edit.changes).sort(), [main, sites].sort());
        assert.deepEqual(
          edit.changes[sites].map((e) => e.range.start.line),
          [2],
        );
      } finally {
        await server.stop();
        rmSync(top, { recursive: true, force: true });
      }
    },
  );
}

test(
  'a 20 MB document is not checked: one information at its start says why, the providers answer nothing, memory stays bounded',
  { timeout: 120_000 },
  async (t) => {
    const server = new Server();
    await server.start();
    try {
      const uri = server.uri('huge.vmm');
      const line = 'vm v at a { memory = 4GiB }\n';
      const text = 'site a\n' + line.repeat(Math.ceil((20 * 2 ** 20) / line.length));
      await server.open(uri, text);
      assert.deepEqual(await server.diagnosticsOf(uri, 60_000), [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 3,
          source: 'vmm',
          message: 'this document is 20 MB, larger than the 8 MB vmm checks; it is not checked (split it into files that import each other)',
        },
      ]);
      assert.equal(await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } }), null);
      assert.deepEqual(await server.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
      // An edit that brings it under the limit: checked again.
      await server.change(uri, 'site a\nvm v at a { memory = 4Gb }\n');
      assert.deepEqual(
        (await server.diagnosticsOf(uri)).map((d) => d.code),
        ['VMM003'],
      );
      const memory = await server.request<{ rssMB: number }>('vmm/memory', {});
      t.diagnostic(`server RSS after the 20 MB document: ${memory.rssMB} MB`);
      assert.ok(memory.rssMB < 1000, `the server's memory reached ${memory.rssMB} MB (2,400 MB before the limit)`);
    } finally {
      await server.stop();
    }
  },
);

test('lifecycle: a promise that fails with nobody waiting is said on stderr, and the server goes on', { timeout: 30_000 }, async () => {
  const server = new Server();
  // Loaded before the server: a rejection nobody handles, once the server is up.
  server.nodeArgs = ['--import', 'data:text/javascript,setTimeout(() => Promise.reject(new Error("boom")), 50)'];
  await server.start();
  try {
    // Said on stderr: waited for (up to 10 s), not for a fixed time a loaded machine may overrun.
    const said = /vmm server: internal error \(please report it\): Error: boom/;
    for (const deadline = Date.now() + 10_000; !said.test(server.stderr) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
    assert.match(server.stderr, said);
    const uri = server.uri('after-rejection.vmm');
    await server.open(uri, topology);
    assert.deepEqual(
      (await server.diagnosticsOf(uri)).map((d) => d.code),
      ['VMM302', 'VMM303'],
    );
  } finally {
    await server.stop();
  }
});
