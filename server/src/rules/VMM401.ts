import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import { doomedSite, gatewayFixes, gatewaysLeftBehind } from './shared/left-behind.js';

/** After a live or cold move, a gateway left at other sites makes outbound traffic hairpin back over the WAN. */
export const VMM401: Rule = {
  code: 'VMM401',
  severity: 'warning',
  summary:
    "live or cold, network present at the target: egress trombone, after the move the VM's gateway is only at other sites; each request adds the path RTT",
  check({ model, analysis, derive, report }) {
    for (const left of gatewaysLeftBehind(model, analysis)) {
      // A gateway only at the source of an intent with a deadline is lost with that site: VMM207's error.
      if (left.doomed) continue;
      const { intent, target, migration: m, network, gateway } = left;
      // The nearest gateway is where outbound traffic goes; with a deadline, the nearest that survives the loss of the source.
      const lost = doomedSite(intent, m.vm);
      const surviving = lost === undefined ? gateway : gateway.filter((site) => site !== lost);
      let nearest: { site: string; rtt: number; sites: string[] } | undefined;
      for (const site of surviving) {
        const path = analysis.paths.path(target, site);
        if (path && (!nearest || path.rtt < nearest.rtt)) nearest = { site, rtt: path.rtt, sites: path.sites };
      }
      const cost = nearest
        ? `outbound traffic hairpins through ${nearest.site}${surviving.length < gateway.length ? `, the gateway left after the loss of ${lost}` : ''}, adding ${formatDuration(nearest.rtt)} RTT (${nearest.sites.join(' → ')}) to each request`
        : `outbound traffic must hairpin through ${gateway.join(' or ')}, and no path joins ${target} to it`;
      report(
        intent,
        targetSpan(derive, model, intent, m.vm.name),
        `vm '${m.vm.name}' moves to ${target}, but the gateway of network '${network.name}' is only at ${gateway.join(', ')}: ${cost}`,
        gatewayFixes(model, analysis, left),
        m.vm.name,
        `vm ${m.vm.name}: egress trombone via ${gateway.join(', ')}`,
      );
    }
  },
};
