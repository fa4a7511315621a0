import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  SemanticTokens,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyEdits, cursor, root, Server } from './harness.js';

const topology = `site a
site b
site c
link a <-> b { rtt = 35ms  bandwidth = 10Gbps }
link a <-> c { rtt = 2ms  bandwidth = 10Gbps }
vm web at a { memory = 16GiB  disk = 100GiB  dirty-rate = 50MB/s }
`;

const server = new Server();
before(() => server.start());
after(() => server.stop());

test('open: diagnostics arrive with code, range, message and a link to the rule page', async () => {
  const uri = server.uri('open.vmm');
  await server.open(uri, `${topology}migrate web to b\n`);
  const diagnostics = await server.diagnosticsOf(uri);
  const d = diagnostics.find((x) => x.code === 'VMM101');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.message, 'path RTT 35 ms (a → b) exceeds max-rtt 10 ms of profile metro for live migration');
  assert.deepEqual(d.range, { start: { line: 6, character: 0 }, end: { line: 6, character: 16 } });
  assert.equal(d.severity, 1);
  assert.match(d.codeDescription!.href, /docs\/rules\/VMM101\.md$/);
});

test('edit: a change re-checks and the diagnostic goes away', async () => {
  const uri = server.uri('edit.vmm');
  await server.open(uri, `${topology}migrate web to b\n`);
  assert.ok((await server.diagnosticsOf(uri)).some((d) => d.code === 'VMM101'));
  await server.change(uri, `${topology}migrate web to c\n`);
  const after = await server.diagnosticsOf(uri);
  assert.ok(!after.some((d) => d.code === 'VMM101'), JSON.stringify(after));
});

test('a syntax error is VMM001 and the rest of the file is still checked', async () => {
  const uri = server.uri('broken.vmm');
  await server.open(uri, `${topology}site d {\n  location = 1,\n}\nmigrate web to b\n`);
  const codes = (await server.diagnosticsOf(uri)).map((d) => d.code);
  assert.ok(codes.includes('VMM001'));
  assert.ok(codes.includes('VMM101'));
});

test('code action: the cold fix states its cost, and applying it removes the diagnostic', async () => {
  const uri = server.uri('fix.vmm');
  const text = `${topology}migrate web to b\n`;
  await server.open(uri, text);
  const d = (await server.diagnosticsOf(uri)).find((x) => x.code === 'VMM101')!;
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const titles = actions.map((a) => a.title);
  // Verified on a copy before it is offered (spec §7): the title says what the fix leaves behind.
  assert.deepEqual(titles, ['Use cold migration: ≈ 3 m 35 s offline, 100 GiB copied, no RTT limit — leaves the intent clean', 'Silence VMM101 here']);
  assert.equal(actions[0].isPreferred, true);
  const cold = actions.find((a) => a.title.startsWith('Use cold migration'))!;
  const fixed = applyEdits(text, (cold.edit as WorkspaceEdit).changes![uri]);
  assert.equal(fixed, `${topology}migrate web to b {\n  method = cold\n}\n`);
  await server.change(uri, fixed);
  assert.ok(!(await server.diagnosticsOf(uri)).some((x) => x.code === 'VMM101'));
});

test('code action: "Fix all" as the source action source.fixAll.vmm, and "Fix all VMM101 in this file" resolved when chosen', async () => {
  const uri = server.uri('fixall.vmm');
  const text = `${topology}vm api at a { memory = 8GiB  disk = 10GiB }\nmigrate web to b\nmigrate api to b\n`;
  await server.open(uri, text);
  const fixedText = `${topology}vm api at a { memory = 8GiB  disk = 10GiB }\nmigrate web to b {\n  method = cold\n}\nmigrate api to b {\n  method = cold\n}\n`;
  const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const source = await server.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: whole,
    context: { diagnostics: [], only: ['source.fixAll.vmm'] },
  });
  assert.deepEqual(
    source.map((a) => [a.title, a.kind]),
    [['Fix all (2 fixes that leave nothing behind)', 'source.fixAll.vmm']],
  );
  assert.equal(applyEdits(text, (source[0].edit as WorkspaceEdit).changes![uri]), fixedText);
  const d = (await server.diagnosticsOf(uri)).find((x) => x.code === 'VMM101')!;
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const all = actions.find((a) => a.title === 'Fix all VMM101 in this file');
  assert.ok(all && !all.edit, actions.map((a) => a.title).join('\n'));
  const resolved = await server.request<CodeAction>('codeAction/resolve', all);
  assert.equal(applyEdits(text, (resolved.edit as WorkspaceEdit).changes![uri]), fixedText);
});

