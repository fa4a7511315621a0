import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { vmm } from '../language/registry.js';
import { fastParseChunk as fastParse } from './fast.js';

const fastParseChunk = (text: string) => fastParse(text, vmm.grammar);
const parseChunkFully = (text: string) => vmm.syntax.chunks.parseChunkFully(text);
const chunkStarts = (text: string) => vmm.syntax.chunkStarts(text);

const samples = path.join(fileURLToPath(new URL('../../../../', import.meta.url)), 'samples');
const texts = readdirSync(samples)
  .filter((f) => f.endsWith('.vmm'))
  .map((f) => ({ name: f, text: readFileSync(path.join(samples, f), 'utf8') }));

function chunksOf(text: string): string[] {
  const starts = chunkStarts(text);
  return starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length));
}

/** The fast path's tree, which must be there and be the full parser's, key order included. */
function same(chunk: string): void {
  const fast = fastParseChunk(chunk);
  assert.ok(fast, `the fast path gave up on a well-formed chunk:\n${chunk}`);
  const full = parseChunkFully(chunk);
  assert.equal(JSON.stringify(fast), JSON.stringify(full), `the trees differ on:\n${chunk}`);
  // The same classes too (the lean nodes of ast.ts), not only the same fields.
  assert.deepEqual(fast, full, `the trees' nodes differ on:\n${chunk}`);
}

test('fast path: reads every declaration of the clean samples, exactly as the full parser does', () => {
  let read = 0;
  for (const { name, text } of texts) {
    if (parseChunkFully(text).errors.length > 0) continue;
    for (const chunk of chunksOf(text)) {
      same(chunk);
      read++;
    }
    assert.ok(read > 0, name);
  }
  assert.ok(read > 50, `only ${read} chunks read`);
});

test('fast path: every construct of the grammar', () => {
  same('import "topology.vmm"\n');
  same('policy { profile = vmware-metro; max-downtime = 2s }\npolicy strict {\n  max-rtt = 5ms\n}\n');
  same('// estate\nsite dc-a { location = 48.85, -2.35  region = "eu \\"west\\"" capacity { memory = 2TiB; vcpus = 512 } }\n');
  same('link dc-a <-> dc-b {\n  rtt = 4ms /* measured */\n  bandwidth = 10Gbps\n  share = 50%\n  encrypted = true\n}\n');
  same('datastore ds1 at dc-a { replication { target = ds2  mode = async  rpo = 15min } }\n');
  same('vm web-01 at dc-a {\n  memory = 16GiB\n  dirty-rate = 200MB/s\n  site = dc-a\n  depends-on = db-*, cache\n}\n');
  same('service shop { vms = web-*, api-01; load-balancer = anycast }\n');
  same('migrate web-*, service shop, api-01 to dc-b {\n  method = cold\n  window = 2h\n}\n');
  same('site a site b\n;\nvm x at a\n');
  same('site a { block label { x = 1 } }\n');
  same('\uFEFFsite a {}\n');
});

test('fast path: leaves to the full parser what only it reads right', () => {
  for (const chunk of [
    'vm a at b { memory = 10 GiB }', // a unit apart from its number
    'vm a at b { share = 50 % }',
    'vm a at b { dirty-rate = 10 MB/s }',
    'vm a at b { memory = }', // a missing value
    'vm a at b { memory 4GiB }', // a missing =
    'vm a at b { memory = 4GiB', // a missing }
    'site site { }', // a keyword as a name
    'migrate vm, network to b',
    'vm a at b { network = vm }', // a keyword as a value
    'site a { x = "open }',
    'site a /* open',
    'site a { x = é }',
    'site a { x = 1.x }',
    'policy\nsite b {}', // a keyword on the next line
    'vm a at b { site { } }',
    `site a ${'{ b '.repeat(20)}${'}'.repeat(20)}`, // deep nesting
  ]) {
    assert.equal(fastParseChunk(chunk), undefined, chunk);
  }
});

test('strings: an escaped backslash before the closing quote is a backslash, in both parsers', () => {
  const chunk = 'site a { region = "eu\\\\" }';
  same(chunk);
  const value = fastParseChunk(chunk)!.declarations[0].body!.items[0];
  assert.equal(value.kind === 'attribute' && value.values[0].kind === 'string' ? value.values[0].value : undefined, 'eu\\');
  // Unterminated (only the full parser reads it): everything after the quote, escapes read.
  const open = parseChunkFully('site a { region = "eu\\"x }');
  const item = open.declarations[0].body!.items[0];
  assert.equal(item.kind === 'attribute' && item.values[0].kind === 'string' ? item.values[0].value : undefined, 'eu"x }');
});
