// The benchmark: `npm run bench` (or `node bench/run.mjs 1000 20000` for chosen sizes).
// For each size it generates the estate (and its JSON twin), times the pipeline's phases, the
// whole `vmm check` process against a node process that only JSON.parses the twin, and peak
// memory; on the 20k file (or the largest size) it drives the real language server over stdio
// and times one-character edits to their diagnostics, completion and hover.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from './generate.mjs';
import { generateWorkbook } from './rvtools.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [1000, 10000, 20000, 40000];
const dir = '.bench';
mkdirSync(dir, { recursive: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

function files(size) {
  const base = path.join(dir, `estate-${size}`);
  if (!existsSync(`${base}.vmm`)) {
    const { vmm, json } = generate(size);
    writeFileSync(`${base}.vmm`, vmm);
    writeFileSync(`${base}.json`, json);
  }
  return { vmm: `${base}.vmm`, json: `${base}.json` };
}

function wall(command, args, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

const rows = [];
for (const size of SIZES) {
  const { vmm, json } = files(size);
  const phases = JSON.parse(execFileSync(process.execPath, ['bench/phases.mjs', vmm, '3'], { encoding: 'utf8' }));
  const cli = wall(process.execPath, ['dist/vmm.cjs', 'check', '--format', 'json', vmm]);
  const floor = wall(process.execPath, ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(json)}, 'utf8'))`]);
  const text = readFileSync(vmm, 'utf8');
  rows.push({ size, mb: (text.length / 1e6).toFixed(2), lines: text.split('\n').length, ...phases, cli: Math.round(cli), floor: Math.round(floor) });
  console.error(`measured ${size}`);
}

console.log(`\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
console.log(
  '| VMs | MB | lines | chunks | parse (fast path) | model | analysis | rules | plan | check (in process) | `vmm check` process | `JSON.parse` process | ratio | peak RSS |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.size} | ${r.mb} | ${r.lines} | ${r.chunk} ms | ${r.parse} ms (${r.fastPath}) | ${r.model} ms | ${r.analysis} ms | ${r.rules} ms | ${r.plan} ms | ${r.check} ms | ${r.cli} ms | ${r.floor} ms | ${(r.cli / r.floor).toFixed(1)}× | ${r.peakRssMB} MB |`,
  );
}
const at = (n) => rows.find((r) => r.size === n);
if (at(20000) && at(40000)) console.log(`\n40k / 20k whole check: ${(at(40000).cli / at(20000).cli).toFixed(2)}×`);

// `vmm import rvtools` on a generated RVTools workbook of each size (bench/rvtools.mjs): wall time,
// CPU time and peak RSS of the whole process (the aim: 20,000 VMs in under 10 s and 1 GB).
console.log('\n| VMs in the workbook | workbook MB | its XML MB | `vmm import rvtools` process | CPU time | peak RSS |');
console.log('|---|---|---|---|---|---|');
for (const size of SIZES) {
  const xlsx = path.join(dir, `rvtools-${size}.xlsx`);

  if (!existsSync(xlsx) || !existsSync(`${xlsx}.json`)) {
    const workbook = generateWorkbook(size);
    writeFileSync(xlsx, workbook.bytes);
    writeFileSync(`${xlsx}.json`, JSON.stringify({ inflated: workbook.inflated }));
  }
  const inflated = JSON.parse(readFileSync(`${xlsx}.json`, 'utf8')).inflated;
  const t = performance.now();
  const run = spawnSync(process.execPath, ['bench/import.mjs', xlsx, path.join(dir, `rvtools-${size}.vmm`)], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (run.status !== 0) throw new Error(`vmm import rvtools ${xlsx} failed: ${run.stderr}`);
  const usage = JSON.parse(run.stderr.trim().split('\n').pop());
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  console.log(`| ${size} | ${mb(statSync(xlsx).size)} | ${mb(inflated)} | ${Math.round(ms)} ms | ${usage.cpuMs} ms | ${usage.peakRssMB} MB |`);
}

// The language server on the 20k file (or the largest measured).
const lspSize = SIZES.includes(20000) ? 20000 : SIZES[SIZES.length - 1];
const { vmm: lspFile } = files(lspSize);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-jsonrpc/node.js');
const child = spawn(process.execPath, ['dist/server.cjs', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const published = new Map();
let waiter;
let lastDiagnostics;
connection.onNotification('textDocument/publishDiagnostics', (p) => {
  published.set(p.version, performance.now());
  lastDiagnostics = p.diagnostics;
  waiter?.();
});
connection.onRequest('workspace/configuration', () => [null]);
connection.listen();
await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} });
await connection.sendNotification('initialized', {});
const uri = pathToFileURL(path.resolve(lspFile)).href;
const text = readFileSync(lspFile, 'utf8');
const waitVersion = async (version) => {
  while (!published.has(version)) await new Promise((r) => (waiter = r));
  return published.get(version);
};
const openAt = performance.now();
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmm', version: 1, text } });
const openMs = (await waitVersion(1)) - openAt;
// One-character edits, typing a character and deleting it again, 50 in all: each edit moves
// everything after it by one character. In a VM's memory in the middle of the file (16GiB → 160GiB
// → 16GiB …), then in a VM's name (vm-010000 → vm-0100000 → …: the names change).
const lines = text.split('\n');
let version = 1;
const typeAndDelete = async (target, anchor) => {
  const times = [];
  for (let i = 0; i < 50; i++) {
    version++;
    const typing = i % 2 === 0;
    const at = lines[target].indexOf(anchor);
    const range = typing
      ? { start: { line: target, character: at }, end: { line: target, character: at } }
      : { start: { line: target, character: at - 1 }, end: { line: target, character: at } };
    lines[target] = typing ? lines[target].slice(0, at) + '0' + lines[target].slice(at) : lines[target].slice(0, at - 1) + lines[target].slice(at);
    const sent = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text: typing ? '0' : '' }],
    });
    times.push((await waitVersion(version)) - sent);
  }
  return times;
};
let typed = false;
const typeAndDeleteOnce = async (line, anchor) => {
  version++;
  const at = lines[line].indexOf(anchor);
  const range = !typed
    ? { start: { line, character: at }, end: { line, character: at } }
    : { start: { line, character: at - 1 }, end: { line, character: at } };
  lines[line] = !typed ? lines[line].slice(0, at) + '0' + lines[line].slice(at) : lines[line].slice(0, at - 1) + lines[line].slice(at);
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: typed ? '' : '0' }] });
  typed = !typed;
  await waitVersion(version);
};
const target = lines.findIndex((l, i) => i > lines.length / 2 && /^ {2}memory = \d+GiB$/.test(l));
const edits = await typeAndDelete(target, 'GiB');
const named = lines.findIndex((l, i) => i > lines.length / 2 && /^vm \S+ at /.test(l));
const renames = await typeAndDelete(named, ' at ');
const timeRequest = async (method, params, n = 20) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await connection.sendRequest(method, params);
    times.push(performance.now() - t);
  }
  return median(times);
};
const completion = await timeRequest('textDocument/completion', { textDocument: { uri }, position: { line: target, character: 2 } });
const hoverLine = lines.findIndex((l, i) => i > lines.length / 2 && l.startsWith('migrate '));
const hover = await timeRequest('textDocument/hover', { textDocument: { uri }, position: { line: hoverLine, character: 2 } });
// The lightbulb on a VMM101 (a live migration over a 35 ms link, beyond the profile's limit), every
// fix verified on a copy (spec §7): the first one after open (the copy session starts cold), then
// 20 more, each after a one-character edit, as a user types and then opens the lightbulb.
const lightbulbFor = async () => {
  const d = (lastDiagnostics ?? []).find((x) => x.code === 'VMM101');
  if (!d) throw new Error('the bench estate has no VMM101 to open the lightbulb on');
  const t = performance.now();
  const actions = await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  return { ms: performance.now() - t, titles: actions.map((a) => a.title) };
};
const farLine = lines.length;
const far = ['site bench-far', 'link s0000 <-> bench-far { rtt = 35ms  bandwidth = 10Gbps }', 'migrate vm-000005 to bench-far', ''];
version++;
await connection.sendNotification('textDocument/didChange', {
  textDocument: { uri, version },
  contentChanges: [{ range: { start: { line: farLine, character: 0 }, end: { line: farLine, character: 0 } }, text: `\n${far.join('\n')}` }],
});
lines.push('', ...far);
await waitVersion(version);
const firstBulb = await lightbulbFor();
const bulbs = [];
for (let i = 0; i < 20; i++) {
  await typeAndDeleteOnce(target, 'GiB');
  bulbs.push((await lightbulbFor()).ms);
}
const memory = await connection.sendRequest('vmm/memory').catch(() => undefined);
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
child.kill();
console.log(`\nLanguage server on the ${lspSize}-VM file (${lspFile}):\n`);
console.log('| measure | figure |');
console.log('|---|---|');
console.log(`| open to first diagnostics | ${Math.round(openMs)} ms |`);
console.log(`| one-character edit to diagnostics, median of 50 | ${Math.round(median(edits))} ms |`);
console.log(`| one-character edit to diagnostics, p95 of 50 | ${Math.round(p95(edits))} ms |`);
console.log(`| the same in a VM's name (the names change), median of 50 | ${Math.round(median(renames))} ms |`);
console.log(`| the same in a VM's name, p95 of 50 | ${Math.round(p95(renames))} ms |`);
console.log(
  `| lightbulb on a VMM101, every fix verified: the first (copy session cold) | ${Math.round(firstBulb.ms)} ms (${firstBulb.titles.length} actions) |`,
);
console.log(`| the same after a one-character edit, median of 20 | ${Math.round(median(bulbs))} ms |`);
console.log(`| the same, p95 of 20 | ${Math.round(p95(bulbs))} ms |`);
console.log(`| completion, median of 20 | ${completion.toFixed(1)} ms |`);
console.log(`| hover, median of 20 | ${hover.toFixed(1)} ms |`);
if (memory)
  console.log(
    `| server memory after the edits: heap used / live heap after a full GC / RSS | ${memory.heapUsedMB} MB / ${memory.liveHeapMB} MB / ${memory.rssMB} MB |`,
  );

// The plan of one large intent (issue 17): it scales like the check.
const { measureIntentPlans } = await import('./intent-plan.mjs');
console.log('\nOne intent of many VMs, whole processes (median of 3):\n');
console.log(measureIntentPlans([2000]).join('\n'));
