/**
 * The plan for people: a summary table, the schedule as a Mermaid gantt, then each wave with a table of its migrations, then each
 * migration's steps, open warnings and rollback. Figures as format.ts writes them everywhere else.
 */
import type { Diagnostic } from '../checker.js';
import { formatPercent, formatDuration, formatRate, formatSize } from '../format.js';
import { isLiveOrRouted } from '../migration/methods.js';
import type { Plan, PlanIntent, PlanMigration, PlanResult, PlanWarning, PlanWave } from './plan.js';
import { ganttBlock, missesDeadline } from './gantt.js';
import { baseName } from '../filepath.js';

/** Text in a Markdown paragraph or table cell, read literally (rule messages hold `*`, `_`, `|`, `<`). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

function code(name: string): string {
  return '`' + name.replace(/`/g, '') + '`';
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: string[][]): string[] {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

function warningLine(w: PlanWarning): string {
  return `- Line ${w.line}, ${w.severity} ${w.code}: ${escapeMarkdown(w.message)}`;
}

/** `0 s → 12 m 5 s`, `1 h → never`, `never`: a span of the schedule. */
function span(start: number, end: number): string {
  if (!Number.isFinite(start)) return 'never starts';
  return `${formatDuration(start)} → ${Number.isFinite(end) ? formatDuration(end) : 'never ends'}`;
}

function intentLine(i: PlanIntent): string {
  const n = i.vms.length;
  const vms = n === 1 ? '1 VM' : `${n} VMs, ${i.concurrent} at a time`;
  const limits = [
    i.window !== undefined ? `window ${formatDuration(i.window)}${i.duration > i.window ? ', exceeded' : ''}` : '',
    i.deadline !== undefined
      ? `deadline ${formatDuration(i.deadline)}${missesDeadline(i) ? `, missed: ends ${Number.isFinite(i.end) ? formatDuration(i.end) : 'never'}` : ', met'}`
      : '',
  ].filter(Boolean);
  return `- ${code(i.header)} (line ${i.line}): ${i.method}, ${vms}, ≈ ${formatDuration(i.duration)}, ${span(i.start, i.end)}${limits.length ? ` (${limits.join('; ')})` : ''}`;
}

/** `## Wave 2: 12 m → 1 h 5 m (≈ 53 m)` and which intent sets its length. */
function waveHeading(w: PlanWave): string[] {
  const out = [`## Wave ${w.index}: ${span(w.start, w.end)} (≈ ${formatDuration(w.duration)})`, ''];
  if (w.longest && w.intents.length > 1 && Number.isFinite(w.start)) {
    out.push(`Its length is set by ${code(w.longest.header)} (line ${w.longest.line}); the next wave starts when it ends.`, '');
  }
  return out;
}

/** How pre-copy ended (spec §8 `stop`), with the throttle or the post-copy pull where there was one. */
function precopyEnd(m: PlanMigration): string {
  switch (m.stop) {
    case 'never':
      return 'never';
    case 'postcopy':
      return `post-copy, ${formatSize(m.postcopy)} pulled`;
    case 'max-rounds':
    case 'max-data':
      return `${m.stop} (forced)`;
    default:
      return m.throttle > 0 ? `threshold, throttled ≤ ${formatPercent(m.throttle)} for ${formatDuration(m.throttled)}` : (m.stop ?? '—');
  }
}

function migrationRow(m: PlanMigration): string[] {
  const copiesMemory = isLiveOrRouted(m.method);
  return [
    code(m.vm),
    `${m.from} → ${m.to}`,
    m.method === 'federate' ? m.method : `${m.method}, ${m.address === 'new' ? 'new address' : 'keeps address'}`,
    m.path.length > 0 ? m.path.join(' → ') : '—',
    m.path.length > 1 ? formatDuration(m.rtt) : '—',
    m.method !== 'federate' && m.path.length > 1 ? formatRate(m.bandwidth) : '—',
    formatSize(m.data),
    copiesMemory ? (m.rounds === 0 ? '0' : `0–${m.rounds}`) : '—',
    copiesMemory ? precopyEnd(m) : '—',
    formatDuration(m.duration),
    formatDuration(m.downtime),
    span(m.start, m.end),
    m.warnings.length > 0 ? [...new Set(m.warnings.map((w) => w.code))].join(', ') : '—',
  ];
}

function migrationSection(m: PlanMigration): string[] {
  const out = [`### ${m.vm}: ${m.from} → ${m.to}, ${m.method}`, '', 'Steps:', ''];
  m.steps.forEach((s, i) => out.push(`${i + 1}. ${escapeMarkdown(s)}`));
  out.push('');
  if (m.warnings.length === 0) out.push('Open warnings: none.');
  else out.push('Open warnings:', '', ...m.warnings.map(warningLine));
  out.push('', `Rollback: ${escapeMarkdown(m.rollback)}`, '');
  return out;
}

export function planMarkdown(plan: Plan): string {
  const s = plan.summary;
  const out = [`# Migration plan: ${escapeMarkdown(plan.file)}`, ''];
  out.push(
    ...table(
      ['Summary', ''],
      [
        ['Migrations', String(s.migrations)],
        ['Waves', String(s.waves)],
        ['Data to send', formatSize(s.data)],
        ['Total time', formatDuration(s.duration)],
        ['Worst downtime', formatDuration(s.worstDowntime)],
        ['Open warnings', String(s.warnings.length)],
      ],
    ),
    '',
  );
  if (s.warnings.length > 0) out.push('## Open warnings', '', ...s.warnings.map(warningLine), '');
  if (plan.waves.length === 0) out.push('Nothing to migrate: the file has no `migrate` that moves a VM.', '');
  else {
    out.push(
      '## Schedule',
      '',
      'Waves run one after another from 0: a wave ends when its longest intent ends (highlighted), and the next starts then. Deadlines count from the start of the plan, windows from the start of their intent; a red bar or mark is one that is missed.',
      '',
      ...ganttBlock(plan),
      '',
    );
  }
  for (const wave of plan.waves) {
    out.push(...waveHeading(wave), ...wave.intents.map(intentLine), '');
    out.push(
      ...table(
        ['VM', 'From → To', 'Method', 'Path', 'RTT', 'Bandwidth', 'Data', 'Rounds', 'Pre-copy ends', 'Time', 'Downtime', 'Start → End', 'Warnings'],
        wave.migrations.map(migrationRow),
      ),
      '',
    );
    for (const m of wave.migrations) out.push(...migrationSection(m));
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** No plan: the errors to fix first, each with its line. */
export function errorsMarkdown(file: string, errors: Diagnostic[]): string {
  const out = [
    `# Migration plan: ${escapeMarkdown(baseName(file))}`,
    '',
    `No plan: the file has ${errors.length} error${errors.length === 1 ? '' : 's'}. Fix ${errors.length === 1 ? 'it' : 'them'} first:`,
    '',
  ];
  for (const e of errors) out.push(`- Line ${e.range.start.line + 1}, ${e.code}: ${escapeMarkdown(e.message)}`);
  return out.join('\n') + '\n';
}

/** The plan, or the errors that prevent it. */
export function planResultMarkdown(file: string, result: PlanResult): string {
  return result.ok ? planMarkdown(result.plan) : errorsMarkdown(file, result.errors);
}
