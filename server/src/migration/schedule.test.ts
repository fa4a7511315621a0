import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillSlots, makespan } from './schedule.js';

test('schedule: c slots filled in target-list order, each migration in the slot that frees first', () => {
  // slots of 2: a(10) → 0 [0,10], b(4) → 1 [0,4], c(3) → 1 [4,7], d(5) → 1 [7,12], e(1) → 0 [10,11] → makespan 12
  const slots = fillSlots([10, 4, 3, 5, 1], 2);
  assert.deepEqual(
    slots.migrations.map((m) => [m.slot, m.start, m.end]),
    [
      [0, 0, 10],
      [1, 0, 4],
      [1, 4, 7],
      [1, 7, 12],
      [0, 10, 11],
    ],
  );
  assert.equal(slots.makespan, 12);
  // A tie goes to the lowest-numbered slot.
  assert.deepEqual(
    fillSlots([5, 5, 5], 2).migrations.map((m) => m.slot),
    [0, 1, 0],
  );
});

test('schedule: one slot (HCX’s cap) runs them one after another; more slots than migrations', () => {
  assert.equal(makespan([10, 4, 3], 1), 17);
  assert.equal(makespan([10, 4, 3], 8), 10);
  assert.equal(makespan([], 3), 0);
});

test('schedule: the order of the target list matters', () => {
  // [1, 1, 10] in 2 slots: 1 → 0, 1 → 1, 10 → 0 at 1 → 11; [10, 1, 1]: 10 → 0, 1 → 1, 1 → 1 at 1 → 10
  assert.equal(makespan([1, 1, 10], 2), 11);
  assert.equal(makespan([10, 1, 1], 2), 10);
});

test('schedule: a migration that never stops makes the intent take forever', () => {
  const slots = fillSlots([Infinity, 4, 6], 2);
  assert.equal(slots.makespan, Infinity);
  // The others still run in the free slot.
  assert.deepEqual(
    slots.migrations.map((m) => [m.slot, m.start, m.end]),
    [
      [0, 0, Infinity],
      [1, 0, 4],
      [1, 4, 10],
    ],
  );
  // With one slot, everything behind it starts never.
  assert.deepEqual(
    fillSlots([Infinity, 4], 1).migrations.map((m) => m.start),
    [0, Infinity],
  );
});
