import { formatRate } from '../format.js';
import type { Rule } from './rule.js';
import { dirtyMigrations } from './shared/precopy.js';
import { useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';

/** Pre-copy cannot converge when the guest dirties memory at least as fast as the link copies it. */
export const VMM201: Rule = {
  code: 'VMM201',
  severity: 'error',
  summary: 'live/routed: dirty-rate ≥ effective bandwidth: pre-copy cannot converge without throttling the guest (SDPS, auto-converge) or post-copy',
  check({ model, analysis, derive, report }) {
    for (const { ia, migration, dirtyRate, rate, text } of dirtyMigrations(analysis)) {
      if (!(dirtyRate >= rate)) continue;
      const { intent } = ia;
      report(
        intent,
        targetSpan(derive, model, intent, migration.vm.name),
        `vm ${migration.vm.name} dirties memory at ${formatRate(dirtyRate)} (dirty-rate), at least the effective bandwidth ${text}: pre-copy never converges without throttling the guest (SDPS, auto-converge) or post-copy`,
        // Routed migration copies memory the same way, so it is no help and not offered.
        [useMethod(model, analysis, intent, 'cold', 'no memory copy, so nothing to converge')],
      );
    }
  },
};
