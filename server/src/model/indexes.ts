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

export function indexes(model: Model): ModelIndexes {
  let found = cache.get(model);
  if (found) return found;
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
    for (const name of vm.dependsOn) {
      if (model.vms.has(name)) add(name, vm);
      else for (const member of model.services.get(name)?.vms ?? []) add(member, vm);
    }
  }
  found = { servicesOf, dependentsOf };
  cache.set(model, found);
  return found;
}
