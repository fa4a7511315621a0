import { alternative } from '../migration/analysis.js';
import { setAttribute } from '../model/edits.js';
import type { Fix } from '../model/findings.js';
import { formatDuration, formatRate } from '../format.js';
import { headerSpan, type Rule } from './rule.js';
import { isLiveOrRouted, policyName, useMethod } from './fixes.js';

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
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const limit = intent.policy.minBandwidth;
      if (!isLiveOrRouted(intent.method) || limit === undefined) continue;
      const c = ia.concurrent;
      // One diagnostic per path: every VM from the same source site shares it.
      const seen = new Set<string>();
      for (const m of ia.migrations) {
        if (!m.path || m.path.links.length === 0) continue;
        const key = m.path.sites.join('>');
        if (seen.has(key)) continue;
        seen.add(key);
        const perMigration = m.path.bandwidth / c;
        if (!(perMigration < limit)) continue;
        const route = m.path.sites.join(' → ');
        const how = c > 1 ? `path ${route} ${formatRate(m.path.bandwidth)} ÷ ${c} concurrent migrations` : `path ${route}`;
        const fixes: Fix[] = [];
        const lower = largestConcurrency(m.path.bandwidth, limit);
        if (lower >= 1 && lower < intent.concurrency) {
          const alt = alternative(model, analysis, intent, intent.method, lower);
          const n = alt.migrations.length;
          const time =
            alt.duration === undefined
              ? ''
              : Number.isFinite(alt.duration)
                ? `, ≈ ${formatDuration(alt.duration)}${n > 1 ? ` for all ${n}` : ''}`
                : ', pre-copy still does not converge';
          fixes.push({
            title: `Lower concurrency to ${lower}: ${formatRate(m.path.bandwidth / Math.min(lower, n))} per migration${time}`,
            edits: [setAttribute(intent.file, intent.declaration, 'concurrency', String(lower))],
          });
        }
        fixes.push(useMethod(model, analysis, intent, 'cold', 'no bandwidth minimum'));
        report(
          intent,
          headerSpan(intent.declaration),
          `bandwidth per concurrent migration ${formatRate(perMigration)} (${how}) is below min-bandwidth ${formatRate(limit)} of ${policyName(intent.policy)} for ${intent.method} migration`,
          fixes,
        );
      }
    }
  },
};
