import { formatPercent, formatRate } from '../format.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import { dirtyMigrations } from './shared/precopy.js';

/** A guest dirtying memory faster than half of R converges slowly; where auto-converge were on, the hypervisor would throttle it. */
export const VMM205: Rule = {
  code: 'VMM205',
  severity: 'info',
  summary:
    'dirty-rate > 50% of effective bandwidth with converge = none: where auto-converge were on, the hypervisor would throttle the guest (not reported with VMM201)',
  check({ model, analysis, derive, report }) {
    for (const { ia, migration, precopy, dirtyRate, rate, describe } of dirtyMigrations(analysis, derive)) {
      // A pre-copy that never stops is VMM201, which suppresses this note.
      if (ia.intent.policy.converge !== 'none' || precopy.stop === 'never' || !(dirtyRate > rate / 2)) continue;
      report(
        ia.intent,
        targetSpan(derive, model, ia.intent, migration.vm.name),
        `vm ${migration.vm.name} dirties memory at ${formatRate(dirtyRate)}, more than 50% (${formatPercent(dirtyRate / rate)}) of the effective bandwidth ${describe()}; pre-copy takes ${precopy.rounds} rounds: where auto-converge were on, the hypervisor would throttle the guest`,
        undefined,
        migration.vm.name,
      );
    }
  },
};
