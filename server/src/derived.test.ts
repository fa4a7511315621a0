import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DerivedStore } from './derived.js';

test('derived data is computed again only when an input is another object', () => {
  const store = new DerivedStore();
  const links = [1, 2];
  let runs = 0;
  const sum = (inputs: number[]) => store.derive('sum', [inputs], () => (runs++, inputs.reduce((a, b) => a + b, 0)));
  assert.equal(sum(links), 3);
  assert.equal(sum(links), 3);
  assert.equal(runs, 1);
  assert.equal(sum([1, 2, 3]), 6);
  assert.equal(runs, 2);
});

test('a computation is handed what it gave last time under its key, to bring up to date', () => {
  const store = new DerivedStore();
  const seen: (number | undefined)[] = [];
  for (const n of [1, 2, 3]) store.derive('n', [n], (previous?: { inputs: readonly unknown[]; value: number }) => (seen.push(previous?.value), n * 10));
  assert.deepEqual(seen, [undefined, 10, 20]);
  store.clear();
  store.derive('n', [3], (previous?: { inputs: readonly unknown[]; value: number }) => (seen.push(previous?.value), 0));
  assert.deepEqual(seen, [undefined, 10, 20, undefined]);
});
