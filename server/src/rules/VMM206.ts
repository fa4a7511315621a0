import { alternative } from '../migration/analysis.js';
import type { Fix } from '../model/findings.js';
import { formatDuration } from '../format.js';
import { headerSpan, type Rule } from './rule.js';
import { useMethod } from './shared/fixes.js';
import { canFederate } from '../migration/methods.js';
import { durationAbove, intentShape, neverFinishes } from './shared/durations.js';

/** Disaster avoidance: every migration of the intent must be done before the source site is lost. */
export const VMM206: Rule = {
  code: 'VMM206',
  severity: 'error',
  summary: 'disaster-avoidance: all its migrations cannot finish before deadline',
  check({ model, analysis, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const deadline = intent.deadline;
      // Evaluated whenever a deadline is set, whatever the reason (spec §10).
      if (deadline === undefined || ia.duration === undefined || !(ia.duration > deadline)) continue;
      const fixes: Fix[] = [];
      if (intent.method !== 'cold') {
        const cold = alternative(model, analysis, intent, 'cold');
        if (cold.duration !== undefined && cold.duration <= deadline) {
          fixes.push(useMethod(model, analysis, intent, 'cold', `done before the deadline ${formatDuration(deadline)}`));
        }
      }
      if (intent.method !== 'federate' && canFederate(model, ia)) fixes.push(useMethod(model, analysis, intent, 'federate'));
      const message = Number.isFinite(ia.duration)
        ? `estimated time of the intent ${durationAbove(ia.duration, deadline)} (${intentShape(ia)}) exceeds its deadline ${formatDuration(deadline)}: not every VM leaves ${describeSources(ia)} before it is lost`
        : `${neverFinishes(ia)} before its deadline ${formatDuration(deadline)}`;
      report(intent, headerSpan(intent.declaration), message, fixes);
    }
  },
};

function describeSources(ia: Parameters<typeof intentShape>[0]): string {
  const sources = [...new Set(ia.migrations.map((m) => m.from).filter((s): s is string => s !== undefined))];
  return sources.length === 1 ? `site ${sources[0]}` : `sites ${sources.join(', ')}`;
}
