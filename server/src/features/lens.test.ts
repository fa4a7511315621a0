import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { codeLenses } from './lens.js';

const estate = [
  'site a',
  'site b',
  'link a <-> b { rtt = 2ms; bandwidth = 10Gbps; l2-extension = vxlan-evpn }',
  'vm web at a { memory = 8GiB }',
  'vm cache at a { memory = 4GiB }',
  'vm db at a { memory = 16GiB; disk = 100GiB }',
].join('\n');

/** The lens titles, each with the text of the line it stands above. */
function lenses(text: string): string[][] {
  const result = checkText(text);
  const lines = text.split('\n');
  return codeLenses(result).map((l) => {
    const range = result.file.lines.range(l.span.start, l.span.end);
    return [lines[range.start.line].slice(range.start.character, range.end.character), l.title];
  });
}

test('code lens: each migrate shows its VMs, method, data, time and worst downtime', () => {
  assert.deepEqual(lenses(`${estate}\nmigrate web, cache to b { method = live; concurrency = 2 }\nmigrate db to b { method = cold }`), [
    ['migrate web, cache to b', '2 VMs · live · 12 GiB · ≈ 15.3 s · worst downtime 0 s'],
    ['migrate db to b', '1 VM · cold · 100 GiB · ≈ 3 m 35 s · worst downtime 3 m 35 s'],
  ]);
});

test('code lens: a migrate with nothing to move, or no estimate, says so', () => {
  assert.deepEqual(lenses(`${estate}\nsite c\nmigrate web to a\nmigrate db to c`), [
    ['migrate web to a', 'nothing to move'],
    ['migrate db to c', '1 VM · no estimate (see the problems)'],
  ]);
});

test('code lens: each names its intent, for "Show Estimate"', () => {
  const result = checkText(`${estate}\nmigrate web to b\nmigrate db to b`);
  assert.deepEqual(
    codeLenses(result).map((l) => l.intent),
    [0, 1],
  );
});
