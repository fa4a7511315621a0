import type { Derive } from '../../derived.js';
import type { Intent, Model, ResolvedTarget } from '../../model/model.js';
import { headerSpan } from '../../syntax/spans.js';

/**
 * The target that brought a VM into the intent: looked up in a map built once per intent, as rules
 * ask for each of its VMs. The maps are derived from the model's intents (a build makes them anew).
 */
export function targetOf(derive: Derive, model: Model, intent: Intent, vm: string): ResolvedTarget | undefined {
  const byIntent = derive('targets-by-vm', [model.intents], () => new Map<Intent, Map<string, ResolvedTarget>>());
  let byVm = byIntent.get(intent);
  if (!byVm) {
    byVm = new Map();
    for (const t of intent.targets) for (const name of t.vms) if (!byVm.has(name)) byVm.set(name, t);
    byIntent.set(intent, byVm);
  }
  return byVm.get(vm);
}

/** Where a VM entered the intent: its own name, the glob or the `service NAME` that brought it in. */
export function targetSpan(derive: Derive, model: Model, intent: Intent, vm: string): { start: number; end: number } {
  return targetOf(derive, model, intent, vm)?.target.span ?? headerSpan(intent.declaration);
}
