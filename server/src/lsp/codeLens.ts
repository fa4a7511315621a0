import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { formatDuration, formatSize } from '../format.js';
import { headerSpan } from '../syntax/spans.js';
import type { Workspace } from './workspace.js';

/** On each `migrate`: its estimate (VMs, data, time, worst downtime), from the model. */
export function codeLenses(workspace: Workspace, params: CodeLensParams): CodeLens[] {
  const result = workspace.result(params.textDocument.uri);
  if (!result) return [];
  const lenses: CodeLens[] = [];
  for (const ia of result.analysis.intents) {
    if (ia.intent.file !== result.file) continue;
    const span = headerSpan(ia.intent.declaration);
    const estimates = ia.migrations.map((m) => m.estimate);
    let title: string;
    if (ia.migrations.length === 0) title = 'nothing to move';
    else if (estimates.some((e) => e === undefined) || ia.duration === undefined)
      title = `${ia.migrations.length} VM${ia.migrations.length === 1 ? '' : 's'} · no estimate (see the problems)`;
    else {
      const data = estimates.reduce((s, e) => s + e!.data, 0);
      const downtime = Math.max(...estimates.map((e) => e!.downtime));
      title = `${ia.migrations.length} VM${ia.migrations.length === 1 ? '' : 's'} · ${ia.intent.method} · ${Number.isFinite(data) ? formatSize(data) : '∞'} · ≈ ${formatDuration(ia.duration)} · worst downtime ${formatDuration(downtime)}`;
    }
    lenses.push({
      range: result.file.lines.range(span.start, span.end),
      command: { title, command: 'vmm.showEstimate', arguments: [params.textDocument.uri, ia.intent.index] },
    });
  }
  return lenses;
}
