import { headerSpan, type Rule } from './rule.js';
import { useMethod } from './shared/fixes.js';
import { canFederate, isLiveOrRouted } from '../migration/methods.js';

/** Cloud-burst and federation add capacity at the target: new instances do that without moving anything. */
export const VMM602: Rule = {
  code: 'VMM602',
  severity: 'warning',
  summary: 'cloud-burst or federation done by live migration: start instances at the target instead',
  check({ model, analysis, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      if (intent.reason !== 'cloud-burst' && intent.reason !== 'federation') continue;
      if (!isLiveOrRouted(intent.method) || ia.migrations.length === 0) continue;
      const count = ia.migrations.length === 1 ? `vm ${ia.migrations[0].vm.name}` : `${ia.migrations.length} running VMs`;
      const fixes = canFederate(model, ia) ? [useMethod(model, analysis, intent, 'federate')] : [];
      report(
        intent,
        headerSpan(intent.declaration),
        `reason ${intent.reason} done by ${intent.method} migration moves ${count}${intent.to ? ` to ${intent.to}` : ''}: start new instances there behind a load balancer instead (method = federate)`,
        fixes,
        undefined,
        `${intent.reason} by ${intent.method} migration`,
      );
    }
  },
};
