import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NamedEntities } from './named.js';

test('named entities: by name, the first of a name; iterated in list order like a Map', () => {
  const a = { name: 'a' };
  const b = { name: 'b' };
  const again = { name: 'a' };
  const named = NamedEntities.of([a, b, again, {}]);
  assert.equal(named.get('a'), a);
  assert.equal(named.get('b'), b);
  assert.equal(named.get('c'), undefined);
  assert.equal(named.size, 2);
  assert.deepEqual([...named.values()], [a, b]);
  assert.deepEqual(
    [...named],
    [
      ...new Map([
        ['a', a],
        ['b', b],
      ]),
    ],
  );
  assert.deepEqual([...named.keys()], ['a', 'b']);
});

test('named entities: new entities with the same names in the same order take the last index over; other names index anew', () => {
  const last = NamedEntities.of([{ name: 'a' }, { name: 'b' }]);
  const b2 = { name: 'b' };
  const next = NamedEntities.of([{ name: 'a' }, b2], last);
  assert.equal(next.positions, last.positions);
  assert.equal(next.get('b'), b2);
  assert.notEqual(last.get('b'), b2, 'the last one is unchanged');
  const renamed = NamedEntities.of([{ name: 'a' }, { name: 'c' }], next);
  assert.notEqual(renamed.positions, next.positions);
  assert.equal(renamed.get('b'), undefined);
  assert.equal(renamed.get('c')?.name, 'c');
});

test('named entities: what was replaced since the last, where the names are as they were', () => {
  const a = { name: 'a' };
  const b = { name: 'b' };
  const last = NamedEntities.of([a, b]);
  const b2 = { name: 'b' };
  assert.deepEqual(NamedEntities.of([a, b2], last).replacedSince(last), [[b, b2]]);
  assert.deepEqual(NamedEntities.of([a, b], last).replacedSince(last), []);
  assert.equal(NamedEntities.of([a, { name: 'c' }], last).replacedSince(last), undefined);
});
