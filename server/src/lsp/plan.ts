import type { CancellationToken } from 'vscode-languageserver';
import { planJson } from '../plan/json.js';
import { planResultMarkdown } from '../plan/markdown.js';
import { buildPlan } from '../plan/plan.js';
import { topologySvg } from '../plan/svg.js';
import { uriToPath } from './convert.js';
import type { Workspace } from './workspace.js';

export interface PlanParams {
  uri: string;
}

export interface PlanResponse {
  ok: boolean;
  /** The plan for people, or the list of errors that prevent it. */
  markdown: string;
  /** The plan for tools (spec §8); absent when the file has errors. */
  json?: string;
  /** The topology picture (drawn for a file with errors too). */
  svg: string;
  errors: number;
}

/** `vmm/plan`: the plan of an open document, from the same check its diagnostics come from. */
export function plan(workspace: Workspace, params: PlanParams, token?: CancellationToken): PlanResponse | null {
  const result = workspace.result(params.uri);
  if (!result || token?.isCancellationRequested) return null;
  const planned = buildPlan(result);
  if (token?.isCancellationRequested) return null;
  return {
    ok: planned.ok,
    markdown: planResultMarkdown(uriToPath(params.uri), planned),
    json: planned.ok ? planJson(planned.plan) : undefined,
    svg: topologySvg(result, planned.ok ? planned.plan : undefined),
    errors: planned.ok ? 0 : planned.errors.length,
  };
}
