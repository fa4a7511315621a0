import { formatPercent, formatRate } from '../format.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import { dirtyMigrations } from './shared/precopy.js';

/** A guest dirtying memory faster than half the copy rate converges slowly; auto-converge may throttle it. */
export const VMM205: Rule = {
  code: 'VMM205',
  severity: 'info',
  summary: 'dirty-rate > 50% of effective bandwidth: where auto-converge is on, the hypervisor may throttle the guest (not reported with VMM201)',
  check({ model, analysis, derive, report }) {
    for (const { ia, migration, dirtyRate, rate, text } of dirtyMigrations(analysis)) {
      // At or above R it is VMM201, which suppresses this note.
      if (!(dirtyRate > rate / 2) || dirtyRate >= rate) continue;
      const rounds = migration.estimate?.precopy ? `; pre-copy takes ${migration.estimate.precopy.rounds} rounds` : '';
      report(
        ia.intent,
        targetSpan(derive, model, ia.intent, migration.vm.name),
        `vm ${migration.vm.name} dirties memory at ${formatRate(dirtyRate)}, more than 50% (${formatPercent(dirtyRate / rate)}) of the effective bandwidth ${text}${rounds}: where auto-converge is on, the hypervisor may throttle the guest`,
      );
    }
  },
};
