import { formatDistance, formatDuration } from '../format.js';
import { greatCircleKm } from '../model/geo.js';
import { headerSpan, type Rule } from './rule.js';

/** Light in fiber covers about 100 km of path per ms of round-trip time (spec §6). */
const KM_PER_SECOND_OF_RTT = 100 * 1000;
const EPSILON = 1e-9;

/** A link whose figures cannot both be true: an RTT faster than light in fiber, or a distance shorter than the great circle. */
export const VMM106: Rule = {
  code: 'VMM106',
  severity: 'warning',
  summary: 'link RTT below the physical minimum for its distance',
  check({ model, report }) {
    for (const link of model.links) {
      const problems: string[] = [];
      const la = model.sites.get(link.a)?.location;
      const lb = model.sites.get(link.b)?.location;
      if (link.explicitDistance !== undefined && la && lb) {
        const greatCircle = greatCircleKm(la, lb);
        if (link.explicitDistance < greatCircle - EPSILON) {
          problems.push(
            `distance ${formatDistance(link.explicitDistance)} is shorter than the great-circle distance ${formatDistance(greatCircle)} between ${link.a} and ${link.b}`,
          );
        }
      }
      if (link.rtt !== undefined && link.distance !== undefined) {
        const minimum = link.distance / KM_PER_SECOND_OF_RTT;
        if (link.rtt < minimum - EPSILON * Math.max(1, minimum)) {
          const source = link.explicitDistance !== undefined ? '' : ` (great-circle between ${link.a} and ${link.b})`;
          problems.push(
            `RTT ${formatDuration(link.rtt)} is below the physical minimum ${formatDuration(minimum)} for its distance ${formatDistance(link.distance)}${source}: light in fiber covers about 100 km per ms of RTT`,
          );
        }
      }
      if (problems.length > 0) report(link, headerSpan(link.declaration), problems.join('; and '));
    }
  },
};
