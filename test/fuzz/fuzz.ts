/**
 * The fuzz kit: a seeded PRNG, a token-level mutator over the samples, generators of hostile
 * inputs, and a delta-debugging shrinker. No dependency: a failure is reproduced from its seed,
 * and its shrunk input is kept under test/fuzz/regressions/ and replayed by every run.
 *
 * `VMM_FUZZ_SEED` picks the seed (CI uses the fixed default) and `VMM_FUZZ_RUNS` the number of
 * mutated inputs of the check property; the other properties scale with it (docs/robustness.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vmm } from '../../server/src/language/registry.js';
import { unitNames } from '../../server/src/model/units.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const samplesDir = path.join(root, 'samples');
export const regressionsDir = path.join(root, 'test', 'fuzz', 'regressions');

/** The seed of this run: fixed in CI, so that a red build is the same red build on every machine. */
export const SEED = Number(process.env.VMM_FUZZ_SEED ?? 20251126) >>> 0;
/** Mutated inputs the check property tries by default (the CI budget); VMM_FUZZ_RUNS replaces it. */
export const DEFAULT_RUNS = 1200;
const RUNS = process.env.VMM_FUZZ_RUNS ? Math.max(1, Number(process.env.VMM_FUZZ_RUNS)) : DEFAULT_RUNS;

/** A property's number of inputs: its CI default, scaled as VMM_FUZZ_RUNS scales the check property's. */
export function runsOf(ciDefault: number): number {
  return Math.max(1, Math.round((ciDefault * RUNS) / DEFAULT_RUNS));
}

/** sfc32 seeded through splitmix32: small, fast and good enough to spread mutations. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.uint32() / 2 ** 32) * n);
  }

  chance(p: number): boolean {
    return this.uint32() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** A stream of its own for each test, so that adding a test does not change another's inputs. */
export function streamFor(name: string): Random {
  let h = SEED ^ 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return new Random(h);
}

export interface Sample {
  name: string;
  text: string;
}

export const samples: Sample[] = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.vmm'))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(samplesDir, name), 'utf8') }));

// Pieces of text the mutator moves around: comments, strings, quantities, names, punctuation,
// whitespace, and any other single code point. Coarser than the lexer on purpose, so that it
// cuts text the lexer rejects as well.
const PIECE =
  /\s+|\/\/[^\r\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\r\n]|\\.)*"?|<->|-?[0-9]+(?:\.[0-9]+)?(?:%|[A-Za-z_][A-Za-z0-9_]*(?:\/s)?)?|[A-Za-z_][A-Za-z0-9_.-]*\*?|[\s\S]/gu;

export function pieces(text: string): string[] {
  return text.match(PIECE) ?? [];
}

const isBlank = (piece: string) => /^\s+$/.test(piece);

/** Strange text: astral characters, right-to-left runs and overrides, combining marks, zero widths, lone surrogates, controls. */
export function randomUnicode(random: Random, length = 1 + random.int(12)): string {
  const ranges: [number, number][] = [
    [0x1d400, 0x1d7ff], // mathematical alphanumerics (astral, surrogate pairs)
    [0x1f300, 0x1faff], // emoji
    [0x0590, 0x05ff], // Hebrew
    [0x0600, 0x06ff], // Arabic
    [0x0300, 0x036f], // combining marks
    [0x200b, 0x200f], // zero width, LRM, RLM
    [0x202a, 0x202e], // bidi embeddings and overrides
    [0x2066, 0x2069], // bidi isolates
    [0x2028, 0x2029], // line and paragraph separators
    [0xd800, 0xdfff], // lone surrogates
    [0x0000, 0x001f], // controls, NUL included
    [0x00a0, 0x00ff], // Latin-1, NBSP
    [0xfeff, 0xfeff], // BOM inside the text
    [0xfffd, 0xffff], // replacement character, non-characters
    [0x4e00, 0x4fff], // CJK
  ];
  let s = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = random.pick(ranges);
    s += String.fromCodePoint(lo + random.int(hi - lo + 1));
  }
  return s;
}

