import type { CheckResult } from '../checker.js';
import { formatDuration, formatSize } from '../format.js';
import type { IntentAnalysis } from '../migration/analysis.js';
import { precopyEnd } from './precopy.js';
import type { Span } from '../syntax/ast.js';
import { headerSpan } from '../syntax/spans.js';

export interface Lens {
  span: Span;
  title: string;
  /** The intent's index in the model. */
  intent: number;
}

/** The estimate of an intent in one line: VMs, method, data, time, worst downtime, and how pre-copy ends where one VM's does something to say. */
export function intentLensTitle(ia: IntentAnalysis): string {
  const n = ia.migrations.length;
  const vms = `${n} VM${n === 1 ? '' : 's'}`;
  if (n === 0) return 'nothing to move';
  const estimates = ia.migrations.map((m) => m.estimate);
  if (estimates.some((e) => e === undefined) || ia.duration === undefined) return `${vms} · no estimate (see the problems)`;
  const data = estimates.reduce((s, e) => s + (e?.data ?? 0), 0);
  const downtime = Math.max(...estimates.map((e) => e?.downtime ?? 0));
  const title = `${vms} · ${ia.intent.method} · ${Number.isFinite(data) ? formatSize(data) : '∞'} · ≈ ${formatDuration(ia.duration)} · worst downtime ${formatDuration(downtime)}`;
  // The first VM whose pre-copy is throttled, forced, switched to post-copy or never stops.
  for (const m of ia.migrations) {
    const p = m.estimate?.precopy;
    if (!p || (p.stop === 'threshold' && p.throttle === 0)) continue;
    const end = precopyEnd(m);
    if (end) return `${title} · ${m.vm.name} ${end}`;
  }
  return title;
}

/** On each `migrate` of the checked file: its estimate, from the model. */
export function codeLenses(result: CheckResult): Lens[] {
  return result.analysis.intents
    .filter((ia) => ia.intent.file === result.file)
    .map((ia) => ({ span: headerSpan(ia.intent.declaration), title: intentLensTitle(ia), intent: ia.intent.index }));
}
