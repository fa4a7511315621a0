import { sameItems } from '../derived.js';
import type { Model, Service, Vm } from './model.js';
import { NamedEntities } from './named.js';

/**
 * Reverse indexes over a model, so that rules never rescan the whole estate for each VM (a 40k-VM
 * file would otherwise take minutes). Built once per model, when first asked for, and kept on the
 * model itself: a model is never changed after it is built, so neither are they.
 */
export interface ModelIndexes {
  /** vm name → the services it belongs to, in declaration order */
  servicesOf: Map<string, Service[]>;
  /**
   * vm name → the names of the vms whose `depends-on` names it, or names a service it belongs to
   * (names, not entities: a vm rebuilt with the same `depends-on` changes no list)
   */
  dependentsOf: Map<string, string[]>;
}

export function indexes(model: Model): ModelIndexes {
  return model.indexes;
}

/** The indexes a document's last model had, with the entities they were built from: the next model's are brought up to date from them. */
export interface IndexedModel {
  vms: Model['vms'];
  services: Model['services'];
  indexes: ModelIndexes;
}

/**
 * The indexes of a model: the last model's while it has the same services (the same objects) and
 * the same vms by name, those rebuilt depending on the same names (the lists hold names); anything
 * else is indexed afresh.
 */
export function indexesFrom(model: Pick<Model, 'vms' | 'services'>, last: IndexedModel | undefined): ModelIndexes {
  if (!last) return buildIndexes(model);
  if (last.vms === model.vms && last.services === model.services) return last.indexes;
  if (last.services.size !== model.services.size || last.vms.size !== model.vms.size) return buildIndexes(model);
  if (last.services !== model.services) for (const [name, service] of model.services) if (last.services.get(name) !== service) return buildIndexes(model);
  // The same services, and the same vms by name each depending on the same names: the same indexes.
  if (last.vms !== model.vms) {
    // The builder's maps tell which vms were rebuilt where the names are as they were.
    const replaced = model.vms instanceof NamedEntities && last.vms instanceof NamedEntities ? model.vms.replacedSince(last.vms) : undefined;
    if (replaced) return replaced.every(([before, vm]) => sameItems(before.dependsOn, vm.dependsOn)) ? last.indexes : buildIndexes(model);
    for (const [name, vm] of model.vms) {
      const before = last.vms.get(name);
      if (before !== vm && (!before || !sameItems(before.dependsOn, vm.dependsOn))) return buildIndexes(model);
    }
  }
  return last.indexes;
}

export function buildIndexes(model: Pick<Model, 'vms' | 'services'>): ModelIndexes {
  const servicesOf = new Map<string, Service[]>();
  for (const service of model.services.values()) {
    for (const vm of service.vms) {
      const list = servicesOf.get(vm);
      if (list) list.push(service);
      else servicesOf.set(vm, [service]);
    }
  }
  const dependentsOf = new Map<string, string[]>();
  const add = (name: string, dependent: Vm) => {
    const list = dependentsOf.get(name);
    if (!list) dependentsOf.set(name, [dependent.name]);
    else if (list[list.length - 1] !== dependent.name) list.push(dependent.name);
  };
  for (const vm of model.vms.values()) {
    for (const name of vm.dependsOn) for (const target of dependedOn(model, name)) add(target, vm);
  }
  return { servicesOf, dependentsOf };
}

/** The vms a `depends-on` name stands for: the vm, or a service's vms. */
function dependedOn(model: Pick<Model, 'vms' | 'services'>, name: string): readonly string[] {
  return model.vms.has(name) ? [name] : (model.services.get(name)?.vms ?? []);
}
