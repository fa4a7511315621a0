import { sameItems, type Derive } from '../derived.js';
import type { Intent, Method, Model, Policy, Vm } from '../model/model.js';
import { PathFinder, type Path } from '../model/paths.js';
import { coldMove, copiesDisks, federateMove, liveMove, type Move, type TargetReplica } from './moves.js';
import { precopy, precopyInputs } from './precopy.js';
import { concurrentMigrations, migrationRates, type Rates } from './rates.js';
import { makespan } from './schedule.js';

/** One VM's move as the model of spec §6 estimates it, with the rates it ran at. */
export interface Estimate extends Move {
  vm: string;
  /** R, bytes/s (0 for a move without a path: federate) */
  rate: number;
  rates?: Rates;
}

/** One VM of one intent, with where it goes and what it costs. */
export interface Migration {
  intent: Intent;
  vm: Vm;
  from?: string;
  to?: string;
  /** Undefined when the sites are not joined (VMM104) or a site is unknown. */
  path?: Path;
  estimate?: Estimate;
}

export interface IntentAnalysis {
  intent: Intent;
  migrations: Migration[];
  /** c = min(concurrency, VMs in the intent, the profile's concurrency cap), at least 1 */
  concurrent: number;
  /** Makespan in seconds (Infinity when a migration never stops); undefined when a migration has no estimate. */
  duration?: number;
}

export interface Analysis {
  paths: PathFinder;
  intents: IntentAnalysis[];
  byVm: Map<string, Migration>;
}

/** Estimates every intent as written, and can re-estimate it with another method (for the fixes' costs). */
export function analyse(model: Model, derive: Derive): Analysis {
  // Paths depend on the links alone: kept while every link is the same object.
  const paths = derive('paths', model.links, () => new PathFinder(model));
  // An intent's estimates are taken over from the last check while everything they read is the
  // same: its declaration and what its build made of it (targets, method, policy, …), the paths,
  // each VM, its datastore and that one's replica. (The builder makes each intent anew: the figures
  // are carried to the new one.)
  const kept = derive<{ before: Map<unknown, Kept>; now: Map<unknown, Kept> }>('intent-analyses', [model], (previous) => ({
    before: previous?.value.now ?? new Map(),
    now: new Map(),
  }));
  const byVm = new Map<string, Migration>();
  const intents = model.intents.map((intent) => {
    const reads = readsOf(model, intent, paths);
    const old = kept.before.get(intent.declaration);
    const analysis =
      old && sameItems(old.reads, reads)
        ? { ...old.analysis, intent, migrations: old.analysis.migrations.map((m) => ({ ...m, intent })) }
        : analyseIntent(model, paths, intent, { method: intent.method, storage: intent.storage });
    kept.now.set(intent.declaration, { reads, analysis });
    for (const m of analysis.migrations) byVm.set(m.vm.name, m);
    return analysis;
  });
  return { paths, intents, byVm };
}

interface Kept {
  reads: unknown[];
  analysis: IntentAnalysis;
}

/** What analysing an intent reads from the model, in order (undefined where a name finds nothing). */
function readsOf(model: Model, intent: Intent, paths: PathFinder): unknown[] {
  const reads: unknown[] = [paths, intent.policy, intent.to, intent.method, intent.storage, intent.concurrency, intent.vms.length];
  for (const name of intent.vms) {
    reads.push(name);
    const vm = model.vms.get(name);
    reads.push(vm);
    if (!vm?.datastore) continue;
    const datastore = model.datastores.get(vm.datastore);
    reads.push(datastore);
    const target = datastore?.replication?.target;
    if (target) reads.push(model.datastores.get(target));
  }
  return reads;
}

/** How an intent is done: as written, or another way (what a quick-fix would make of it). */
export interface Way {
  method: Method;
  storage: Intent['storage'];
  concurrency?: number;
  /** The policy in force, where a fix changes it (converge, streams). */
  policy?: Policy;
}

