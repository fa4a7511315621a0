import type { CheckResult } from '../checker.js';
import { planJson } from '../plan/json.js';
import { planResultMarkdown } from '../plan/markdown.js';
import { planSteps, type PlanResult } from '../plan/plan.js';
import { topologySvg } from '../plan/svg.js';
import { timelineSvg } from '../plan/timeline.js';

/** The plan of an open document as the editor shows it. */
export interface DocumentPlan {
  ok: boolean;
  /** The plan for people, or the list of errors that prevent it. */
  markdown: string;
  /** The plan for tools (spec §8); absent when the file has errors. */
  json?: string;
  /** The topology picture (drawn for a file with errors too). */
  svg: string;
  /** The schedule drawn as a timeline (spec §8); absent when the file has errors. */
  timeline?: string;
  errors: number;
}

/** How a long plan shares the thread: `pause` lets other work run between steps, `cancelled` stops it. */
export interface Cooperation {
  cancelled(): boolean;
  pause(): Promise<void>;
}

/**
 * The plan of a checked document, from the same check its diagnostics come from; `path` names it
 * in the markdown. Built in steps with a pause between them, so that a server answers other
 * requests meanwhile; undefined as soon as `cancelled` says so (a late cancel stops the work at
 * the next step, it does not wait for the plan to be done).
 */
export async function documentPlan(
  result: CheckResult,
  path: string,
  cooperation: Cooperation = { cancelled: () => false, pause: async () => {} },
): Promise<DocumentPlan | undefined> {
  const { cancelled, pause } = cooperation;
  const steps = planSteps(result);
  let planned: PlanResult | undefined;
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) {
      planned = step.value;
      break;
    }
    await pause();
    if (cancelled()) return undefined;
  }
  const rendered: Partial<DocumentPlan> = { ok: planned.ok, errors: planned.ok ? 0 : planned.errors.length };
  const renderers: (() => void)[] = [
    () => (rendered.markdown = planResultMarkdown(path, planned)),
    () => (rendered.json = planned.ok ? planJson(planned.plan) : undefined),
    () => (rendered.svg = topologySvg(result, planned.ok ? planned.plan : undefined)),
    () => (rendered.timeline = planned.ok ? timelineSvg(planned.plan) : undefined),
  ];
  for (const render of renderers) {
    await pause();
    if (cancelled()) return undefined;
    render();
  }
  return rendered as DocumentPlan;
}
