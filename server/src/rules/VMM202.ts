import { formatDuration, formatRate, formatSize } from '../format.js';
import type { Rule } from './rule.js';
import { policyName, useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';
import { isLiveOrRouted } from '../migration/methods.js';
import { durationAbove } from './shared/durations.js';

/** Relative tolerance: a last round of exactly R × max-downtime may divide back to a hair above the limit. */
const TOLERANCE = 1e-9;

/** The switch-over pause (the last pre-copy round ÷ R) is longer than the policy accepts. */
export const VMM202: Rule = {
  code: 'VMM202',
  severity: 'warning',
  summary: 'live/routed: estimated downtime > max-downtime (not reported with VMM201)',
  check({ model, analysis, derive, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      if (!isLiveOrRouted(intent.method)) continue;
      const limit = intent.policy.maxDowntime;
      for (const m of ia.migrations) {
        const e = m.estimate;
        // Not converging is VMM201's error, which suppresses this warning.
        if (!e || !e.converges || !e.precopy || !m.path) continue;
        if (!(e.downtime > limit * (1 + TOLERANCE))) continue;
        const p = e.precopy;
        const last = p.roundBytes[p.roundBytes.length - 1];
        const workingSet = m.vm.workingSet;
        // Downtime above the limit means pre-copy stopped at max-rounds with the last round still too big.
        const why =
          p.rounds === 0
            ? `with max-rounds 0 the whole memory ${formatSize(last)} is sent with the guest paused`
            : workingSet !== undefined && last <= workingSet
              ? `the working set ${formatSize(workingSet)} stays dirty every round, so after ${p.rounds} rounds (max-rounds) it is sent with the guest paused`
              : `${formatSize(last)} is still dirty after ${p.rounds} rounds (max-rounds) and is sent with the guest paused`;
        report(
          intent,
          targetSpan(derive, model, intent, m.vm.name),
          `estimated downtime of vm ${m.vm.name} ${durationAbove(e.downtime, limit)} exceeds max-downtime ${formatDuration(limit)} of ${policyName(intent.policy)}: ${why} at ${formatRate(e.rate)} (dirty-rate ${formatRate(m.vm.dirtyRate ?? 0)})`,
          [useMethod(model, analysis, intent, 'cold')],
        );
      }
    }
  },
};
