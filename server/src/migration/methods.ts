import type { Method, Model, Vm } from '../model/model.js';
import { indexes } from '../model/indexes.js';
import type { IntentAnalysis } from './analysis.js';

/** Live and routed migration copy the running guest's memory (pre-copy); cold and federate do not. */
export function isLiveOrRouted(method: Method): boolean {
  return method === 'live' || method === 'routed';
}

/** A VM can be federated when it belongs to a scalable service with a load balancer (spec §10, VMM603). */
export function federableService(model: Model, vm: Vm) {
  return indexes(model)
    .servicesOf.get(vm.name)
    ?.find((service) => service.scalable && service.loadBalancer !== 'none');
}

/** Every VM of the intent can be federated. */
export function canFederate(model: Model, intent: IntentAnalysis): boolean {
  return intent.migrations.length > 0 && intent.migrations.every((m) => federableService(model, m.vm) !== undefined);
}
