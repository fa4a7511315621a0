import { formatDistance } from '../format.js';
import { headerSpan, type Rule } from './rule.js';
import { canFederate, isLiveOrRouted, policyName, useMethod } from './fixes.js';

/** Live migration over a long path: the 200 km metro rule of thumb (RTT stays the authoritative limit, VMM101). */
export const VMM103: Rule = {
  code: 'VMM103',
  severity: 'warning',
  summary: 'live/routed: path distance > max-distance',
  check({ model, analysis, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const limit = intent.policy.maxDistance;
      if (!isLiveOrRouted(intent.method) || limit === undefined) continue;
      // One diagnostic per path: every VM from the same source site shares it.
      const seen = new Set<string>();
      for (const m of ia.migrations) {
        if (!m.path || m.path.links.length === 0) continue;
        const key = m.path.sites.join('>');
        if (seen.has(key)) continue;
        seen.add(key);
        const distance = m.path.distance;
        if (distance === undefined || !(distance > limit)) continue;
        const fixes = [useMethod(model, analysis, intent, 'cold', 'no distance limit')];
        if (canFederate(model, ia)) fixes.push(useMethod(model, analysis, intent, 'federate'));
        // Just over the limit would read "200 km exceeds 200 km": show a decimal then.
        const shown = formatDistance(distance) === formatDistance(limit) ? `${distance.toFixed(1)} km` : formatDistance(distance);
        report(
          intent,
          headerSpan(intent.declaration),
          `path distance ${shown} (${m.path.sites.join(' → ')}) exceeds max-distance ${formatDistance(limit)} of ${policyName(intent.policy)} for ${intent.method} migration`,
          fixes,
        );
      }
    }
  },
};
