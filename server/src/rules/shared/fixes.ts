import { alternative, storageUnder, type IntentAnalysis } from '../../migration/analysis.js';
import { mergeEdits, removeAttribute, setAttributes } from '../../model/edits.js';
import type { Edit } from '../../model/findings.js';
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

/**
 * The edits that set `method = X` on an intent without dropping anything the old method did (spec
 * §7): `storage = move` where the disks were copied and would not be; a fix to routed removes
 * `address = keep`; a fix from routed to cold writes `address = new`. `more` are set with them.
 */
export function methodEdits(intent: Intent, method: Method, more: readonly (readonly [string, string])[] = []): Edit[] {
  const pairs: (readonly [string, string])[] = [['method', method]];
  if (storageUnder(intent, method).write) pairs.push(['storage', 'move']);
  if (method === 'cold' && intent.method === 'routed') pairs.push(['address', 'new']);
  pairs.push(...more.filter(([name]) => !pairs.some(([written]) => written === name)));
  const address = method === 'routed' && writtenValue(intent, 'address') === 'keep' ? intent.attributes.get('address') : undefined;
  if (!address) return setAttributes(intent.file, intent.declaration, pairs);
  // `address = keep` goes; what must be inserted takes its place (an insertion after it would overlap its removal).
  const written = (name: string) => intent.attributes.has(name);
  const missing = pairs.filter(([name]) => !written(name));
  const edits = setAttributes(
    intent.file,
    intent.declaration,
    pairs.filter(([name]) => written(name)),
  );
  if (missing.length === 0) {
    const removal = removeAttribute(intent.file, intent.declaration, 'address');
    if (removal) edits.push(removal);
  } else {
    const indent = intent.file.text.slice(intent.file.lines.lineStart(intent.file.lines.position(address.span.start).line), address.span.start);
    const separator = indent.trim() === '' ? `${intent.file.lines.newline}${indent}` : '; ';
    edits.push({ file: intent.file.path, span: address.span, newText: missing.map(([n, v]) => `${n} = ${v}`).join(separator) });
  }
  return mergeEdits(edits);
}

/** The value written for an attribute, when it is one word. */
function writtenValue(intent: Intent, name: string): string | undefined {
  const values = intent.attributes.get(name)?.values ?? [];
  return values.length === 1 && values[0].kind === 'ident' ? values[0].text : undefined;
}

/** A fix that sets `method = X` on the intent, its title stating the cost; `note` adds what it solves. */
export function useMethod(model: Model, analysis: Analysis, intent: Intent, method: Method, note?: string): Fix {
  const cost = methodCost(model, analysis, intent, method);
  const title = `${methodWords[method]}${cost ? `: ${cost}` : ''}${note ? `, ${note}` : ''}`;
  return { title, edits: methodEdits(intent, method) };
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
