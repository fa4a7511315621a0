import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../checker.js';
import { completeAt } from '../features/completion.js';
import { semanticSpans } from '../features/highlight.js';
import { outline } from '../features/outline.js';
import type { KindSpec } from '../model/kind.js';
import type { Origin } from '../model/model.js';
import { integer, ref } from '../model/schema.js';
import { fastParseChunk } from '../syntax/fast.js';
import { DocumentSession } from '../session.js';
import { vmm } from './registry.js';

// The proof that a declaration kind is one file: a kind that exists only in this test, registered
// beside the spec's, parses (both parsers), resolves its references, completes, shows in the
// outline and is highlighted, with no other code knowing of it.
interface Rack extends Origin {
  name: string;
  site?: string;
  vms: string[];
  units: number;
}

const rackKind: KindSpec = {
  keyword: 'rack',
  header: 'name-at',
  namespace: 'rack',
  doc: 'A rack of hosts at a site (a test-only kind).',
  attributes: [
    { name: 'vms', type: ref('vm', { list: true, globs: true }), doc: 'The VMs it runs.' },
    { name: 'units', type: integer(), doc: 'Rack units.', default: '42' },
  ],
  blocks: [],
  editor: { snippet: 'rack ${1:name} at ${2:site} {\n\tvms = ${3:vm}\n}', symbol: 'Struct', token: 'struct' },
  keep: true,
  build(reading, context): Rack | undefined {
    const name = reading.origin.declaration.name?.name;
    if (name === undefined) return undefined;
    const vms = (reading.values.get('vms') as { name: string; span: { start: number; end: number }; glob: boolean }[] | undefined) ?? [];
    const units = reading.values.get('units');
    return {
      ...reading.origin,
      name,
      site: context.placement(reading),
      vms: vms.flatMap((r) => context.resolve(reading.origin, r, 'vm')),
      units: typeof units === 'number' ? units : 42,
    };
  },
};

const toy = vmm.with(rackKind);
const text = 'site a\nvm web-1 at a { memory = 4GiB }\nvm web-2 at a { memory = 4GiB }\nrack r1 at a {\n  vms = web-*, nope\n  unts = 40\n}\n';
const run = (source: string) => check('/w/racks.vmm', source, { session: new DocumentSession(toy) });

test('toy kind: both parsers read it, the same way; the spec language does not know it', () => {
  const tree = toy.syntax.parse(text);
  const rack = tree.declarations.find((d) => d.kind === 'rack');
  assert.equal(rack?.name?.name, 'r1');
  assert.equal(rack?.at?.name, 'a');
  assert.deepEqual(tree.errors, []);
  const chunk = 'rack r1 at a {\n  vms = web-*\n}\n';
  assert.equal(JSON.stringify(fastParseChunk(chunk, toy.grammar)), JSON.stringify(toy.syntax.chunks.parseChunkFully(chunk)));
  assert.ok(vmm.syntax.parse(chunk).errors.length > 0, 'rack is no keyword of the spec');
});

test('toy kind: its references resolve, with the model rules of every kind (VMM002, VMM005)', () => {
  const result = run(text);
  const [rack] = (result.model.entities.get('rack') ?? []) as Rack[];
  assert.deepEqual(rack.vms, ['web-1', 'web-2']);
  assert.equal(rack.site, 'a');
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.code} ${d.message}`),
    ["VMM005 unknown vm 'nope'", "VMM002 unknown attribute 'unts' for rack (did you mean 'units'?)"],
  );
  // A second rack of the same name is VMM004, in its own namespace.
  assert.deepEqual(
    run('site a\nrack r1 at a\nrack r1 at a\nsite r1').diagnostics.map((d) => `${d.code} ${d.message}`),
    ["VMM004 duplicate rack 'r1' (first declared at racks.vmm:2)"],
  );
});

test('toy kind: completion offers its keyword, its attributes and the names they take', () => {
  const result = run(text);
  const top = completeAt(result, text.length);
  assert.ok(top.some((c) => c.label === 'rack' && c.insertText === rackKind.editor.snippet));
  const inBody = text.indexOf('  unts');
  assert.deepEqual(
    completeAt(result, inBody)
      .map((c) => c.label)
      .sort(),
    ['units'], // vms is written already; the half-typed unts under the cursor is being replaced
  );
  const source = 'site a\nvm web-1 at a { memory = 4GiB }\nrack r2 at a { vms = ';
  assert.deepEqual(
    completeAt(run(source), source.length).map((c) => c.label),
    ['web-1'],
  );
});

test('toy kind: the outline shows it by its symbol, and its name is highlighted by its token', () => {
  const result = run(text);
  const item = outline(result).find((o) => o.detail === 'rack');
  assert.equal(item?.name, 'r1');
  assert.equal(item?.symbol, 'Struct');
  const name = text.indexOf('r1');
  const spans = semanticSpans(result);
  assert.deepEqual(
    spans.find((s) => s.start === name),
    { start: name, end: name + 2, type: 'struct', declaration: true },
  );
  const keyword = text.indexOf('rack');
  assert.equal(spans.find((s) => s.start === keyword)?.type, 'keyword');
  const reference = text.indexOf('web-*');
  assert.equal(spans.find((s) => s.start === reference)?.type, 'class');
});
