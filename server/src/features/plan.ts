import type { CheckResult } from '../checker.js';
import { planJson } from '../plan/json.js';
import { planResultMarkdown } from '../plan/markdown.js';
import { buildPlan } from '../plan/plan.js';
import { topologySvg } from '../plan/svg.js';

/** The plan of an open document as the editor shows it. */
export interface DocumentPlan {
  ok: boolean;
  /** The plan for people, or the list of errors that prevent it. */
  markdown: string;
  /** The plan for tools (spec §8); absent when the file has errors. */
  json?: string;
  /** The topology picture (drawn for a file with errors too). */
  svg: string;
  errors: number;
}

/**
 * The plan of a checked document, from the same check its diagnostics come from; `path` names it
 * in the markdown. Undefined when `cancelled` says so before the plan is rendered.
 */
export function documentPlan(result: CheckResult, path: string, cancelled: () => boolean = () => false): DocumentPlan | undefined {
  const planned = buildPlan(result);
  if (cancelled()) return undefined;
  return {
    ok: planned.ok,
    markdown: planResultMarkdown(path, planned),
    json: planned.ok ? planJson(planned.plan) : undefined,
    svg: topologySvg(result, planned.ok ? planned.plan : undefined),
    errors: planned.ok ? 0 : planned.errors.length,
  };
}
