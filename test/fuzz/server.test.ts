import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node.js';
import type { Diagnostic, Position } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Server } from '../lsp/harness.js';
import { dictionary, largeEstate, mutate, randomUnicode, root, runsOf, samples, SEED, streamFor, type Random } from './fuzz.js';

// The language server over a real stdio connection (test/lsp/harness.ts), fed what an editor
// sends while someone types badly: it answers every request, survives cancellations, closes and
// restarts, and holds hundreds of files.

const server = new Server();
before(() => server.start());
after(() => server.stop());

/** The requests an editor sends as the cursor moves and the file changes. */
function requests(uri: string, position: Position, diagnostics: Diagnostic[]): [string, unknown][] {
  const textDocument = { uri };
  return [
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/completion', { textDocument, position }],
    ['textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics } }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }],
    ['textDocument/semanticTokens/full', { textDocument }],
    ['textDocument/foldingRange', { textDocument }],
    ['textDocument/codeLens', { textDocument }],
  ];
}

/** A ranged change as typing makes it: a few characters replaced by a token, a word, a line break, strange text, or nothing. */
function randomChange(random: Random, text: string): { range: { start: Position; end: Position }; text: string } {
  const document = TextDocument.create('file:///x', 'vmm', 1, text);
  const start = random.int(text.length + 1);
  const end = Math.min(text.length, start + (random.chance(0.5) ? 0 : random.int(random.chance(0.1) ? 200 : 8)));
  const inserted = random.pick([
    () => random.pick(dictionary),
    () => ' ',
    () => '\n',
    () => '',
    () => randomUnicode(random, 3),
    () => mutate(random, random.pick(samples).text).slice(0, random.int(300)),
  ])();
  return { range: { start: document.positionAt(start), end: document.positionAt(end) }, text: inserted };
}

function randomPosition(random: Random, text: string): Position {
  return TextDocument.create('file:///x', 'vmm', 1, text).positionAt(random.int(text.length + 1));
}

const edits = runsOf(250);

test(`server: answers every request after each of hundreds of fuzzed edits (seed ${SEED})`, { timeout: Math.max(120_000, edits * 200) }, async (t) => {
  const random = streamFor('server edits');
  const uri = server.uri('fuzzed-edits.vmm');
  await server.open(uri, random.pick(samples).text);
  let answered = 0;
  const start = performance.now();
  for (let i = 0; i < edits; i++) {
    // Edits insert more than they delete: past 20 KB the file starts again from a sample, so that a
    // long run's edits cost what the first ones do.
    if (server.texts.get(uri)!.length > 20_000) await server.change(uri, random.pick(samples).text);
    await server.edit(uri, [randomChange(random, server.texts.get(uri)!)]);
    const text = server.texts.get(uri)!;
    const diagnostics = server.lastPublished(uri)?.diagnostics ?? []; // possibly of an older version, as an editor's are
    const answers = await Promise.allSettled(
      requests(uri, randomPosition(random, text), diagnostics).map(([method, params]) => server.request(method, params)),
    );
    for (const [k, a] of answers.entries()) {
      assert.equal(
        a.status,
        'fulfilled',
        `edit ${i}: ${requests(uri, { line: 0, character: 0 }, [])[k][0]} failed: ${a.status === 'rejected' ? String(a.reason) : ''}\n${JSON.stringify(text).slice(0, 500)}`,
      );
      answered++;
    }
  }
  await server.diagnosticsOf(uri, 20_000);
  t.diagnostic(`${edits} edits, ${answered} requests answered in ${Math.round(performance.now() - start)} ms`);
  assert.deepEqual(server.errors, []);
  assert.ok(server.running);
});

/**
 * A change about line breaks: `\r`, `\n` or `\r\n` inserted right before or after an existing
 * break (splitting or joining a `\r\n`), or one character of a break removed.
 */
function lineBreakChange(random: Random, text: string): { range: { start: Position; end: Position }; text: string } {
  const document = TextDocument.create('file:///x', 'vmm', 1, text);
  const breaks = [...text.matchAll(/[\r\n]/g)].map((m) => m.index);
  const at = breaks.length > 0 && random.chance(0.9) ? random.pick(breaks) + random.int(2) : random.int(text.length + 1);
  const removing = random.chance(0.2) && /[\r\n]/.test(text[at] ?? '');
  const inserted = removing ? '' : random.pick(['\r', '\n', '\r\n', '\r\r', 'x\r', '\ry']);
  // A position cannot point between \r and \n: such a change is made just before the pair.
  const from = text[at - 1] === '\r' && text[at] === '\n' ? at - 1 : at;
  const to = removing ? from + 1 : from;
  return { range: { start: document.positionAt(from), end: document.positionAt(to) }, text: inserted };
}

const lineBreakEdits = runsOf(120);

test(
  `server: after CR, LF and CRLF edits its copy of a document is the editor's: the same answers as a fresh open (seed ${SEED})`,
  { timeout: 120_000 },
  async (t) => {
    const random = streamFor('server line breaks');
    const uri = server.uri('line-breaks.vmm');
    const base = random.pick(samples.filter((s) => !s.text.includes('import')));
    await server.open(uri, random.chance(0.5) ? base.text.replace(/\n/g, '\r\n') : base.text);
    let compared = 0;
    for (let i = 0; i < lineBreakEdits; i++) {
      // One notification carries one to three changes, each against the text the one before left.
      const changes = [];
      let text = server.texts.get(uri)!;
      for (let k = 0, n = 1 + random.int(3); k < n; k++) {
        const change = random.chance(0.8) ? lineBreakChange(random, text) : randomChange(random, text);
        changes.push(change);
        const document = TextDocument.create('file:///x', 'vmm', 1, text);
        text = text.slice(0, document.offsetAt(change.range.start)) + change.text + text.slice(document.offsetAt(change.range.end));
      }
      await server.edit(uri, changes);
      assert.equal(server.texts.get(uri), text);
      if (i % 10 !== 9 && i !== lineBreakEdits - 1) continue;
      // What the server holds shows in what it answers: diagnostics, semantic tokens and formatting
      // of the edited document are those of the same text opened fresh.
      const fresh = server.uri(`line-breaks-fresh-${i}.vmm`);
      await server.open(fresh, text);
      const answers = async (u: string) => ({
        diagnostics: (await server.diagnosticsOf(u, 30_000)).map((d) => ({ code: d.code, range: d.range, message: d.message })),
        tokens: await server.request('textDocument/semanticTokens/full', { textDocument: { uri: u } }),
        formatting: await server.request('textDocument/formatting', { textDocument: { uri: u }, options: { tabSize: 2, insertSpaces: true } }),
        folding: await server.request('textDocument/foldingRange', { textDocument: { uri: u } }),
      });
      assert.deepEqual(await answers(uri), await answers(fresh), `after edit ${i}: ${JSON.stringify(text).slice(0, 300)}`);
      await server.close(fresh);
      compared++;
    }
    t.diagnostic(`${lineBreakEdits} notifications of line-break edits, ${compared} comparisons with a fresh open`);
    assert.deepEqual(server.errors, []);
  },
);

test('server: stale requests are answered or cancelled, never lost', { timeout: 60_000 }, async (t) => {
  const random = streamFor('server cancel');
  const uri = server.uri('cancelled.vmm');
  await server.open(uri, largeEstate(40_000));
  const pending: Promise<'answered' | 'cancelled'>[] = [];
  for (let i = 0; i < 12; i++) {
    // Each edit makes the requests before it stale; half of them are cancelled at once.
    await server.edit(uri, [randomChange(random, server.texts.get(uri)!)]);
    for (const [method, params] of requests(uri, randomPosition(random, server.texts.get(uri)!), [])) {
      const source = new CancellationTokenSource();
      pending.push(
        server.connection.sendRequest(method, params, source.token).then(
          () => 'answered' as const,
          (error: unknown) => {
            assert.ok(error instanceof ResponseError && error.code === -32800, `${method}: ${String(error)}`);
            return 'cancelled' as const;
          },
        ),
      );
      if (random.chance(0.5)) source.cancel();
    }
  }
  const outcomes = await Promise.all(pending);
  t.diagnostic(`${outcomes.filter((o) => o === 'answered').length} answered, ${outcomes.filter((o) => o === 'cancelled').length} cancelled`);
  assert.equal(outcomes.length, 12 * 8);
  assert.ok(outcomes.includes('answered'));
  await server.diagnosticsOf(uri, 30_000);
  assert.deepEqual(server.errors, []);
});

test('server: a document closed while it is being checked gets no diagnostics after its close', { timeout: 60_000 }, async () => {
  const uri = server.uri('closed-mid-check.vmm');
  const text = largeEstate(400_000); // half a second or so of checking
  await server.open(uri, text);
  await server.edit(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// edited\n' }]);
  // The hover starts a check of the new version; the close arrives while it runs.
  const hover = server.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 2 } });
  await server.close(uri);
  await hover;
  const afterClose = await Promise.all(requests(uri, { line: 0, character: 0 }, []).map(([method, params]) => server.request<unknown>(method, params)));
  // A closed document is unknown: empty answers, not errors.
  for (const a of afterClose)
    assert.ok(
      a === null || (Array.isArray(a) && a.length === 0) || (typeof a === 'object' && JSON.stringify(a) === '{"data":[]}'),
      JSON.stringify(a).slice(0, 200),
    );
  await server.publishedWhen(uri, (p) => p !== undefined && p.version === undefined && p.diagnostics.length === 0, 20_000);
  await new Promise((r) => setTimeout(r, 300)); // a late check would publish by now
  assert.deepEqual(server.lastPublished(uri)?.diagnostics, []);
  assert.deepEqual(server.errors, []);
});