test('code action: worked out when asked, for a diagnostic published before an edit elsewhere; none for one that is gone', async () => {
  const uri = server.uri('later.vmm');
  const text = `${topology}migrate web to b\n`;
  await server.open(uri, text);
  const d = (await server.diagnosticsOf(uri)).find((x) => x.code === 'VMM101')!;
  // The published diagnostic carries no edits: the server works them out from its current check.
  assert.ok(!JSON.stringify(d.data).includes('newText'));
  await server.change(uri, `${text}// a note at the end\n`);
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.ok(
    actions.some((a) => a.title.startsWith('Use cold migration')),
    actions.map((a) => a.title).join('\n'),
  );
  await server.change(uri, `${topology}migrate web to b { method = cold }\n`);
  const none = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.deepEqual(none, []);
});

test('code action: "Silence VMM101 here" inserts the ignore comment, which silences it', async () => {
  const uri = server.uri('silence.vmm');
  const text = `${topology}migrate web to b\n`;
  await server.open(uri, text);
  const d = (await server.diagnosticsOf(uri)).find((x) => x.code === 'VMM101')!;
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const silence = actions.find((a) => a.title === 'Silence VMM101 here')!;
  const fixed = applyEdits(text, (silence.edit as WorkspaceEdit).changes![uri]);
  assert.ok(fixed.includes('// vmm-ignore VMM101 <reason>\nmigrate web to b'));
  await server.change(uri, fixed);
  assert.ok(!(await server.diagnosticsOf(uri)).some((x) => x.code === 'VMM101'));
});

test('hover on a migrate shows the computed estimate', async () => {
  const uri = server.uri('hover.vmm');
  const { text, position } = cursor(`${topology}mig<|>rate web to c\n`);
  await server.open(uri, text);
  const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
  const value = (hover.contents as { value: string }).value;
  // R = 10 Gbps × 90% = 9 Gbps = 1.125 GB/s; λ = 50 MB/s ÷ 1.125 GB/s = 0.0444; 16 GiB + 100 GiB disk.
  assert.match(value, /\*\*migrate\*\* 1 VM to \*\*c\*\* by live/);
  assert.match(value, /a → c, RTT 2 ms · R 9 Gbps/);
});

test('hover on an attribute shows its documentation', async () => {
  const uri = server.uri('hover-attr.vmm');
  const { text, position } = cursor(`site a\nsite b\nlink a <-> b { r<|>tt = 3ms  bandwidth = 1Gbps }\n`);
  await server.open(uri, text);
  const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
  assert.match((hover.contents as { value: string }).value, /^\*\*rtt\*\*: time \(required\)/);
});

async function complete(name: string, source: string): Promise<string[]> {
  const uri = server.uri(name);
  const { text, position } = cursor(source);
  await server.open(uri, text);
  const items = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
  return items.map((i) => i.label);
}

test('completion: attributes valid in the block, without those already set', async () => {
  const labels = await complete('c1.vmm', `${topology}vm db at a {\n  memory = 4GiB\n  <|>\n}\n`);
  assert.ok(labels.includes('vcpus') && labels.includes('dirty-rate'));
  assert.ok(!labels.includes('memory'));
  assert.ok(!labels.includes('rtt'));
});

