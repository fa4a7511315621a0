import { alternative, type Analysis, type IntentAnalysis } from '../migration/analysis.js';
import type { Fix } from '../model/findings.js';
import type { Intent, Method, Model } from '../model/model.js';
import { formatDuration } from '../format.js';
import { headerSpan, type Rule } from './rule.js';
import { useMethod } from './shared/fixes.js';
import { canFederate } from '../migration/methods.js';
import { scheduleIntents, type Schedule } from '../migration/schedule.js';
import { durationAbove, intentShape, neverFinishes } from './shared/durations.js';

/**
 * The plan's schedule of each file's intents that move a VM (spec §8, §10: computed for the whole
 * file even when it has errors; an intent with no figures takes no time). `replace` puts one
 * intent done another way in place of the written one: what a fix would make of the schedule.
 */
function scheduleOf(model: Model, intents: readonly IntentAnalysis[], replace?: IntentAnalysis): Schedule<IntentAnalysis> {
  return scheduleIntents(
    model,
    intents.map((ia) => (replace && ia.intent === replace.intent ? replace : ia)),
  );
}

/** The intents of each file, in declaration order: a file's plan schedules its own intents. */
function byFile(analysis: Analysis): IntentAnalysis[][] {
  const files = new Map<unknown, IntentAnalysis[]>();
  for (const ia of analysis.intents) {
    if (ia.migrations.length === 0) continue;
    const list = files.get(ia.intent.file);
    if (list) list.push(ia);
    else files.set(ia.intent.file, [ia]);
  }
  return [...files.values()];
}

function describeSources(ia: IntentAnalysis): string {
  const sources = [...new Set(ia.migrations.map((m) => m.from).filter((s): s is string => s !== undefined))];
  return sources.length === 1 ? `site ${sources[0]}` : `sites ${sources.join(', ')}`;
}

/**
 * Disaster avoidance: every migration of the intent must be done before the source site is lost,
 * in the plan's schedule: the intent starts when the waves before it have ended (spec §7, §10).
 */
export const VMM206: Rule = {
  code: 'VMM206',
  severity: 'error',
  summary: "an intent with a deadline ends after it in the plan's schedule (it starts when the waves before it have ended)",
  check({ model, analysis, report }) {
    for (const intents of byFile(analysis)) {
      // Evaluated whenever a deadline is set, whatever the reason (spec §10).
      if (!intents.some((ia) => ia.intent.deadline !== undefined)) continue;
      const schedule = scheduleOf(model, intents);
      for (const ia of intents) {
        const { intent } = ia;
        const deadline = intent.deadline;
        const at = schedule.byIntent.get(intent);
        // No figures (a migration without a path or an estimate: its own error says why).
        if (deadline === undefined || !at || at.end === undefined || at.end <= deadline) continue;
        const wave = schedule.waves[at.wave];
        const previous = schedule.waves[at.wave - 1];
        let message: string;
        if (!Number.isFinite(at.start)) {
          const stuck = schedule.waves.find((w) => Number.isFinite(w.start) && !Number.isFinite(w.end));
          const why = stuck?.longest ? ` (${neverFinishes(stuck.longest.analysis)})` : '';
          message = `in the plan's schedule the intent never starts, so it cannot finish before its deadline ${formatDuration(deadline)}: it runs in wave ${wave.index}, after wave ${stuck?.index ?? previous.index}, which never ends${why}`;
        } else if (!Number.isFinite(at.end)) {
          message = `${neverFinishes(ia)} before its deadline ${formatDuration(deadline)} (wave ${wave.index})`;
        } else {
          const from = previous ? `from ${formatDuration(wave.start)} when wave ${previous.index} ends` : 'from the start of the plan';
          message = `in the plan's schedule the intent ends at ${durationAbove(at.end, deadline)} (wave ${wave.index}, ${from}: ${formatDuration(ia.duration ?? 0)} for ${intentShape(ia)}), after its deadline ${formatDuration(deadline)}: not every VM leaves ${describeSources(ia)} before it is lost`;
        }
        const fixes: Fix[] = [];
        for (const method of ['cold', 'federate'] as Method[]) {
          if (intent.method === method || (method === 'federate' && !canFederate(model, ia))) continue;
          const fix = methodFix(model, analysis, intents, intent, method, deadline);
          if (fix) fixes.push(fix);
        }
        const brief = Number.isFinite(at.end)
          ? `ends ${durationAbove(at.end, deadline)} in wave ${wave.index} > deadline ${formatDuration(deadline)}`
          : `never ends, deadline ${formatDuration(deadline)}`;
        report(intent, headerSpan(intent.declaration), message, fixes, undefined, brief);
      }
    }
  },
};

/** The intent done by another method, offered when it then ends by the deadline in the schedule; its title says when it ends. */
function methodFix(model: Model, analysis: Analysis, intents: readonly IntentAnalysis[], intent: Intent, method: Method, deadline: number): Fix | undefined {
  const alt = alternative(model, analysis, intent, method);
  const end = scheduleOf(model, intents, alt).byIntent.get(intent);
  if (end?.end === undefined || !(end.end <= deadline)) return undefined;
  return useMethod(
    model,
    analysis,
    intent,
    method,
    `ends at ${formatDuration(end.end)} in wave ${end.wave + 1}, before the deadline ${formatDuration(deadline)}`,
  );
}
