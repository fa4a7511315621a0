import { alternative, type Analysis, type IntentAnalysis } from '../migration/analysis.js';
import type { Model } from '../model/model.js';
import { setAttribute } from '../model/edits.js';
import type { Fix } from '../model/findings.js';
import { formatDuration, formatRate } from '../format.js';
import { headerSpan, type Rule } from './rule.js';
import { durationAbove, intentShape, neverFinishes } from './shared/durations.js';
import { useMethod } from './shared/fixes.js';
import { isLiveOrRouted } from '../migration/methods.js';

/**
 * The smallest concurrency above the current one that brings the intent within `limit`, keeping the
 * bandwidth per migration at or above min-bandwidth (live/routed) and within the profile's cap.
 */
export function concurrencyWithin(
  model: Model,
  analysis: Analysis,
  ia: IntentAnalysis,
  limit: number,
): { concurrency: number; alt: IntentAnalysis & { duration: number } } | undefined {
  const { intent } = ia;
  const n = ia.migrations.length;
  const cap = intent.policy.maxConcurrency ?? Infinity;
  for (let c = intent.concurrency + 1; c <= Math.min(n, cap); c++) {
    const alt = alternative(model, analysis, intent, intent.method, c);
    const duration = alt.duration;
    if (duration === undefined || !(duration <= limit)) continue;
    const minimum = intent.policy.minBandwidth;
    if (
      isLiveOrRouted(intent.method) &&
      minimum !== undefined &&
      alt.migrations.some((m) => m.path && m.path.links.length > 0 && m.path.bandwidth / alt.concurrent < minimum)
    )
      continue;
    return { concurrency: c, alt: { ...alt, duration } };
  }
  return undefined;
}

/** A fix raising concurrency, its title stating the new time and the bandwidth each migration keeps. */
export function raiseConcurrency(ia: IntentAnalysis, found: { concurrency: number; alt: IntentAnalysis & { duration: number } }, what: string): Fix {
  const { intent } = ia;
  const paths: number[] = [];
  for (const m of found.alt.migrations) if (m.path && m.path.links.length > 0) paths.push(m.path.bandwidth / found.alt.concurrent);
  const per = paths.length > 0 ? `, path share ${formatRate(Math.min(...paths))} per migration` : '';
  return {
    title: `Raise concurrency to ${found.concurrency}: ≈ ${formatDuration(found.alt.duration)} for all ${found.alt.migrations.length}${per}, within the ${what}`,
    edits: [setAttribute(intent.file, intent.declaration, 'concurrency', String(found.concurrency))],
  };
}

/** The estimated time of the whole intent (makespan of its concurrent slots, spec §6) does not fit its window. */
export const VMM203: Rule = {
  code: 'VMM203',
  severity: 'warning',
  summary: 'estimated time of the intent > window',
  check({ model, analysis, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const window = intent.window;
      if (window === undefined || ia.duration === undefined || !(ia.duration > window)) continue;
      const fixes: Fix[] = [];
      const found = concurrencyWithin(model, analysis, ia, window);
      if (found) fixes.push(raiseConcurrency(ia, found, `window ${formatDuration(window)}`));
      if (intent.method !== 'cold') {
        const cold = alternative(model, analysis, intent, 'cold');
        if (cold.duration !== undefined && cold.duration <= window)
          fixes.push(useMethod(model, analysis, intent, 'cold', `within the window ${formatDuration(window)}`));
      }
      const message = Number.isFinite(ia.duration)
        ? `estimated time of the intent ${durationAbove(ia.duration, window)} (${intentShape(ia)}) exceeds its window ${formatDuration(window)}`
        : `${neverFinishes(ia)} within its window ${formatDuration(window)}`;
      const brief = Number.isFinite(ia.duration)
        ? `${durationAbove(ia.duration, window)} > window ${formatDuration(window)}`
        : `never ends, window ${formatDuration(window)}`;
      report(intent, headerSpan(intent.declaration), message, fixes, undefined, brief);
    }
  },
};
