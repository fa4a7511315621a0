import type { Derive } from '../derived.js';
import { mergeEdits, setAttribute } from '../model/edits.js';
import type { Edit, Fix } from '../model/findings.js';
import type { Intent, Model, Service, Vm } from '../model/model.js';
import type { Rule } from './rule.js';
import { indexes } from '../model/indexes.js';
import { useMethod } from './shared/fixes.js';
import { targetOf, targetSpan } from './shared/targets.js';
import { federableService } from '../migration/methods.js';

/** The service the fix should change: the one the target named (`service NAME` or a bare service name), else the first the VM belongs to. */
function serviceOf(derive: Derive, model: Model, intent: Intent, vm: Vm): Service | undefined {
  const services = indexes(model).servicesOf.get(vm.name) ?? [];
  const brought = targetOf(derive, model, intent, vm.name);
  if (brought && !brought.target.glob) {
    const named = model.services.get(brought.target.name);
    if (named && services.includes(named)) return named;
  }
  return services[0];
}

/** Federate starts new instances behind a load balancer: only a scalable service with one can do that. */
export const VMM603: Rule = {
  code: 'VMM603',
  severity: 'error',
  summary: 'federate on something that is not a scalable service with a load balancer',
  check({ model, analysis, derive, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      if (intent.method !== 'federate') continue;
      for (const m of ia.migrations) {
        const { vm } = m;
        if (federableService(model, vm)) continue;
        const service = serviceOf(derive, model, intent, vm);
        const fixes: Fix[] = [];
        let why: string;
        if (service) {
          const missing: string[] = [];
          if (!service.scalable) missing.push('scalable = false');
          if (service.loadBalancer === 'none') missing.push('load-balancer = none');
          why = `its service ${service.name} has ${missing.join(' and ')}`;
          const edits: Edit[] = [];
          const sets: string[] = [];
          if (service.loadBalancer === 'none') {
            edits.push(setAttribute(service.file, service.declaration, 'load-balancer', 'gslb'));
            sets.push('load-balancer = gslb');
          }
          if (!service.scalable) {
            edits.push(setAttribute(service.file, service.declaration, 'scalable', 'true'));
            sets.push('scalable = true');
          }
          fixes.push({
            title: `Set ${sets.join(' and ')} on service ${service.name}: new instances of it can start at ${intent.to ?? 'the target'} behind the load balancer`,
            edits: mergeEdits(edits),
          });
        } else why = 'it belongs to no service';
        fixes.push(useMethod(model, analysis, intent, 'cold'));
        report(
          intent,
          targetSpan(derive, model, intent, vm.name),
          `cannot federate vm ${vm.name}: ${why}; federate needs a service with scalable = true and a load balancer`,
          fixes,
          vm.name,
          `vm ${vm.name} cannot be federated`,
        );
      }
    }
  },
};
