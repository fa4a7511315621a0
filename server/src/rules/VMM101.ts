import { formatDuration } from '../format.js';
import { headerSpan, type Rule } from './rule.js';
import { policyName, useMethod } from './shared/fixes.js';
import { canFederate, isLiveOrRouted } from '../migration/methods.js';

/** Live and routed migration have a hard RTT limit (vMotion: 10 ms metro, 150 ms long-distance). */
export const VMM101: Rule = {
  code: 'VMM101',
  severity: 'error',
  summary: 'live/routed: path RTT > max-rtt',
  check({ model, analysis, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      if (!isLiveOrRouted(intent.method) || intent.policy.maxRtt === undefined) continue;
      const limit = intent.policy.maxRtt;
      // One diagnostic per source site: every VM from there crosses the same path.
      const seen = new Set<string>();
      for (const m of ia.migrations) {
        if (!m.path || seen.has(m.path.sites.join('>'))) continue;
        seen.add(m.path.sites.join('>'));
        if (!(m.path.rtt > limit)) continue;
        const fixes = [useMethod(model, analysis, intent, 'cold', 'no RTT limit')];
        if (canFederate(model, ia)) fixes.push(useMethod(model, analysis, intent, 'federate'));
        report(
          intent,
          headerSpan(intent.declaration),
          `path RTT ${formatDuration(m.path.rtt)} (${m.path.sites.join(' → ')}) exceeds max-rtt ${formatDuration(limit)} of ${policyName(intent.policy)} for ${intent.method} migration`,
          fixes,
          undefined,
          `path RTT ${formatDuration(m.path.rtt)} > ${formatDuration(limit)}`,
        );
      }
    }
  },
};
