import { insertAttribute } from '../model/edits.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import { isLiveOrRouted } from '../migration/methods.js';

/**
 * The value the quick-fix inserts: a placeholder that parses, in the range a moderately busy server
 * guest dirties memory (tens to a few hundred MB/s). It is meant to be replaced by a measured figure.
 */
export const DIRTY_RATE_PLACEHOLDER = '100MB/s';

/** Without a dirty rate the model assumes one pre-copy round and no downtime: convergence is not checked. */
export const VMM204: Rule = {
  code: 'VMM204',
  severity: 'info',
  summary: 'live/routed with no dirty-rate: convergence unchecked',
  check({ model, analysis, derive, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      if (!isLiveOrRouted(intent.method)) continue;
      for (const m of ia.migrations) {
        // Present but invalid: VMM003/VMM008 already say so.
        if (m.vm.dirtyRate !== undefined || m.vm.attributes.has('dirty-rate')) continue;
        report(
          intent,
          targetSpan(derive, model, intent, m.vm.name),
          `vm ${m.vm.name} has no dirty-rate, so whether its pre-copy converges is unchecked: the estimates assume memory is copied once with no downtime`,
          [
            {
              title: `Insert dirty-rate = ${DIRTY_RATE_PLACEHOLDER} into vm ${m.vm.name} (a placeholder: measure the guest's real rate)`,
              edits: [insertAttribute(m.vm.file, m.vm.declaration, 'dirty-rate', DIRTY_RATE_PLACEHOLDER)],
            },
          ],
          m.vm.name,
        );
      }
    }
  },
};
