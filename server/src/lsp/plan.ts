import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { documentPlan, type DocumentPlan } from '../features/plan.js';
import { uriToPath } from './convert.js';
import type { Workspace } from './workspace.js';

export interface PlanParams {
  uri: string;
}

/** What `vmm/plan` answers (client/src/plan.ts reads it). */
export type PlanResponse = DocumentPlan;

/** Lets the connection read and answer other messages (a cancellation among them) between two steps of a plan. */
const yieldToOtherRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `vmm/plan`: the plan of an open document (features/plan.ts), null for a document the server does
 * not have. Off the request path: built in steps, other requests are answered between them; a
 * cancellation stops it at the next step and answers RequestCancelled.
 */
export async function plan(workspace: Workspace, params: PlanParams, token?: CancellationToken): Promise<PlanResponse | null> {
  const cancelled = () => token?.isCancellationRequested === true;
  const cancel = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'vmm/plan was cancelled');
  await yieldToOtherRequests();
  if (cancelled()) throw cancel();
  const result = workspace.result(params.uri);
  if (!result) return null;
  const planned = await documentPlan(result, uriToPath(params.uri), { cancelled, pause: yieldToOtherRequests });
  if (!planned) throw cancel();
  return planned;
}
