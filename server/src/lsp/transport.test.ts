import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Message, MessageWriter } from 'vscode-languageserver/node.js';
import { LifecycleReader, RecoveringReader } from './transport.js';

const framed = (o: unknown) => {
  const body = Buffer.from(JSON.stringify(o));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
};

/** What a reader delivers from bytes sent in pieces of `piece` bytes, and what it logs. */
async function read(bytes: Buffer, piece = bytes.length, maxBytes?: number): Promise<{ messages: unknown[]; log: string[] }> {
  const stream = new PassThrough();
  const log: string[] = [];
  const messages: unknown[] = [];
  const reader = new RecoveringReader(stream, (m) => log.push(m), maxBytes);
  reader.listen((m) => messages.push(m));
  for (let at = 0; at < bytes.length; at += piece) stream.write(bytes.subarray(at, at + piece));
  await new Promise((r) => setImmediate(r));
  return { messages, log };
}

test('RecoveringReader: reads framed messages whole, however the bytes are cut', async () => {
  const a = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { text: 'é😀\r\n' } };
  const b = { jsonrpc: '2.0', method: 'initialized', params: {} };
  for (const piece of [1, 3, 7, 1000]) {
    const { messages, log } = await read(Buffer.concat([framed(a), framed(b)]), piece);
    assert.deepEqual(messages, [a, b], `in pieces of ${piece}`);
    assert.deepEqual(log, []);
  }
  // Other headers are allowed, in any case.
  const body = JSON.stringify(b);
  const { messages } = await read(Buffer.from(`content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH: ${body.length}\r\n\r\n${body}`));
  assert.deepEqual(messages, [b]);
});

test('RecoveringReader: after a malformed header or a body that is not JSON, it says so once and reads the next message', async () => {
  const next = { jsonrpc: '2.0', id: 2, method: 'shutdown' };
  for (const [bad, said] of [
    ['Content-Length: abc\r\n\r\n{"x":1}', 'malformed message header (Content-Length: "abc" is not a number of bytes); skipped to the next message'],
    ['Content-Type: x\r\n\r\n{}', 'malformed message header (a header without Content-Length); skipped to the next message'],
    ['garbage\r\n\r\n', 'malformed message header (a header line without a name: "garbage"); skipped to the next message'],
    ['Content-Length: 5\r\n\r\n{"x":', 'a message of 5 bytes is not JSON; it is ignored'],
    ['Content-Length: 4\r\n\r\nnull', 'a message is not a JSON-RPC object; it is ignored'],
  ]) {
    for (const piece of [1, 5, 10_000]) {
      const { messages, log } = await read(Buffer.concat([Buffer.from(bad), framed(next)]), piece);
      assert.deepEqual(messages, [next], `${JSON.stringify(bad)} in pieces of ${piece}`);
      assert.deepEqual(log, [said]);
    }
  }
  // 8 KB of bytes without a blank line are not a header.
  const { messages, log } = await read(Buffer.concat([Buffer.from('x'.repeat(10_000)), framed(next)]));
  assert.deepEqual(messages, [next]);
  assert.equal(log.length, 1);
});

test('RecoveringReader: a message over the limit is skipped as it arrives, never held whole', async () => {
  const big = { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'x'.repeat(5000) } };
  const next = { jsonrpc: '2.0', id: 3, method: 'shutdown' };
  const { messages, log } = await read(Buffer.concat([framed(big), framed(next)]), 512, 1000);
  assert.deepEqual(messages, [next]);
  assert.deepEqual(log, [
    `a message of ${framed(big).length - `Content-Length: ${JSON.stringify(big).length}\r\n\r\n`.length} bytes is larger than the ${1000 / 2 ** 20} MB limit; it is skipped`,
  ]);
});

test('LifecycleReader: nothing is served before initialize or after shutdown; exit always passes', async () => {
  const stream = new PassThrough();
  const written: Message[] = [];
  const writer = { write: async (m: Message) => void written.push(m) } as unknown as MessageWriter;
  const passed: string[] = [];
  const reader = new LifecycleReader(new RecoveringReader(stream, () => {}), writer);
  reader.listen((m) => passed.push((m as unknown as { method: string }).method));
  const send = (o: object) => stream.write(framed({ jsonrpc: '2.0', ...o }));
  send({ id: 1, method: 'textDocument/hover', params: {} });
  send({ method: 'textDocument/didOpen', params: {} });
  send({ id: 2, method: 'initialize', params: {} });
  send({ id: 3, method: 'initialize', params: {} });
  send({ id: 4, method: 'textDocument/hover', params: {} });
  send({ id: 5, method: 'shutdown' });
  send({ id: 6, method: 'textDocument/hover', params: {} });
  send({ method: 'textDocument/didChange', params: {} });
  send({ method: 'exit' });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(passed, ['initialize', 'textDocument/hover', 'shutdown', 'exit']);
  assert.deepEqual(written, [
    { jsonrpc: '2.0', id: 1, error: { code: -32002, message: 'textDocument/hover before initialize' } },
    { jsonrpc: '2.0', id: 3, error: { code: -32600, message: 'initialize was already sent' } },
    { jsonrpc: '2.0', id: 6, error: { code: -32600, message: 'textDocument/hover after shutdown' } },
  ]);
});
