import { formatDuration, formatPercent, formatRate, formatSize } from '../format.js';
import type { Rule } from './rule.js';
import { policyName, useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';
import { isLiveOrRouted } from '../migration/methods.js';
import { durationAbove } from './shared/durations.js';
import { convergeFix } from './shared/precopy.js';

/** Relative tolerance: a last round of exactly R × max-downtime may divide back to a hair above the limit. */
const TOLERANCE = 1e-9;

/** The switch-over pause (the last round ÷ R_f, plus the engine's switch-over) is longer than the policy accepts. */
export const VMM202: Rule = {
  code: 'VMM202',
  severity: 'warning',
  summary: 'live/routed: estimated downtime > max-downtime (not reported with VMM201); when a cap forced the stop, the message names it',
  check({ model, analysis, derive, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      if (!isLiveOrRouted(intent.method)) continue;
      const limit = intent.policy.maxDowntime;
      for (const m of ia.migrations) {
        const e = m.estimate;
        const p = e?.precopy;
        // Never stopping is VMM201's error, which suppresses this warning.
        if (!e || !p || p.stop === 'never' || !m.path) continue;
        if (!(e.downtime > limit * (1 + TOLERANCE))) continue;
        const last = p.volumes[p.volumes.length - 1] ?? 0;
        const pause = `${formatSize(last)} sent with the guest paused at ${formatRate(e.rates?.finalRate ?? e.rate)}${intent.policy.switchover > 0 ? ` plus the ${formatDuration(intent.policy.switchover)} switch-over` : ''}`;
        const workingSet = m.vm.workingSet;
        const dirtyRate = m.vm.dirtyRate ?? 0;
        // The real cause (spec §7): the working-set floor, the dirty rate that keeps each round
        // large, or, at a threshold stop, the engine's fixed switch-over; and the cap that forced the stop.
        const t = p.throttle;
        const floorBytes = workingSet !== undefined ? workingSet * (1 - t) : 0;
        const atFloor = floorBytes > 0 && last <= floorBytes * (1 + TOLERANCE);
        const floor = atFloor
          ? `the working set ${formatSize(workingSet ?? 0)} stays dirty every round${t > 0 ? ` (${formatSize(floorBytes)} under the ${formatPercent(t)} throttle)` : ''}, so `
          : '';
        const ratio = (p.lambda ?? 0) * (1 - t);
        const dirty =
          !atFloor && p.lambda !== undefined
            ? `the guest dirties memory at ${formatRate(dirtyRate)}, ${formatPercent(p.lambda)} of R, so each round is ${formatPercent(ratio)} of the one before${t > 0 ? ` under the ${formatPercent(t)} throttle` : ''}; `
            : '';
        const cap = p.stop === 'max-rounds' ? `max-rounds ${intent.policy.maxRounds}` : `max-data ${Math.round((intent.policy.maxData ?? 0) * 100)}%`;
        const switchover = intent.policy.switchover;
        const why =
          p.stop === 'threshold' || p.stop === 'postcopy'
            ? switchover > 0
              ? `${pause}: the engine's fixed switch-over of ${formatDuration(switchover)} is what exceeds it`
              : pause
            : p.rounds === 0
              ? `${cap} forced the stop at round 0: the whole ${pause}`
              : `${floor}${dirty}${cap} forced the stop after ${p.rounds} rounds with ${pause}`;
        const named = dirty !== '' && p.rounds > 0 && p.stop !== 'threshold' && p.stop !== 'postcopy';
        const fixes = [useMethod(model, analysis, intent, 'cold')];
        const postcopy = intent.policy.converge !== 'postcopy' ? convergeFix(model, analysis, m, 'postcopy') : undefined;
        if (postcopy) fixes.push(postcopy);
        report(
          intent,
          targetSpan(derive, model, intent, m.vm.name),
          `estimated downtime of vm ${m.vm.name} ${durationAbove(e.downtime, limit)} exceeds max-downtime ${formatDuration(limit)} of ${policyName(intent.policy)}: ${why}${named ? '' : ` (dirty-rate ${formatRate(dirtyRate)})`}`,
          fixes,
          m.vm.name,
          `vm ${m.vm.name} downtime ${durationAbove(e.downtime, limit)} > ${formatDuration(limit)}`,
        );
      }
    }
  },
};