test('server: hundreds of open files are checked, found by workspace symbols, and closed', { timeout: 120_000 }, async (t) => {
  const random = streamFor('server many');
  const uris = Array.from({ length: 300 }, (_, i) => server.uri(`many-${i}.vmm`));
  const start = performance.now();
  for (const [i, uri] of uris.entries()) await server.open(uri, i % 3 === 0 ? random.pick(samples).text : mutate(random, random.pick(samples).text));
  for (const uri of uris) await server.diagnosticsOf(uri, 60_000);
  t.diagnostic(`300 files opened and checked in ${Math.round(performance.now() - start)} ms`);
  const symbols = await server.request<unknown[]>('workspace/symbol', { query: 'nj' });
  assert.ok(symbols.length > 0 && symbols.length <= 1000);
  for (const uri of uris) await server.close(uri);
  for (const uri of uris) await server.publishedWhen(uri, (p) => p !== undefined && p.version === undefined && p.diagnostics.length === 0, 30_000);
  assert.deepEqual(server.errors, []);
  assert.ok(server.running);
});

test('server: restarted, it checks the same file the same way', { timeout: 60_000 }, async () => {
  const uri = server.uri('restart.vmm');
  const text = samples.find((s) => s.name === 'follow-the-sun.vmm')!.text;
  await server.open(uri, text);
  const first = await server.diagnosticsOf(uri);
  await server.stop();
  assert.ok(!server.running || (await new Promise((r) => setTimeout(r, 500)), !server.running));
  await server.start();
  await server.open(uri, text);
  assert.deepEqual(await server.diagnosticsOf(uri), first);
  assert.ok(server.running);
});

