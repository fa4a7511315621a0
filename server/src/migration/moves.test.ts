import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coldCopyBytes, coldMove, copiesDisks, federateMove, liveMove, replicaFinalSync } from './moves.js';
import { precopy, type PrecopyInputs } from './precopy.js';

const GiB = 2 ** 30;
const R = 112.5e6;

function near(actual: number, expected: number, relative = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} is not ${expected}`);
}

const memory: PrecopyInputs = {
  memory: 8e9,
  roundZero: 8e9,
  dirtyRate: 0.25 * R,
  rate: R,
  finalRate: R,
  threshold: R,
  converge: 'none',
  throttleInitial: 0.2,
  throttleStep: 0.1,
  throttleMax: 0.99,
  switchover: 0,
};

test('moves: which disks are copied — `storage = move`, or local disks (no datastore) whatever the method, never on federate', () => {
  assert.equal(copiesDisks('live', 'stay', true), false);
  assert.equal(copiesDisks('live', 'move', true), true);
  assert.equal(copiesDisks('live', 'replica', true), false);
  assert.equal(copiesDisks('routed', 'stay', false), true);
  assert.equal(copiesDisks('cold', 'stay', false), true);
  assert.equal(copiesDisks('cold', 'replica', false), true);
  assert.equal(copiesDisks('federate', 'move', false), false);
});

test('moves: live with `storage = move` copies the disks first, at R, and leaves downtime to the memory pre-copy', () => {
  // pre-copy of precopy.test: 10.65625e9 bytes, 94.72 s, downtime 0.2778 s; disk 100e9 at 112.5e6 B/s = 888.89 s
  const p = precopy(memory);
  const move = liveMove({ method: 'live', disk: 100e9, copiesDisks: true, rate: R, precopy: p });
  assert.equal(move.data, 100e9 + 10.65625e9);
  assert.equal(move.diskData, 100e9);
  assert.equal(move.memoryData, 10.65625e9);
  near(move.duration, 100e9 / R + 10.65625e9 / R);
  assert.equal(move.downtime, p.downtime);
  assert.deepEqual([move.rounds, move.stop, move.converges, move.method], [4, 'threshold', true, 'live']);
  // Disks that stay add nothing.
  const stay = liveMove({ method: 'routed', disk: 100e9, copiesDisks: false, rate: R, precopy: p });
  assert.deepEqual([stay.data, stay.duration, stay.method], [p.data, p.duration, 'routed']);
});

test('moves: a pre-copy that never stops takes forever, disks or not', () => {
  const never = precopy({ ...memory, dirtyRate: R });
  const move = liveMove({ method: 'live', disk: 50e9, copiesDisks: true, rate: R, precopy: never });
  assert.deepEqual([move.duration, move.downtime, move.data, move.converges, move.stop], [Infinity, Infinity, Infinity, false, 'never']);
});

test('moves: cold copies the disks and restarts: duration = downtime = restart-time + disk ÷ R', () => {
  // 100 GiB at 112.5e6 B/s = 954.437 s, + 2 min restart = 1 074.437 s
  const move = coldMove({ disk: 100 * GiB, hasDatastore: true, storage: 'move', restartTime: 120, rate: R });
  assert.equal(move.data, 100 * GiB);
  near(move.duration, 120 + (100 * GiB) / R);
  assert.equal(move.downtime, move.duration);
  assert.deepEqual([move.rounds, move.stop, move.throttle, move.throttled, move.postcopy, move.converges, move.memoryData], [0, null, 0, 0, 0, true, 0]);
  // Local disks move whatever `storage` says.
  assert.equal(coldMove({ disk: 100 * GiB, hasDatastore: false, storage: 'stay', restartTime: 120, rate: R }).data, 100 * GiB);
  // `storage = stay` on a datastore: only the restart, and no rate is needed.
  const stay = coldMove({ disk: 100 * GiB, hasDatastore: true, storage: 'stay', restartTime: 90 });
  assert.deepEqual([stay.data, stay.duration, stay.downtime], [0, 90, 90]);
});

test('moves: cold onto a replica — the final sync of an async replica, min(change-rate × rpo, disk) ÷ R', () => {
  // change-rate 10 MB/s × rpo 15 min = 9e9 bytes (< 100 GiB): 9e9 ÷ 112.5e6 = 80 s, + 120 s restart = 200 s
  const async = { mode: 'async' as const, rpo: 900, changeRate: 10e6 };
  assert.equal(replicaFinalSync(100 * GiB, async), 9e9);
  const move = coldMove({ disk: 100 * GiB, hasDatastore: true, storage: 'replica', replica: async, restartTime: 120, rate: R });
  assert.equal(move.data, 9e9);
  near(move.duration, 200);
  // Capped at the disk: 1 GiB disk, 9e9 of changes → 1 GiB.
  assert.equal(replicaFinalSync(GiB, async), GiB);
  // 0 when the replica is synchronous, the datastore has no change-rate, or there is no replica at the target.
  assert.equal(replicaFinalSync(100 * GiB, { mode: 'sync', changeRate: 10e6 }), 0);
  assert.equal(replicaFinalSync(100 * GiB, { mode: 'async', rpo: 900 }), 0);
  assert.equal(replicaFinalSync(100 * GiB, undefined), 0);
  assert.equal(coldMove({ disk: 100 * GiB, hasDatastore: true, storage: 'replica', restartTime: 120 }).duration, 120);
  // A VM without a datastore has local disks: a replica does not apply, they are copied.
  assert.equal(coldCopyBytes({ disk: 100 * GiB, hasDatastore: false, storage: 'replica', replica: async }), 100 * GiB);
});

test('moves: a cold move that copies something needs a rate', () => {
  assert.throws(() => coldMove({ disk: GiB, hasDatastore: false, storage: 'stay', restartTime: 120 }), RangeError);
});

test('moves: federate copies nothing and takes no time', () => {
  assert.deepEqual(federateMove(), {
    method: 'federate',
    data: 0,
    diskData: 0,
    memoryData: 0,
    duration: 0,
    downtime: 0,
    converges: true,
    rounds: 0,
    stop: null,
    throttle: 0,
    throttled: 0,
    postcopy: 0,
  });
});
