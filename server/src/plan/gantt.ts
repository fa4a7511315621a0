/**
 * The schedule as a Mermaid `gantt` block (spec §8): one section per wave, one bar per intent from
 * its start to its end, each deadline and window end as a milestone beside its intent's bar.
 * GitHub, GitLab and Markdown previews draw it.
 *
 * Mermaid reads dates, not durations from a start: the plan's time 0 is written as 2000-01-01
 * 00:00:00 in a local-time format, so the browser parses and labels it in the same zone and the
 * axis reads hours and minutes from the start of the plan, whatever the reader's time zone.
 */
import { formatDuration } from '../format.js';
import type { Plan, PlanIntent } from './plan.js';

const EPOCH = Date.UTC(2000, 0, 1);

/** Seconds from the start of the plan as Mermaid's `YYYY-MM-DD HH:mm:ss` (whole seconds). */
export function ganttTime(seconds: number): string {
  const d = new Date(EPOCH + Math.round(seconds) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** A task name Mermaid reads as written: no `:` (it starts the task's data), `;` or `#`. */
function taskName(text: string): string {
  return text.replace(/[:;#]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** When the intent ends after its deadline (strictly, as VMM206), or never. */
export function missesDeadline(i: PlanIntent): boolean {
  return i.deadline !== undefined && !(i.end <= i.deadline);
}

/** The latest finite time the chart must show: every end, deadline and window end (at least a minute). */
export function horizon(plan: Plan): number {
  const times = [60];
  for (const w of plan.waves) {
    if (!Number.isFinite(w.start)) continue;
    for (const i of w.intents) {
      if (Number.isFinite(i.end)) times.push(i.end);
      if (i.deadline !== undefined) times.push(i.deadline);
      if (i.window !== undefined) times.push(i.start + i.window);
    }
  }
  return Math.max(...times);
}

/** The `gantt` block's lines, fences included; none for a plan with no wave. */
export function ganttBlock(plan: Plan): string[] {
  if (plan.waves.length === 0) return [];
  const end = horizon(plan);
  const out = [
    '```mermaid',
    'gantt',
    `  title ${taskName(`Schedule of ${plan.file}, from the start of the plan`)}`,
    '  dateFormat YYYY-MM-DD HH:mm:ss',
    `  axisFormat ${end >= 86400 ? 'day %e %H:%M' : '%H:%M'}`,
    '  todayMarker off',
  ];
  const never: number[] = [];
  for (const w of plan.waves) {
    if (!Number.isFinite(w.start)) {
      never.push(w.index);
      continue;
    }
    out.push(`  section Wave ${w.index}`);
    for (const i of w.intents) {
      const finite = Number.isFinite(i.end);
      const tags = [missesDeadline(i) ? 'crit' : '', w.longest === i ? 'active' : ''].filter(Boolean);
      const when = finite ? `${formatDuration(i.start)} to ${formatDuration(i.end)}` : `from ${formatDuration(i.start)}, never ends`;
      const name = taskName(`${i.header} (line ${i.line}) ${when}`);
      out.push(`  ${name} :${tags.map((t) => `${t}, `).join('')}${ganttTime(i.start)}, ${ganttTime(finite ? i.end : Math.max(end, i.start))}`);
      if (i.deadline !== undefined) {
        out.push(
          `  ${taskName(`deadline ${formatDuration(i.deadline)} of line ${i.line}`)} :milestone, ${missesDeadline(i) ? 'crit, ' : ''}${ganttTime(i.deadline)}, 0s`,
        );
      }
      if (i.window !== undefined) {
        const late = !(i.end - i.start <= i.window);
        out.push(
          `  ${taskName(`window ${formatDuration(i.window)} of line ${i.line} ends`)} :milestone, ${late ? 'crit, ' : ''}${ganttTime(i.start + i.window)}, 0s`,
        );
      }
    }
  }
  out.push('```');
  if (never.length > 0) {
    const last = plan.waves.find((w) => Number.isFinite(w.start) && !Number.isFinite(w.end));
    out.push(
      '',
      `${never.length === 1 ? `Wave ${never[0]} never starts` : `Waves ${never[0]}–${never[never.length - 1]} never start`}: wave ${last?.index ?? '?'} never ends (a pre-copy that never stops).`,
    );
  }
  return out;
}