export function analyseIntent(model: Model, paths: PathFinder, intent: Intent, way: Way): IntentAnalysis {
  const policy = way.policy ?? intent.policy;
  const concurrent = concurrentMigrations(way.concurrency ?? intent.concurrency, intent.vms.length, policy.maxConcurrency);
  const migrations: Migration[] = [];
  for (const name of intent.vms) {
    const vm = model.vms.get(name);
    if (!vm) continue;
    const migration: Migration = { intent, vm, from: vm.site, to: intent.to };
    if (vm.site && intent.to) {
      migration.path = paths.path(vm.site, intent.to);
      if (migration.path || way.method === 'federate') migration.estimate = estimateMove(model, vm, intent.to, migration.path, concurrent, way, policy);
    }
    migrations.push(migration);
  }
  const durations = migrations.map((m) => m.estimate?.duration);
  const duration = durations.every((d): d is number => d !== undefined) ? makespan(durations, concurrent) : undefined;
  return { intent, migrations, concurrent, duration };
}

/** One VM's move by a method over a path (spec §6); undefined when a live move's memory is unknown. */
export function estimateMove(model: Model, vm: Vm, to: string, path: Path | undefined, concurrent: number, way: Way, policy: Policy): Estimate | undefined {
  if (way.method === 'federate') return { ...federateMove(), vm: vm.name, rate: 0 };
  if (!path) return undefined;
  const rates = migrationRates({
    pathBandwidth: path.bandwidth,
    pathRtt: path.rtt,
    concurrent,
    efficiency: policy.efficiency,
    maxStream: policy.maxStream,
    streams: policy.streams,
    streamWindow: policy.streamWindow,
    liftsRateCapForFinalRound: policy.engine.liftsRateCapForFinalRound,
  });
  if (way.method === 'cold') {
    const move = coldMove({
      disk: vm.disk,
      hasDatastore: vm.datastore !== undefined,
      storage: way.storage,
      replica: replicaAt(model, vm, to),
      restartTime: vm.restartTime ?? policy.restartTime,
      rate: rates.rate,
    });
    return { ...move, vm: vm.name, rate: rates.rate, rates };
  }
  if (vm.memory === undefined) return undefined;
  const pre = precopy(
    precopyInputs({ memory: vm.memory, resident: vm.resident, dirtyRate: vm.dirtyRate, workingSet: vm.workingSet }, policy, policy.engine, rates),
  );
  const move = liveMove({
    method: way.method,
    disk: vm.disk,
    copiesDisks: copiesDisks(way.method, way.storage, vm.datastore !== undefined),
    rate: rates.rate,
    precopy: pre,
  });
  return { ...move, vm: vm.name, rate: rates.rate, rates };
}

/** The replica of the VM's datastore on a datastore at the target site, when there is one. */
export function replicaAt(model: Model, vm: Vm, to: string): TargetReplica | undefined {
  const datastore = vm.datastore ? model.datastores.get(vm.datastore) : undefined;
  const replication = datastore?.replication;
  if (!replication?.target || !replication.mode) return undefined;
  if (model.datastores.get(replication.target)?.site !== to) return undefined;
  return { mode: replication.mode, rpo: replication.rpo, changeRate: datastore?.changeRate };
}

/**
 * The storage an intent has under another method, and whether a fix must write it (spec §7: a
 * method change never silently drops a copy). What is written stays; where the disks were copied
 * by the old method's default (cold moves them) and the new method's default would not copy them,
 * `storage = move` is written. Federate copies nothing whatever `storage` says.
 */
export function storageUnder(intent: Intent, method: Method): { storage: Intent['storage']; write: boolean } {
  // Written and read, as the model reads it: a half-typed or invalid `storage` leaves the method's default.
  const [value, ...more] = intent.attributes.get('storage')?.values ?? [];
  const written = value?.kind === 'ident' && more.length === 0 && value.text === intent.storage;
  if (written) return { storage: intent.storage, write: false };
  if (method === 'cold') return { storage: 'move', write: false };
  if (method !== 'federate' && intent.storage === 'move') return { storage: 'move', write: true };
  return { storage: 'stay', write: false };
}

/** The same intent done another way: what the quick-fixes quote, with the storage its fix writes (storageUnder). */
export function alternative(model: Model, analysis: Analysis, intent: Intent, method: Method, concurrency?: number): IntentAnalysis {
  return analyseIntent(model, analysis.paths, intent, { method, storage: storageUnder(intent, method).storage, concurrency });
}