test('completion: enum values after =, sites after at, units after a number', async () => {
  assert.deepEqual(await complete('c2.vmm', `${topology}migrate web to b { method = <|> }\n`), ['live', 'routed', 'cold', 'federate']);
  assert.deepEqual(await complete('c3.vmm', `${topology}vm db at <|>`), ['a', 'b', 'c']);
  assert.deepEqual(await complete('c4.vmm', `site x\nsite y\nlink x <-> y { rtt = 10<|> }\n`), ['ms', 's', 'm', 'min', 'h', 'd']);
  const top = await complete('c5.vmm', `${topology}<|>`);
  assert.ok(top.includes('migrate') && top.includes('vm') && top.includes('link'));
});

test('definition, references and rename of a site', async () => {
  const uri = server.uri('rename.vmm');
  const { text, position } = cursor(`${topology}migrate web to <|>b\n`);
  await server.open(uri, text);
  const definition = await server.request<Location[]>('textDocument/definition', { textDocument: { uri }, position });
  assert.deepEqual(definition[0].range, { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } });
  const refs = await server.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
  assert.equal(refs.length, 3); // site b, link a <-> b, to b
  const prepared = await server.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position });
  assert.equal(prepared.placeholder, 'b');
  const edit = await server.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'dc-b' });
  const renamed = applyEdits(text, edit.changes![uri]);
  assert.ok(renamed.includes('site dc-b\n') && renamed.includes('link a <-> dc-b {') && renamed.includes('migrate web to dc-b'));
  await assert.rejects(server.request('textDocument/rename', { textDocument: { uri }, position, newName: 'a' }), /already exists/);
});

