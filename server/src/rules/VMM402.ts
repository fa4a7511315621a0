import type { Analysis } from '../migration/analysis.js';
import type { Path } from '../model/paths.js';
import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import { ingressFixes, ingressLeftBehind } from './shared/left-behind.js';

/** The gateway site nearest to `target` (least path RTT), with the path from it; the first listed when none is joined. */
function nearestTo(analysis: Analysis, target: string, sites: readonly string[]): { site: string; path?: Path } {
  let best: { site: string; path?: Path } | undefined;
  for (const site of sites) {
    const path = analysis.paths.path(site, target);
    if (path && (!best?.path || path.rtt < best.path.rtt)) best = { site, path };
  }
  return best ?? { site: sites[0] };
}

/** With `ingress = none`, inbound traffic keeps arriving at the VM's old site and crosses the WAN to reach it. */
export const VMM402: Rule = {
  code: 'VMM402',
  severity: 'warning',
  summary: 'live or cold, network present at the target: ingress trombone, `ingress = none` keeps inbound traffic arriving at the old site',
  check({ model, analysis, derive, report }) {
    for (const left of ingressLeftBehind(model, analysis)) {
      // Inbound traffic that keeps arriving at the source of an intent with a deadline is lost with that site: VMM207's error.
      if (left.doomed) continue;
      const { intent, target, source, migration: m, network } = left;
      const { gateway } = network;
      // Inbound traffic arrives where the gateway is: at the source, unless the gateway is a list without it.
      const arrival = gateway !== 'anycast' && gateway.length > 0 && !gateway.includes(source) ? nearestTo(analysis, target, gateway) : undefined;
      const at = arrival?.site ?? source;
      const path = arrival ? arrival.path : m.path;
      const cost = path ? `, adding ${formatDuration(path.rtt)} RTT (${path.sites.join(' → ')}) to each request` : '';
      const keeps = arrival ? `arrives at ${at}, where its gateway is,` : `keeps arriving at ${source}`;
      report(
        intent,
        targetSpan(derive, model, intent, m.vm.name),
        `vm '${m.vm.name}' moves from ${source} to ${target}, but network '${network.name}' has ingress = none: inbound traffic ${keeps} and crosses to ${target}${cost}`,
        ingressFixes(network),
        m.vm.name,
        `vm ${m.vm.name}: ingress trombone via ${source}`,
      );
    }
  },
};