const keywords = [...vmm.keywords, 'to', 'at'];
const punctuation = ['{', '}', '=', ',', ';', '<->', '*', '%', '"', '/*', '*/', '//', '\\', '<', '-', '.', '/s', '\n', '\r\n', '\r', '\t'];
const schemaWords = vmm.kinds.flatMap((d) => [
  ...d.attributes.map((a) => a.name),
  ...d.blocks.flatMap((b) => [b.name, ...b.attributes.map((a) => a.name)]),
  ...d.attributes.flatMap((a) => (a.type.kind === 'enum' ? [...a.type.values] : [])),
]);
const numbers = [
  '0',
  '-0',
  '1',
  '-1',
  '0.5',
  '1.',
  '.5',
  '00012',
  '65535',
  '576',
  '9'.repeat(400),
  '1' + '0'.repeat(320),
  '0.' + '0'.repeat(400) + '1',
  '-999999999999',
];
const strange = [
  'true',
  'false',
  'anycast',
  'NaN',
  'Infinity',
  'undefined',
  'null',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'web-*',
  '*',
  'x*y',
  '"unterminated',
  '"a\\"b"',
  '"\\\\"',
  '""',
  '/* open',
  '// vmm-ignore VMM101',
  '// vmm-ignore VMM001 VMM003',
  'import "topology.vmm"',
  'import "../../etc/passwd"',
  'import "nowhere.vmm"',
];

/** Tokens the mutator inserts: the language's own words, units and numbers, every piece of the samples, and hostile ones. */
export const dictionary: string[] = [
  ...new Set([
    ...keywords,
    ...punctuation,
    ...schemaWords,
    ...unitNames,
    ...unitNames.map((u) => `10${u}`),
    ...numbers,
    ...numbers.flatMap((n) => [`${n}ms`, `${n}GiB`, `${n}Gbps`, `${n}%`, `${n}km`]),
    ...strange,
    ...samples.flatMap((s) => pieces(s.text).filter((p) => !isBlank(p) && p.length < 200)),
  ]),
];

export type Mutation = 'truncate' | 'insert' | 'delete' | 'swap' | 'duplicate' | 'replace' | 'unicode' | 'split' | 'line-endings' | 'nul';

/** One random mutation of a piece list, in place. */
function mutateOnce(random: Random, list: string[]): Mutation {
  const code = () => {
    const indexes = list.map((p, i) => (isBlank(p) ? -1 : i)).filter((i) => i >= 0);
    return indexes.length ? random.pick(indexes) : random.int(list.length);
  };
  const kind = random.pick<Mutation>([
    'truncate',
    'insert',
    'insert',
    'delete',
    'delete',
    'swap',
    'duplicate',
    'replace',
    'replace',
    'unicode',
    'split',
    'line-endings',
    'nul',
  ]);
  switch (kind) {
    case 'truncate':
      list.splice(random.int(list.length + 1));
      break;
    case 'insert':
      list.splice(random.int(list.length + 1), 0, ...(random.chance(0.5) ? [' ', random.pick(dictionary), ' '] : [random.pick(dictionary)]));
      break;
    case 'delete':
      list.splice(code(), 1 + random.int(random.chance(0.2) ? 20 : 3));
      break;
    case 'swap': {
      const i = code();
      const j = code();
      [list[i], list[j]] = [list[j], list[i]];
      break;
    }
    case 'duplicate': {
      const start = random.int(list.length);
      const run = list.slice(start, start + 1 + random.int(60));
      list.splice(random.int(list.length + 1), 0, ...run);
      break;
    }
    case 'replace':
      if (list.length) list[code()] = random.pick(dictionary);
      break;
    case 'unicode':
      list.splice(random.int(list.length + 1), 0, randomUnicode(random));
      break;
    case 'split': {
      // Cut inside a piece: a half-typed word, a string cut in two, a surrogate pair split.
      const i = code();
      const p = list[i] ?? '';
      const at = random.int(p.length + 1);
      list.splice(i, 1, p.slice(0, at), random.chance(0.5) ? '' : random.pick(dictionary), p.slice(at));
      break;
    }
    case 'line-endings': {
      const eol = random.pick(['\r\n', '\r', '\n', '\u2028']);
      for (let i = 0; i < list.length; i++) if (isBlank(list[i])) list[i] = list[i].replace(/\r\n|\r|\n/g, eol);
      if (random.chance(0.3)) list.unshift('\uFEFF');
      break;
    }
    case 'nul':
      list.splice(random.int(list.length + 1), 0, '\u0000'.repeat(1 + random.int(3)));
      break;
  }
  return kind;
}

/** A sample mutated 1–6 times (rarely up to 40): what an editor holds between keystrokes, and worse. */
export function mutate(random: Random, text: string): string {
  const list = pieces(text);
  const count = random.chance(0.05) ? 10 + random.int(30) : 1 + random.int(6);
  for (let i = 0; i < count; i++) mutateOnce(random, list);
  return list.join('');
}

