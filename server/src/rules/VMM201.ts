import { formatPercent, formatRate, formatSize } from '../format.js';
import type { Rule } from './rule.js';
import { useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';
import { convergeFix, dirtyMigrations } from './shared/precopy.js';

/**
 * Pre-copy never stops (spec §6): the guest dirties memory at least as fast as R (λ ≥ 1), or a
 * working set stays above the stop threshold K, with no round or data cap and no throttling left to
 * raise; or it is not stopped within 10,000 rounds. The message says which.
 */
export const VMM201: Rule = {
  code: 'VMM201',
  severity: 'error',
  summary: 'live/routed: pre-copy never stops (dirty-rate ≥ R, or a working set above the stop threshold, with no cap and no throttling left)',
  check({ model, analysis, derive, report }) {
    for (const { ia, migration, precopy, dirtyRate, describe } of dirtyMigrations(analysis, derive)) {
      if (precopy.stop !== 'never') continue;
      const { intent } = ia;
      const name = migration.vm.name;
      const throttled = precopy.throttle > 0 ? ` even with the guest throttled to ${formatPercent(precopy.throttle)}` : '';
      let why: string;
      if (precopy.never === 'working-set') {
        why = `its working set ${formatSize(migration.vm.workingSet ?? 0)} stays dirty every round${throttled}, above the stop threshold ${formatSize(precopy.threshold)} (R × max-downtime) at R = ${describe()}`;
      } else if (precopy.never === 'round-limit') {
        why = `pre-copy does not reach the stop threshold ${formatSize(precopy.threshold)} within 10,000 rounds at R = ${describe()}`;
      } else {
        why = `it dirties memory at ${formatRate(dirtyRate)} (dirty-rate)${throttled}, at least the effective bandwidth ${describe()}`;
      }
      const fixes = [useMethod(model, analysis, intent, 'cold', 'no memory copy, so nothing to converge')];
      // Routed migration copies memory the same way, so it is no help and not offered.
      if (intent.policy.converge !== 'throttle') {
        const throttle = convergeFix(model, analysis, migration, 'throttle');
        if (throttle) fixes.push(throttle);
      }
      if (intent.policy.converge !== 'postcopy') {
        const postcopy = convergeFix(model, analysis, migration, 'postcopy');
        if (postcopy) fixes.push(postcopy);
      }
      report(
        intent,
        targetSpan(derive, model, intent, name),
        `pre-copy of vm ${name} never stops: ${why}; no max-rounds or max-data stops it`,
        fixes,
        name,
        `vm ${name}'s pre-copy never stops`,
      );
    }
  },
};
