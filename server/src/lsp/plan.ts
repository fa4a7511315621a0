import type { CancellationToken } from 'vscode-languageserver';
import { documentPlan, type DocumentPlan } from '../features/plan.js';
import { uriToPath } from './convert.js';
import type { Workspace } from './workspace.js';

export interface PlanParams {
  uri: string;
}

/** What `vmm/plan` answers (client/src/plan.ts reads it). */
export type PlanResponse = DocumentPlan;

/** `vmm/plan`: the plan of an open document (features/plan.ts); null when cancelled. */
export function plan(workspace: Workspace, params: PlanParams, token?: CancellationToken): PlanResponse | null {
  const result = workspace.result(params.uri);
  if (!result || token?.isCancellationRequested) return null;
  return documentPlan(result, uriToPath(params.uri), () => token?.isCancellationRequested === true) ?? null;
}
