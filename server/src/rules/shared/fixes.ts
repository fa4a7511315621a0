import { alternative, type IntentAnalysis } from '../../migration/analysis.js';
import { setAttribute } from '../../model/edits.js';
import type { Fix } from '../../model/findings.js';
import type { Intent, Method, Model } from '../../model/model.js';
import type { Analysis } from '../../migration/analysis.js';
import { formatDuration, formatSize } from '../../format.js';

/** What doing the intent another way costs, stated from the model, for a quick-fix title. */
export function methodCost(model: Model, analysis: Analysis, intent: Intent, method: Method): string | undefined {
  const alt = alternative(model, analysis, intent, method);
  if (method === 'federate') return 'new instances at the target behind the load balancer, nothing copied, no downtime';
  if (alt.duration === undefined) return undefined;
  const estimates = alt.migrations.flatMap((m) => (m.estimate ? [m.estimate] : []));
  const data = estimates.reduce((sum, e) => sum + e.data, 0);
  const worstDowntime = Math.max(0, ...estimates.map((e) => e.downtime));
  const total = alt.migrations.length > 1 ? `, ${formatDuration(alt.duration)} for all ${alt.migrations.length}` : '';
  if (method === 'cold') {
    if (data === 0) return `≈ ${formatDuration(worstDowntime)} offline (shut down, restart; no disk to copy)`;
    return `≈ ${formatDuration(worstDowntime)} offline${alt.migrations.length > 1 ? ' per VM at most' : ''}, ${formatSize(data)} copied${total}`;
  }
  if (method === 'routed') return `new IP and DNS update, ≈ ${formatDuration(alt.duration)}, downtime ≈ ${formatDuration(worstDowntime)}`;
  return `≈ ${formatDuration(alt.duration)}, downtime ≈ ${formatDuration(worstDowntime)}`;
}

const methodWords: Record<Method, string> = {
  live: 'Use live migration',
  routed: 'Use routed L3 migration',
  cold: 'Use cold migration',
  federate: 'Federate instead of moving',
};

/** A fix that sets `method = X` on the intent, its title stating the cost; `note` adds what it solves. */
export function useMethod(model: Model, analysis: Analysis, intent: Intent, method: Method, note?: string): Fix {
  const cost = methodCost(model, analysis, intent, method);
  const title = `${methodWords[method]}${cost ? `: ${cost}` : ''}${note ? `, ${note}` : ''}`;
  return { title, edits: [setAttribute(intent.file, intent.declaration, 'method', method)] };
}

/** `profile metro`, or `policy wan (profile hcx)`: where a limit comes from. */
export function policyName(policy: { name?: string; profile: string }): string {
  return policy.name ? `policy ${policy.name} (profile ${policy.profile})` : `profile ${policy.profile}`;
}

/**
 * The time an intent re-estimated another way would take, after `lead` (`, ≈ 4 m 10 s for all 3`),
 * or that its pre-copy does not converge (`still`: it did not before either); '' when unknown.
 */
export function alternativeTime(alt: IntentAnalysis, lead: string, still = false): string {
  const n = alt.migrations.length;
  if (alt.duration === undefined) return '';
  return Number.isFinite(alt.duration)
    ? `${lead}≈ ${formatDuration(alt.duration)}${n > 1 ? ` for all ${n}` : ''}`
    : `${lead}pre-copy ${still ? 'still ' : ''}does not converge`;
}