test(
  'server: after a malformed header it answers the next message; no request is served before initialize or after shutdown',
  { timeout: 30_000 },
  async () => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const framed = (o: object) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...o });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    child.stdin.write(framed({ id: 1, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.vmm' }, position: { line: 0, character: 0 } } }));
    child.stdin.write('Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","id":9,"method":"initialize"}');
    child.stdin.write(framed({ id: 2, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    child.stdin.write(framed({ method: 'initialized', params: {} }));
    child.stdin.write(framed({ id: 3, method: 'shutdown' }));
    child.stdin.write(framed({ id: 4, method: 'textDocument/hover', params: {} }));
    const answered = (id: number) => new RegExp(`"id":${id},`).test(stdout);
    for (const deadline = Date.now() + 20_000; ![1, 2, 3, 4].every(answered) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
    const responses = stdout
      .split(/Content-Length: \d+\r\n\r\n/)
      .filter(Boolean)
      .map((body) => JSON.parse(body) as { id: number; result?: unknown; error?: { code: number } });
    const byId = new Map(responses.map((r) => [r.id, r]));
    assert.equal(byId.get(1)?.error?.code, -32002, 'a request before initialize: server not initialized');
    assert.ok(byId.get(2)?.result, 'initialize, after the malformed header, is answered');
    assert.equal(byId.get(3)?.result, null);
    assert.equal(byId.get(4)?.error?.code, -32600, 'a request after shutdown: invalid request');
    assert.ok(!byId.has(9), 'the malformed message is not read');
    assert.match(stderr, /malformed message header \(Content-Length: "abc" is not a number of bytes\); skipped to the next message/);
    child.stdin.write(framed({ method: 'exit' }));
    const code = await new Promise((r) => child.on('exit', r));
    assert.equal(code, 0);
  },
);