/** A random input: a mutated sample, now and then two samples spliced together or one made of dictionary tokens alone. */
export function fuzzedInput(random: Random): string {
  const r = random.int(100);
  if (r < 85) return mutate(random, random.pick(samples).text);
  if (r < 95) {
    const a = pieces(random.pick(samples).text);
    const b = pieces(random.pick(samples).text);
    return mutate(random, [...a.slice(0, random.int(a.length)), ...b.slice(random.int(b.length))].join(''));
  }
  const list: string[] = [];
  for (let i = 0, n = random.int(200); i < n; i++)
    list.push(random.chance(0.1) ? randomUnicode(random) : random.pick(dictionary), random.pick([' ', ' ', '\n', '']));
  return list.join('');
}

/**
 * A sample with its layout scrambled and tokens kept: blanks become other blanks (none, spaces,
 * tabs, blank lines, any line ending) and comments appear between tokens. Most such texts still
 * parse, which is what the formatter needs to be tried on.
 */
export function relayout(random: Random, text: string): string {
  const blanks = ['', ' ', '  ', '\t', '\n', '\n\n\n', '\r\n', '\r', ' \n  ', '\n\t\t', ' /* note */ ', ' // note\n', '\n// note\n\n', '/**/', ' ;'];
  const eol = random.pick(['\n', '\r\n', '\r']);
  const list = pieces(text).map((p) => (isBlank(p) && random.chance(0.3) ? random.pick(blanks) : p).replace(/\r\n|\r|\n/g, eol));
  return (random.chance(0.1) ? '\uFEFF' : '') + list.join('');
}

/** Inputs every run tries, whatever the seed: deep nesting, long lines and names, line endings, BOM, NUL. */
export function hostileInputs(): { name: string; text: string }[] {
  const topology = samples.find((s) => s.name === 'topology.vmm')!.text;
  const inputs = [
    { name: 'empty', text: '' },
    { name: 'only a BOM', text: '\uFEFF' },
    { name: 'only NUL bytes', text: '\u0000'.repeat(1000) },
    { name: '5000 unclosed {', text: 'site a ' + '{ b '.repeat(5000) },
    { name: '5000 nested blocks, closed', text: 'site a { ' + 'b { '.repeat(5000) + '}'.repeat(5001) },
    { name: '5000 { after =', text: 'site a { region = ' + '{'.repeat(5000) },
    { name: '5000 { at the top', text: '{'.repeat(5000) + '}'.repeat(5000) },
    { name: '5000 } at the top', text: '}'.repeat(5000) },
    { name: '20000 nested braces in a migrate', text: 'site a\nvm w at a\nmigrate w to a ' + '{ x '.repeat(20000) + '}'.repeat(20000) },
    { name: 'a 1 MB line of attributes', text: 'site a { ' + 'region = "r" '.repeat(80000) + '}' },
    { name: 'a 1 MB name', text: 'site ' + 'a'.repeat(1 << 20) + ' {}\nvm w at ' + 'a'.repeat(1 << 20) + 'b' },
    { name: 'a 1 MB string', text: 'site a { region = "' + 'x'.repeat(1 << 20) + '" }' },
    { name: 'a 1 MB unterminated string', text: 'site a { region = "' + 'x'.repeat(1 << 20) },
    { name: 'a 1 MB comment line', text: '// ' + 'x'.repeat(1 << 20) + '\nsite a' },
    { name: 'a 1 MB unterminated block comment', text: 'site a /* ' + 'x\n'.repeat(1 << 19) },
    { name: 'a 100k-digit quantity', text: 'site a\nvm w at a { memory = ' + '9'.repeat(100000) + 'GiB }' },
    { name: 'a 100k-digit number', text: 'site a { location = ' + '9'.repeat(100000) + ', 1 }' },
    { name: 'a 100k-digit fraction', text: 'site a\nlink a <-> b { rtt = 0.' + '0'.repeat(100000) + '1ms  bandwidth = 1Gbps }\nsite b' },
    { name: '10000 unknown names', text: 'site a\n' + Array.from({ length: 10000 }, (_, i) => `vm v${i} at a { depends-on = x${i} }`).join('\n') },
    {
      name: 'a 1 MB line of declarations',
      text:
        'site a site b link a <-> b { rtt = 1ms  bandwidth = 1Gbps } ' +
        Array.from({ length: 20000 }, (_, i) => `vm v${i} at a { memory = 1GiB  disk = 10GB } `).join('') +
        'migrate v* to b',
    },
    {
      name: 'a network over 10000 sites',
      text:
        Array.from({ length: 10000 }, (_, i) => `site s${i}`).join('\n') +
        '\nnetwork n { sites = ' +
        Array.from({ length: 10000 }, (_, i) => `s${i}`).join(', ') +
        ' }',
    },
    { name: '10000 targets', text: 'site a\nsite b\n' + 'migrate ' + Array.from({ length: 10000 }, (_, i) => `w${i}*`).join(', ') + ' to b' },
    { name: '10000 values', text: 'site a\nnetwork n { sites = ' + Array.from({ length: 10000 }, () => 'a').join(', ') + ' }' },
    { name: 'astral names and strings', text: 'site 𝓐 { region = "𝓐𝓑" }\nvm 😀 at 𝓐\n' },
    { name: 'right-to-left', text: 'site a { region = "\u202Eevil\u202C" } // \u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD\nvm \u202Eb at a' },
    { name: 'combining marks', text: 'site a\u0301\u0302 { region = "e\u0301" }\nvm a\u0308 at a' },
    { name: 'lone surrogates', text: 'site a { region = "\uD800" }\n\uDC00 vm w at a' },
    { name: 'an astral character at the end of a long run', text: 'site a ' + 'é'.repeat(19) + '𝓐' + 'x'.repeat(30) },
    { name: 'line and paragraph separators', text: 'site a\u2028site b\u2029link a <-> b { rtt = 1ms\u2028bandwidth = 1Gbps }' },
  ];
  for (const s of samples) {
    inputs.push({ name: `${s.name} with CRLF`, text: s.text.replace(/\n/g, '\r\n') });
    inputs.push({ name: `${s.name} with CR`, text: s.text.replace(/\n/g, '\r') });
    inputs.push({ name: `${s.name} with a BOM and CRLF`, text: '\uFEFF' + s.text.replace(/\n/g, '\r\n') });
    inputs.push({ name: `${s.name} with NUL bytes`, text: s.text.replace(/\n\n/g, '\n\u0000\n') });
    inputs.push({
      name: `${s.name} with mixed line endings`,
      text: s.text
        .split('\n')
        .map((l, i) => l + ['\n', '\r\n', '\r'][i % 3])
        .join(''),
    });
  }
  inputs.push({ name: 'topology with tabs and no newlines', text: topology.replace(/\n/g, '\t') });
  return inputs;
}

