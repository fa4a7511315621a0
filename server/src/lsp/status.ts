import { documentStatus, uncheckedStatus, type DocumentStatus } from '../features/status.js';
import type { Workspace } from './workspace.js';

export interface StatusParams {
  uri: string;
}

/** `vmm/status`: what the language status item of an open document says (features/status.ts); null for a document the server does not have. */
export function status(workspace: Workspace, params: StatusParams, version: string): DocumentStatus | null {
  const unchecked = workspace.notChecked(params.uri);
  if (workspace.documents.has(params.uri) && unchecked) return uncheckedStatus(unchecked, version);
  const result = workspace.result(params.uri);
  return result ? documentStatus(result, version) : null;
}
