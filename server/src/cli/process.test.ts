/** `vmm` as a process: the language server's transports, and standard output closed early. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandSpec, commandUsage } from './args.js';

const dist = path.join(fileURLToPath(new URL('../../../../', import.meta.url)), 'dist');
const bin = path.join(dist, 'vmm.cjs');

function run(args: string[], options: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { ...options, timeout: 15_000, encoding: 'utf8' });
  return { status: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

const lspUsage = commandUsage(commandSpec('lsp') ?? assert.fail('no lsp command'));

test('vmm lsp without a transport is a usage error (it used to die with a stack trace)', () => {
  const r = run(['lsp']);
  assert.equal(r.status, 2);
  assert.equal(r.out, '');
  assert.equal(r.err, `vmm: lsp needs --stdio, --node-ipc, --socket=PORT or --pipe=NAME\n${lspUsage}\n`);
  const two = run(['lsp', '--stdio', '--socket=5000']);
  assert.equal(two.status, 2);
  assert.equal(two.err.split('\n')[0], 'vmm: lsp takes one transport; got --stdio and --socket');
  const port = run(['lsp', '--socket=http']);
  assert.equal(port.status, 2);
  assert.equal(port.err.split('\n')[0], "vmm: --socket needs a port number from 1 to 65535; got 'http'");
});

/** A port on 127.0.0.1 that nothing listens on (one that was just free). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('vmm lsp --socket=PORT with nothing listening exits 2 with a message (it used to exit 0 silently)', async () => {
  const port = await freePort();
  const r = run(['lsp', `--socket=${port}`]);
  assert.equal(r.signal, null);
  assert.equal(r.status, 2);
  assert.equal(r.out, '');
  assert.equal(r.err, `vmm: lsp: cannot connect to the client at 127.0.0.1:${port} (ECONNREFUSED)\n`);
});

test('vmm lsp --node-ipc without an IPC channel exits 2 with a message', () => {
  const r = run(['lsp', '--node-ipc']);
  assert.equal(r.status, 2);
  assert.equal(r.err, "vmm: lsp: --node-ipc needs a client that starts the server with an IPC channel (node's fork); from a terminal use --stdio\n");
});

test('dist/server.cjs without a transport exits 2 with a message', () => {
  const r = spawnSync(process.execPath, [path.join(dist, 'server.cjs')], { timeout: 15_000, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'vmm server: the server needs --stdio, --node-ipc, --socket=PORT or --pipe=NAME\n');
});

/** Sends initialize over a socket the server connected to, and returns the answer's result. */
function initializeOver(socket: net.Socket): Promise<{ serverInfo: { name: string } }> {
  const message = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  socket.write(`Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString();
      const body = received.indexOf('\r\n\r\n');
      const length = Number(/Content-Length: (\d+)/.exec(received)?.[1]);
      if (body >= 0 && Buffer.byteLength(received.slice(body + 4)) >= length) resolve(JSON.parse(received.slice(body + 4)).result);
    });
  });
}

for (const kind of ['socket', 'pipe'] as const) {
  test(
    `vmm lsp --${kind} connects to the client listening there and answers initialize`,
    { skip: kind === 'pipe' && process.platform === 'win32', timeout: 30_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'vmm-lsp-'));
      const server = net.createServer();
      const connected = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
      const pipe = path.join(dir, 'client.sock');
      await new Promise<void>((resolve) => (kind === 'socket' ? server.listen(0, '127.0.0.1', resolve) : server.listen(pipe, resolve)));
      const where = kind === 'socket' ? String((server.address() as net.AddressInfo).port) : pipe;
      const child = spawn(process.execPath, [bin, 'lsp', `--${kind}=${where}`]);
      try {
        const socket = await connected;
        const result = await initializeOver(socket);
        assert.equal(result.serverInfo.name, 'vmm');
        socket.destroy();
      } finally {
        child.kill();
        server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}

for (const [what, args] of [
  ['vmm lsp --node-ipc', [bin, 'lsp', '--node-ipc']],
  [
    'dist/server.cjs --node-ipc --clientProcessId=PID (as the extension starts it)',
    [path.join(dist, 'server.cjs'), '--node-ipc', `--clientProcessId=${process.pid}`],
  ],
] as const) {
  test(`${what} answers initialize over the IPC channel`, { timeout: 30_000 }, async () => {
    const [module, ...rest] = args;
    const child = fork(module, rest, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    try {
      const answer = new Promise<{ result: { serverInfo: { name: string } } }>((resolve, reject) => {
        child.on('message', (m) => resolve(m as { result: { serverInfo: { name: string } } }));
        child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      assert.equal((await answer).result.serverInfo.name, 'vmm');
    } finally {
      child.kill();
    }
  });
}

test('vmm plan … | head: standard output closed early ends quietly, with no EPIPE stack trace', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-epipe-'));
  try {
    // A plan of a few hundred kilobytes: far more than a pipe holds, so vmm is still writing when the reader goes.
    let text = 'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\n';
    for (let i = 0; i < 300; i++) text += `vm v${i} at a { memory = 4GiB  disk = 10GB  dirty-rate = 1MB/s }\n`;
    writeFileSync(path.join(dir, 'many.vmm'), text + 'migrate v* to b\n');
    const child = spawn(process.execPath, [bin, 'plan', 'many.vmm'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The reader goes before vmm has written (as `head` does after its first line, of far less than vmm writes).
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assert.equal(stderr, '');
    assert.equal(status, 0);
    // And through a shell's pipe into head, as a person types it.
    if (process.platform !== 'win32') {
      const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" plan many.vmm | head -1`], { cwd: dir, encoding: 'utf8', timeout: 15_000 });
      assert.equal(piped.stdout, '# Migration plan: many.vmm\n');
      assert.equal(piped.stderr, '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
