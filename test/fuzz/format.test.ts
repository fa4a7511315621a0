import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { campaign, percentile, report } from './campaign.js';
import { formatProperty, silencedInput } from './properties.js';
import { fuzzedInput, relayout, root, runsOf, samples, SEED, streamFor } from './fuzz.js';

// The format property (properties.ts): a file with syntax errors is left as it is; any other keeps
// its tokens and comments, parses, keeps its diagnostics, and formatting it again changes nothing.

test(`format: samples, their layout scrambled, and mutated samples (seed ${SEED})`, (t) => {
  const random = streamFor('format');
  const runs = runsOf(1000);
  const result = campaign(
    'format',
    (function* () {
      for (const s of samples) yield s.text;
      for (let i = 0; i < runs; i++) yield random.chance(0.6) ? relayout(random, random.pick(samples).text) : fuzzedInput(random);
    })(),
  );
  t.diagnostic(`${result.inputs} inputs, median ${percentile(result.times, 50).toFixed(1)} ms, max ${percentile(result.times, 100).toFixed(0)} ms`);
  assert.equal(result.failures.length, 0, report(result));
});

test(`format: never changes what the checker says, silenced diagnostics and block comments before declarations included (seed ${SEED})`, (t) => {
  const random = streamFor('format silenced');
  const runs = runsOf(300);
  let silenced = 0;
  const result = campaign(
    'format',
    (function* () {
      for (let i = 0; i < runs; i++) {
        const text = silencedInput(random);
        if (text.includes('// vmm-ignore')) silenced++;
        yield random.chance(0.3) ? relayout(random, text) : text;
      }
    })(),
  );
  t.diagnostic(`${result.inputs} inputs (${silenced} with vmm-ignore lines), median ${percentile(result.times, 50).toFixed(1)} ms`);
  assert.equal(result.failures.length, 0, report(result));
  assert.ok(silenced > runs / 2);
  // The case the attack found: the block comment moved under the ignore line, alone.
  const text = 'site a\nsite b\nvm w at a { memory = 4GiB }\n// vmm-ignore VMM104\n/* c */ migrate w to b';
  assert.deepEqual(formatProperty(text), []);
});

test('format --check: never changes a file, whatever it holds', () => {
  const random = streamFor('format --check');
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-format-check-'));
  try {
    const files: { name: string; bytes: Buffer }[] = [
      ...samples.map((s) => ({ name: s.name, bytes: Buffer.from(s.text) })),
      ...Array.from({ length: 12 }, (_, i) => ({ name: `relayout-${i}.vmm`, bytes: Buffer.from(relayout(random, random.pick(samples).text)) })),
      ...Array.from({ length: 12 }, (_, i) => ({ name: `mutated-${i}.vmm`, bytes: Buffer.from(fuzzedInput(random)) })),
      { name: 'crlf-bom.vmm', bytes: Buffer.from('\uFEFFsite a{\r\nlocation=1,2\r\n}\r\n') },
      { name: 'nul.vmm', bytes: Buffer.from('site a\u0000 { }\n') },
      // Not UTF-8 at all: a Latin-1 é in a comment, a lone continuation byte.
      { name: 'latin1.vmm', bytes: Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9, 0x80]), Buffer.from('\nsite a{}\n')]) },
      { name: 'empty.vmm', bytes: Buffer.alloc(0) },
    ];
    for (const f of files) writeFileSync(path.join(dir, f.name), f.bytes);
    const utf8 = files.filter((f) => f.name !== 'latin1.vmm');
    const run = spawnSync(process.execPath, [path.join(root, 'dist', 'vmm.cjs'), 'format', '--check', ...utf8.map((f) => f.name)], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    // A file that is not UTF-8 is refused (exit 2, named), not read with replacement characters.
    const latin1 = spawnSync(process.execPath, [path.join(root, 'dist', 'vmm.cjs'), 'format', '--check', 'latin1.vmm'], { cwd: dir, encoding: 'utf8' });
    assert.equal(latin1.status, 2, latin1.stderr);
    assert.match(latin1.stderr, /latin1\.vmm: not valid UTF-8/);
    for (const f of files) assert.ok(readFileSync(path.join(dir, f.name)).equals(f.bytes), `format --check changed ${f.name}`);
    // Formatted samples pass the check.
    const clean = spawnSync(process.execPath, [path.join(root, 'dist', 'vmm.cjs'), 'format', '--check', ...samples.map((s) => s.name)], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