test('formatting is a whole-document edit, and a formatted document gets none', async () => {
  const uri = server.uri('format.vmm');
  await server.open(uri, 'site a{location=1,2}\nvm w at a {\nmemory=1GiB\n}\n');
  const edits = await server.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  const formatted = applyEdits(server.texts.get(uri)!, edits);
  assert.equal(formatted, 'site a { location = 1, 2 }\nvm w at a {\n  memory = 1GiB\n}\n');
  await server.change(uri, formatted);
  assert.deepEqual(await server.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
});

test('document symbols are hierarchical; folding, semantic tokens and code lens answer', async () => {
  const uri = server.uri('symbols.vmm');
  await server.open(uri, `${topology}migrate web to c {\n  method = live\n}\n`);
  const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(
    symbols.map((s) => s.name),
    ['a', 'b', 'c', 'a <-> b', 'a <-> c', 'web', 'web → c'],
  );
  assert.deepEqual(
    symbols[5].children!.map((c) => c.name),
    ['memory', 'disk', 'dirty-rate'],
  );
  const folds = await server.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
  assert.deepEqual(folds, [{ startLine: 6, endLine: 7 }]);
  const tokens = await server.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  assert.ok(tokens.data.length > 20 && tokens.data.length % 5 === 0);
  const lenses = await server.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.equal(lenses.length, 1);
  assert.match(lenses[0].command!.title, /^1 VM · live · .* · ≈ .* · worst downtime /);
});

test('workspace symbols find declarations of open documents', async () => {
  const found = await server.request<{ name: string }[]>('workspace/symbol', { query: 'web' });
  assert.ok(found.some((s) => s.name === 'web'));
});

test('vmm/plan: a clean file gives the Markdown and JSON plan and the topology; a file with errors gives the errors', async () => {
  const uri = server.uri('plan.vmm');
  await server.open(uri, `${topology}migrate web to c { method = cold }\n`);
  const planned = await server.request<{ ok: boolean; markdown: string; json?: string; svg: string; errors: number }>('vmm/plan', { uri });
  assert.equal(planned.ok, true);
  assert.match(planned.markdown, /^# Migration plan/);
  const json = JSON.parse(planned.json!);
  assert.equal(json.waves[0].migrations[0].vm, 'web');
  assert.equal(json.waves[0].migrations[0].method, 'cold');
  assert.match(planned.svg, /<svg[\s\S]*<\/svg>\s*$/);
  const broken = server.uri('plan-broken.vmm');
  await server.open(broken, `${topology}migrate web to b\n`);
  const refused = await server.request<{ ok: boolean; markdown: string; json?: string; errors: number }>('vmm/plan', { uri: broken });
  assert.equal(refused.ok, false);
  assert.equal(refused.json, undefined);
  assert.ok(refused.errors >= 1);
  assert.match(refused.markdown, /VMM101/);
});

test('vmm/status: the profile in force, the named policies used, the counts as published, the version; it follows edits', async () => {
  const uri = server.uri('status.vmm');
  await server.open(uri, `${topology}migrate web to b\n`);
  const published = await server.diagnosticsOf(uri);
  const errors = published.filter((d) => d.severity === 1).length;
  const warnings = published.filter((d) => d.severity === 2).length;
  assert.ok(errors >= 1, JSON.stringify(published));
  type Status = { version: string; profile: string; errors: number; warnings: number; infos: number; text: string; detail: string; severity: string };
  const before = await server.request<Status>('vmm/status', { uri });
  assert.equal(before.version, JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  assert.equal(before.profile, 'metro');
  assert.deepEqual([before.errors, before.warnings, before.infos], [errors, warnings, published.length - errors - warnings]);
  assert.equal(before.severity, 'error');
  assert.match(before.text, new RegExp(`^metro · ${errors} errors?, ${warnings} warnings?`));
  assert.equal(before.detail, `profile metro (default: no policy declared) · vmm ${before.version}`);
  // A policy and a cold move: the profile changes and the errors go.
  await server.change(uri, `${topology}policy { profile = kvm }\nmigrate web to c { method = cold }\n`);
  assert.ok(!(await server.diagnosticsOf(uri)).some((d) => d.severity === 1));
  const after = await server.request<Status>('vmm/status', { uri });
  assert.equal(after.profile, 'kvm');
  assert.equal(after.errors, 0);
  assert.match(after.detail, /^profile kvm \(policy at status\.vmm:\d+\) · vmm /);
  assert.equal(await server.request('vmm/status', { uri: server.uri('not-open.vmm') }), null);
});

test('vmm/plan runs off the request path: a hover sent after it is answered before it; a cancel stops it with RequestCancelled', async () => {
  const { CancellationTokenSource } = await import('vscode-jsonrpc/node.js');
  // One intent of 3,000 VMs: the plan is built in a dozen steps, with the other requests answered between them.
  const vms = Array.from({ length: 3000 }, (_, i) => `vm v${i} at a { memory = 1GiB  disk = 1GiB }`).join('\n');
  const uri = server.uri('plan-big.vmm');
  const text = `${topology}${vms}\nmigrate v* to c { method = cold  concurrency = 4 }\n`;
  await server.open(uri, text);
  await server.diagnosticsOf(uri, 30000);
  const order: string[] = [];
  const planned = server.connection.sendRequest<{ ok: boolean }>('vmm/plan', { uri }).then((p) => {
    order.push('plan');
    return p;
  });
  const hovered = server.connection
    .sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 4 } })
    .then((h) => {
      order.push('hover');
      return h;
    });
  const [plan, hover] = await Promise.all([planned, hovered]);
  assert.equal(plan.ok, true);
  assert.ok(hover);
  assert.deepEqual(order, ['hover', 'plan']);
  // Cancelled once the server has begun: the answer is the LSP RequestCancelled error (-32800), not a plan.
  const source = new CancellationTokenSource();
  const cancelled = server.connection.sendRequest('vmm/plan', { uri }, source.token);
  setImmediate(() => source.cancel());
  await assert.rejects(cancelled, (error: { code?: number }) => error.code === -32800);
  // And the server goes on answering.
  assert.equal((await server.request<{ ok: boolean }>('vmm/plan', { uri })).ok, true);
});