/** A valid estate of about `bytes`: a chain of sites with links, networks, datastores, VMs and intents, in the samples' shapes. */
export function largeEstate(bytes: number): string {
  const out: string[] = ['policy { profile = vmware-long-distance }'];
  let size = 0;
  let i = 0;
  for (; size < bytes; i++) {
    const s = `s${i}`;
    const next = `s${i + 1}`;
    const block = [
      `site ${s} {\n  location = ${(i % 170) * 0.5 - 85}, ${(i % 350) * 0.5 - 175}\n  capacity { memory = 4TiB  vcpus = 1024 }\n}`,
      `link ${s} <-> ${next} {\n  rtt = 4ms\n  bandwidth = 10Gbps\n  l2-extension = vxlan-evpn\n  mtu = 9000\n}`,
      `network n${i} {\n  sites = ${s}, ${next}\n  gateway = anycast\n}`,
      `datastore d${i} at ${s} {\n  replication { target = d${i + 1}  mode = async  rpo = 15min }\n}`,
      ...Array.from(
        { length: 10 },
        (_, j) => `vm v${i}-${j} at ${s} {\n  memory = ${4 + j}GiB\n  disk = 80GB\n  datastore = d${i}\n  network = n${i}\n  dirty-rate = ${j * 10}MB/s\n}`,
      ),
      `migrate v${i}-* to ${next} {\n  method = ${['live', 'cold', 'routed'][i % 3]}\n  concurrency = 2\n  window = 4h\n}`,
    ].join('\n\n');
    out.push(block);
    size += block.length + 2;
  }
  out.push(`site s${i}\ndatastore d${i} at s${i}\n`);
  return out.join('\n\n');
}

/**
 * Delta debugging (ddmin) over pieces, then over characters: the smallest input that still fails
 * the same way. `fails` must be deterministic; it is called at most `budget` times.
 */
export function shrink(input: string, fails: (candidate: string) => boolean, budget = 3000): string {
  let calls = 0;
  const test = (candidate: string) => calls++ < budget && fails(candidate);
  const ddmin = (units: string[]): string[] => {
    let n = 2;
    while (units.length >= 2 && calls < budget) {
      const chunk = Math.ceil(units.length / n);
      let reduced = false;
      for (let i = 0; i < units.length; i += chunk) {
        const complement = [...units.slice(0, i), ...units.slice(i + chunk)];
        if (test(complement.join(''))) {
          units = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (n >= units.length) break;
        n = Math.min(units.length, n * 2);
      }
    }
    return units;
  };
  let best = ddmin(pieces(input)).join('');
  if (best.length <= 4000) best = ddmin(Array.from(best)).join('');
  return best;
}
