/**
 * One VM's move by each method (spec §6 "Disks, cold, federate"): disk copies, the live or routed
 * pre-copy on top of them, cold's restart and copy (or final sync of an asynchronous replica), and
 * federate, which copies nothing. Canonical units: bytes, bytes/s, seconds.
 */
import type { Precopy, Stop } from './precopy.js';

export type Method = 'live' | 'routed' | 'cold' | 'federate';
export type Storage = 'stay' | 'move' | 'replica';

/** The replica of the VM's datastore on a datastore at the target site. */
export interface TargetReplica {
  mode: 'sync' | 'async';
  /** seconds (async only) */
  rpo?: number;
  /** bytes/s: the `change-rate` of the VM's datastore; undefined: none */
  changeRate?: number;
}

/** The figures of one VM's move, as the plan's JSON gives them. */
export interface Move {
  method: Method;
  /** bytes sent: disks (or the replica's final sync) and memory; Infinity when pre-copy never stops */
  data: number;
  /** bytes of disk copied, or of a replica's final sync */
  diskData: number;
  /** bytes of memory sent (pre-copy and post-copy); 0 for cold and federate */
  memoryData: number;
  /** seconds; Infinity when pre-copy never stops */
  duration: number;
  /** seconds the VM is unavailable */
  downtime: number;
  converges: boolean;
  rounds: number;
  /** null for cold and federate */
  stop: Stop | null;
  throttle: number;
  throttled: number;
  postcopy: number;
  /** live and routed only */
  precopy?: Precopy;
}

/**
 * Whether the disks are copied: `storage = move`, or a VM with no datastore, whose local disks always
 * move whatever the method or `storage` (federate excepted: it copies nothing).
 */
export function copiesDisks(method: Method, storage: Storage, hasDatastore: boolean): boolean {
  return method !== 'federate' && (!hasDatastore || storage === 'move');
}

/**
 * Cold with `storage = replica`: the final sync of an asynchronous replica, min(change-rate × rpo,
 * disk); 0 when the replica is synchronous, the datastore has no change-rate, or there is no replica
 * at the target (`replica` undefined).
 */
export function replicaFinalSync(disk: number, replica: TargetReplica | undefined): number {
  if (replica === undefined || replica.mode === 'sync' || replica.changeRate === undefined) return 0;
  return Math.min(replica.changeRate * (replica.rpo ?? 0), disk);
}

/** bytes ÷ rate, 0 when nothing is sent (whatever the rate, so a move that copies nothing needs no path). */
function transferTime(bytes: number, rate: number | undefined): number {
  if (bytes === 0) return 0;
  if (rate === undefined) throw new RangeError('a move that copies something needs a rate');
  return bytes / rate;
}

export interface LiveMoveInputs {
  method: 'live' | 'routed';
  /** bytes */
  disk: number;
  /** copiesDisks(…) */
  copiesDisks: boolean;
  /** R, bytes/s: disks are copied at R */
  rate: number;
  /** the memory pre-copy, from precopy(…) */
  precopy: Precopy;
}

/** Live or routed: disks that move are copied first (disk to data, disk ÷ R to duration), then the memory pre-copy. */
export function liveMove(inputs: LiveMoveInputs): Move {
  const { precopy } = inputs;
  const diskData = inputs.copiesDisks ? inputs.disk : 0;
  return {
    method: inputs.method,
    data: diskData + precopy.data,
    diskData,
    memoryData: precopy.data,
    duration: transferTime(diskData, inputs.rate) + precopy.duration,
    downtime: precopy.downtime,
    converges: precopy.converges,
    rounds: precopy.rounds,
    stop: precopy.stop,
    throttle: precopy.throttle,
    throttled: precopy.throttled,
    postcopy: precopy.postcopy,
    precopy,
  };
}

export interface ColdMoveInputs {
  /** bytes */
  disk: number;
  hasDatastore: boolean;
  storage: Storage;
  /** the replica at the target, when the VM's datastore has one there */
  replica?: TargetReplica;
  /** seconds: the VM's `restart-time`, else its policy's */
  restartTime: number;
  /** R, bytes/s; only read when something is copied */
  rate?: number;
}

/** The bytes a cold move copies: the disks when they move, a replica's final sync with `storage = replica`, else 0. */
export function coldCopyBytes(inputs: Pick<ColdMoveInputs, 'disk' | 'hasDatastore' | 'storage' | 'replica'>): number {
  if (copiesDisks('cold', inputs.storage, inputs.hasDatastore)) return inputs.disk;
  if (inputs.storage === 'replica') return replicaFinalSync(inputs.disk, inputs.replica);
  return 0;
}

/** Cold: the VM is shut down, so no memory is copied; duration = downtime = restart-time + copy. */
export function coldMove(inputs: ColdMoveInputs): Move {
  const bytes = coldCopyBytes(inputs);
  const time = inputs.restartTime + transferTime(bytes, inputs.rate);
  return { ...nothingMoved('cold'), data: bytes, diskData: bytes, duration: time, downtime: time };
}

/** Federate: nothing is copied; time and downtime 0 (new instances start at the target). */
export function federateMove(): Move {
  return nothingMoved('federate');
}

function nothingMoved(method: 'cold' | 'federate'): Move {
  return {
    method,
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
  };
}
