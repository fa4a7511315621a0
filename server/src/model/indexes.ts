import type { Model, Service, Vm } from './model.js';

/**
 * Reverse indexes over a model, built once per model on first use, so that rules never rescan the
 * whole estate for each VM (a 40k-VM file would otherwise take minutes).
 */
export interface ModelIndexes {
  /** vm name → the services it belongs to, in declaration order */
  servicesOf: Map<string, Service[]>;
  /** vm name → the vms whose `depends-on` names it, or names a service it belongs to */
  dependentsOf: Map<string, Vm[]>;
}

const cache = new WeakMap<Model, ModelIndexes>();
/** The last model indexed: the editor's next model mostly holds the same entities (model/build.ts keeps them). */
let last: { model: Model; found: ModelIndexes } | undefined;

export function indexes(model: Model): ModelIndexes {
  let found = cache.get(model) ?? carriedOver(model);
  if (found) {
    cache.set(model, found);
    last = { model, found };
    return found;
  }
  const servicesOf = new Map<string, Service[]>();
  for (const service of model.services.values()) {
    for (const vm of service.vms) {
      const list = servicesOf.get(vm);
      if (list) list.push(service);
      else servicesOf.set(vm, [service]);
    }
  }
  const dependentsOf = new Map<string, Vm[]>();
  const add = (name: string, dependent: Vm) => {
    const list = dependentsOf.get(name);
    if (!list) dependentsOf.set(name, [dependent]);
    else if (list[list.length - 1] !== dependent) list.push(dependent);
  };
  for (const vm of model.vms.values()) {
    for (const name of vm.dependsOn) for (const target of dependedOn(model, name)) add(target, vm);
  }
  found = { servicesOf, dependentsOf };
  cache.set(model, found);
  last = { model, found };
  return found;
}

/**
 * The last model's indexes, brought up to date, where the new model has the same services (the
 * same objects) and the same vms, those rebuilt depending on the same names: then only the rebuilt
 * vms' objects change in the lists. Anything else is indexed afresh.
 */
function carriedOver(model: Model): ModelIndexes | undefined {
  if (!last) return undefined;
  const previous = last.model;
  // A model that shares its vm map with the last one cannot be compared with it (see carryOverIndexes);
  // nor is another document's model (same names, other objects) one to carry over from.
  if (previous.vms === model.vms) return undefined;
  if (previous.files[previous.files.length - 1] !== model.files[model.files.length - 1]) return undefined;
  if (previous.services.size !== model.services.size || previous.vms.size !== model.vms.size) return undefined;
  for (const [name, service] of model.services) if (previous.services.get(name) !== service) return undefined;
  const replaced: [Vm, Vm][] = [];
  for (const [name, vm] of model.vms) {
    const before = previous.vms.get(name);
    if (before === vm) continue;
    if (!before || !sameNames(before.dependsOn, vm.dependsOn)) return undefined;
    replaced.push([before, vm]);
  }
  replaceDependents(model, last.found, replaced);
  return last.found;
}

/**
 * A patched model (model/build.ts), which shares its vm map with the last one, says itself which
 * vms it rebuilt: the last model's indexes, where it has them, are brought up to date for it.
 */
export function carryOverIndexes(previous: Model, model: Model, replaced: readonly [Vm, Vm][]): void {
  const found = cache.get(previous);
  // Otherwise indexed afresh when asked (carriedOver does not compare models that share their vms).
  if (!found || !replaced.every(([before, vm]) => sameNames(before.dependsOn, vm.dependsOn))) return;
  replaceDependents(model, found, replaced);
  cache.set(model, found);
  last = { model, found };
}

function replaceDependents(model: Model, found: ModelIndexes, replaced: readonly [Vm, Vm][]): void {
  for (const [before, vm] of replaced) {
    for (const name of vm.dependsOn) {
      for (const target of dependedOn(model, name)) {
        const list = found.dependentsOf.get(target);
        const at = list ? list.indexOf(before) : -1;
        if (list && at >= 0) list[at] = vm;
      }
    }
  }
}

/** The vms a `depends-on` name stands for: the vm, or a service's vms. */
function dependedOn(model: Model, name: string): readonly string[] {
  return model.vms.has(name) ? [name] : (model.services.get(name)?.vms ?? []);
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
