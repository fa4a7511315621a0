import { alternative } from '../migration/analysis.js';
import { setAttribute } from '../model/edits.js';
import type { Fix } from '../model/findings.js';
import { formatRate } from '../format.js';
import { headerSpan, type Rule } from './rule.js';
import { alternativeTime, policyName, useMethod } from './shared/fixes.js';
import { livePaths } from './shared/moves.js';

/** The largest concurrency whose share of the path bandwidth still meets the minimum (0 when even one does not). */
export function largestConcurrency(pathBandwidth: number, minBandwidth: number): number {
  let c = Math.floor(pathBandwidth / minBandwidth);
  while (c > 0 && pathBandwidth / c < minBandwidth) c--;
  while (pathBandwidth / (c + 1) >= minBandwidth) c++;
  return c;
}

/** Live migration needs a minimum bandwidth per concurrent migration (622 Mbps metro, 250 Mbps vSphere 6, 100 Mbps HCX). */
export const VMM102: Rule = {
  code: 'VMM102',
  severity: 'error',
  summary: 'live/routed: bandwidth per concurrent migration < min-bandwidth',
  check({ model, analysis, report }) {
    for (const { ia, intent, limit, path } of livePaths(analysis, (policy) => policy.minBandwidth)) {
      const c = ia.concurrent;
      const perMigration = path.bandwidth / c;
      if (!(perMigration < limit)) continue;
      const route = path.sites.join(' → ');
      const how = c > 1 ? `path ${route} ${formatRate(path.bandwidth)} ÷ ${c} concurrent migrations` : `path ${route}`;
      const fixes: Fix[] = [];
      const lower = largestConcurrency(path.bandwidth, limit);
      if (lower >= 1 && lower < intent.concurrency) {
        const alt = alternative(model, analysis, intent, intent.method, lower);
        const n = alt.migrations.length;
        const time = alternativeTime(alt, ', ', true);
        fixes.push({
          title: `Lower concurrency to ${lower}: ${formatRate(path.bandwidth / Math.min(lower, n))} per migration${time}`,
          edits: [setAttribute(intent.file, intent.declaration, 'concurrency', String(lower))],
        });
      }
      fixes.push(useMethod(model, analysis, intent, 'cold', 'no bandwidth minimum'));
      report(
        intent,
        headerSpan(intent.declaration),
        `bandwidth per concurrent migration ${formatRate(perMigration)} (${how}) is below min-bandwidth ${formatRate(limit)} of ${policyName(intent.policy)} for ${intent.method} migration`,
        fixes,
        undefined,
        `${formatRate(perMigration)} per migration < ${formatRate(limit)}`,
      );
    }
  },
};
