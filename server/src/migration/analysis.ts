import type { Derive } from '../derived.js';
import type { Intent, Method, Model, Vm } from '../model/model.js';
import { PathFinder, type Path } from '../model/paths.js';
import { effectiveBandwidth, estimateMove, makespan, type Estimate } from './estimate.js';

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
  /** c = min(concurrency, VMs in the intent) */
  concurrent: number;
  /** Makespan in seconds; undefined when a migration has no estimate. */
  duration?: number;
}

export interface Analysis {
  paths: PathFinder;
  intents: IntentAnalysis[];
  byVm: Map<string, Migration>;
}

/**
 * Estimates every intent as written, and can re-estimate it with another method (for the fixes' costs).
 * Paths depend on the links alone: a model that shares its links with the last one (a patched
 * model) shares its paths too, kept by `derive`.
 */
export function analyse(model: Model, derive: Derive): Analysis {
  const paths = derive('paths', [model.links], () => new PathFinder(model));
  const byVm = new Map<string, Migration>();
  const intents = model.intents.map((intent) => {
    const analysis = analyseIntent(model, paths, intent, intent.method, intent.storage);
    for (const m of analysis.migrations) byVm.set(m.vm.name, m);
    return analysis;
  });
  return { paths, intents, byVm };
}

export function analyseIntent(
  model: Model,
  paths: PathFinder,
  intent: Intent,
  method: Method,
  storage: Intent['storage'],
  concurrency = intent.concurrency,
): IntentAnalysis {
  const concurrent = Math.max(1, Math.min(concurrency, intent.vms.length));
  const migrations: Migration[] = [];
  for (const name of intent.vms) {
    const vm = model.vms.get(name)!;
    const migration: Migration = { intent, vm, from: vm.site, to: intent.to };
    if (vm.site && intent.to) {
      migration.path = paths.path(vm.site, intent.to);
      if (migration.path) {
        const rate = effectiveBandwidth(migration.path.bandwidth, concurrent, intent.policy);
        migration.estimate = estimateMove(vm, method, storage, rate, intent.policy);
      } else if (method === 'federate') {
        migration.estimate = estimateMove(vm, method, storage, 0, intent.policy);
      }
    }
    migrations.push(migration);
  }
  const durations = migrations.map((m) => m.estimate?.duration);
  const duration = durations.every((d): d is number => d !== undefined) ? makespan(durations, concurrent) : undefined;
  return { intent, migrations, concurrent, duration };
}

/** The same intent done another way: what the quick-fixes quote. `storage` follows the method's default unless written. */
export function alternative(model: Model, analysis: Analysis, intent: Intent, method: Method, concurrency?: number): IntentAnalysis {
  // Written and read, as the model reads it: a half-typed or invalid `storage` leaves the method's default.
  const [value, ...more] = intent.attributes.get('storage')?.values ?? [];
  const written = value?.kind === 'ident' && more.length === 0 && value.text === intent.storage;
  const storage = written ? intent.storage : method === 'cold' ? 'move' : 'stay';
  return analyseIntent(model, analysis.paths, intent, method, storage, concurrency);
}
