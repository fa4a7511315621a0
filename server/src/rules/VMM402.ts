import { setAttribute } from '../model/edits.js';
import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';
import { addressKeepingMoves } from './shared/moves.js';
import { targetSpan } from './shared/targets.js';

/** With `ingress = none`, inbound traffic keeps arriving at the VM's old site and crosses the WAN to reach it. */
export const VMM402: Rule = {
  code: 'VMM402',
  severity: 'warning',
  summary: 'live or cold, network present at the target: ingress trombone, `ingress = none` keeps inbound traffic arriving at the old site',
  check({ model, analysis, derive, report }) {
    for (const { intent, target, migration: m, network } of addressKeepingMoves(model, analysis)) {
      const source = m.vm.site;
      // Not at the target: VMM301's case.
      if (!source || !network.sites.includes(target) || network.ingress !== 'none') continue;
      const { gateway } = network;
      // Inbound traffic follows the gateway: a gateway at the target and not at the source brings it there.
      if (gateway !== 'anycast' && gateway.includes(target) && !gateway.includes(source)) continue;
      const cost = m.path ? `, adding ${formatDuration(m.path.rtt)} RTT (${m.path.sites.join(' → ')}) to each request` : '';
      report(
        intent,
        targetSpan(derive, model, intent, m.vm.name),
        `vm '${m.vm.name}' moves from ${source} to ${target}, but network '${network.name}' has ingress = none: inbound traffic keeps arriving at ${source} and crosses to ${target}${cost}`,
        [
          {
            title: `Set ingress = host-routes on network '${network.name}' (advertise the VM's host route from the site it runs at)`,
            edits: [setAttribute(network.file, network.declaration, 'ingress', 'host-routes')],
            preferred: true,
          },
          {
            title: `Set ingress = gslb on network '${network.name}' (global load balancing sends clients to the site the VM runs at)`,
            edits: [setAttribute(network.file, network.declaration, 'ingress', 'gslb')],
          },
        ],
      );
    }
  },
};
