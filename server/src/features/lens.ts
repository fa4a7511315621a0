import type { CheckResult } from '../checker.js';
import { formatDuration, formatSize } from '../format.js';
import type { Estimate } from '../migration/estimate.js';
import { headerSpan } from '../syntax/spans.js';
import type { Range } from '../text.js';

/** The estimate shown above a `migrate`. */
export interface EstimateLens {
  /** The migrate's header. */
  range: Range;
  title: string;
  /** The intent's index in the model (what "Show Estimate" is asked for). */
  intent: number;
}

/** On each `migrate` of the checked file: its estimate (VMs, data, time, worst downtime), from the model. */
export function estimateLenses(result: CheckResult): EstimateLens[] {
  const lenses: EstimateLens[] = [];
  for (const ia of result.analysis.intents) {
    if (ia.intent.file !== result.file) continue;
    const span = headerSpan(ia.intent.declaration);
    const estimates = ia.migrations.map((m) => m.estimate).filter((e): e is Estimate => e !== undefined);
    let title: string;
    if (ia.migrations.length === 0) title = 'nothing to move';
    else if (estimates.length < ia.migrations.length || ia.duration === undefined)
      title = `${ia.migrations.length} VM${ia.migrations.length === 1 ? '' : 's'} · no estimate (see the problems)`;
    else {
      const data = estimates.reduce((s, e) => s + e.data, 0);
      const downtime = Math.max(...estimates.map((e) => e.downtime));
      title = `${ia.migrations.length} VM${ia.migrations.length === 1 ? '' : 's'} · ${ia.intent.method} · ${Number.isFinite(data) ? formatSize(data) : '∞'} · ≈ ${formatDuration(ia.duration)} · worst downtime ${formatDuration(downtime)}`;
    }
    lenses.push({ range: result.file.lines.range(span.start, span.end), title, intent: ia.intent.index });
  }
  return lenses;
}
