import type { Model, Service, Vm } from './model.js';

/**
 * Reverse indexes over a model, so that rules never rescan the whole estate for each VM (a 40k-VM
 * file would otherwise take minutes). Built once per model, when first asked for, and kept on the
 * model itself: a model is never changed after it is built, so neither are they.
 */
export interface ModelIndexes {
  /** vm name → the services it belongs to, in declaration order */
  servicesOf: Map<string, Service[]>;
  /** vm name → the vms whose `depends-on` names it, or names a service it belongs to */
  dependentsOf: Map<string, Vm[]>;
}

export function indexes(model: Model): ModelIndexes {
  return model.indexes;
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
  const dependentsOf = new Map<string, Vm[]>();
  const add = (name: string, dependent: Vm) => {
    const list = dependentsOf.get(name);
    if (!list) dependentsOf.set(name, [dependent]);
    else if (list[list.length - 1] !== dependent) list.push(dependent);
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
