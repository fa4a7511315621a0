import { formatDistance } from '../format.js';
import { headerSpan, type Rule } from './rule.js';
import { policyName, useMethod } from './shared/fixes.js';
import { canFederate } from '../migration/methods.js';
import { livePaths } from './shared/moves.js';

/** Live migration over a long path: the 200 km metro rule of thumb (RTT stays the authoritative limit, VMM101). */
export const VMM103: Rule = {
  code: 'VMM103',
  severity: 'warning',
  summary: 'live/routed: path distance > max-distance',
  check({ model, analysis, report }) {
    for (const { ia, intent, limit, path } of livePaths(analysis, (policy) => policy.maxDistance)) {
      const distance = path.distance;
      if (distance === undefined || !(distance > limit)) continue;
      const fixes = [useMethod(model, analysis, intent, 'cold', 'no distance limit')];
      if (canFederate(model, ia)) fixes.push(useMethod(model, analysis, intent, 'federate'));
      // Just over the limit would read "200 km exceeds 200 km": show a decimal then.
      const shown = formatDistance(distance) === formatDistance(limit) ? `${distance.toFixed(1)} km` : formatDistance(distance);
      report(
        intent,
        headerSpan(intent.declaration),
        `path distance ${shown} (${path.sites.join(' → ')}) exceeds max-distance ${formatDistance(limit)} of ${policyName(intent.policy)} for ${intent.method} migration`,
        fixes,
        undefined,
        `path distance ${shown} > ${formatDistance(limit)}`,
      );
    }
  },
};
