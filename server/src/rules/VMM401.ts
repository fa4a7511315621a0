import { setAttribute } from '../model/edits.js';
import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';
import { addressKeepingMoves } from './shared/moves.js';
import { useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';

/** After a live or cold move, a gateway left at other sites makes outbound traffic hairpin back over the WAN. */
export const VMM401: Rule = {
  code: 'VMM401',
  severity: 'warning',
  summary:
    "live or cold, network present at the target: egress trombone, after the move the VM's gateway is only at other sites; each request adds the path RTT",
  check({ model, analysis, derive, report }) {
    for (const { intent, target, migration: m, network } of addressKeepingMoves(model, analysis)) {
      // Not at the target: VMM301's case.
      if (!network.sites.includes(target)) continue;
      const { gateway } = network;
      // An empty list means every gateway written was invalid (its own VMM005/VMM008).
      if (gateway === 'anycast' || gateway.length === 0 || gateway.includes(target)) continue;
      // The nearest gateway is where outbound traffic goes.
      let nearest: { site: string; rtt: number; sites: string[] } | undefined;
      for (const site of gateway) {
        const path = analysis.paths.path(target, site);
        if (path && (!nearest || path.rtt < nearest.rtt)) nearest = { site, rtt: path.rtt, sites: path.sites };
      }
      const cost = nearest
        ? `outbound traffic hairpins through ${nearest.site}, adding ${formatDuration(nearest.rtt)} RTT (${nearest.sites.join(' → ')}) to each request`
        : `outbound traffic must hairpin through ${gateway.join(' or ')}, and no path joins ${target} to it`;
      report(
        intent,
        targetSpan(derive, model, intent, m.vm.name),
        `vm '${m.vm.name}' moves to ${target}, but the gateway of network '${network.name}' is only at ${gateway.join(', ')}: ${cost}`,
        [
          {
            title: `Set gateway = anycast on network '${network.name}' (first-hop gateway active at every site of the segment)`,
            edits: [setAttribute(network.file, network.declaration, 'gateway', 'anycast')],
            preferred: true,
          },
          useMethod(model, analysis, intent, 'routed', `uses the gateway at ${target}`),
        ],
      );
    }
  },
};
