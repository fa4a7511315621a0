import type { IntentAnalysis, Migration } from '../../migration/analysis.js';
import { setAttribute } from '../../model/edits.js';
import type { Fix } from '../../model/findings.js';
import type { Datastore, Model } from '../../model/model.js';
import { formatDuration, formatSize } from '../../format.js';

// What the storage rules (VMM501, VMM504) share: where a datastore's replica is, and the fix that moves the disks with the VM.

/** The datastore the VM's datastore replicates to, when that replica is at `site`. */
export function replicaAt(model: Model, datastore: Datastore, site: string): Datastore | undefined {
  const target = datastore.replication?.target;
  if (target === undefined) return undefined;
  const replica = model.datastores.get(target);
  return replica && replica.site === site ? replica : undefined;
}

/**
 * `storage = move` on the intent, its title stating the copy time of this VM's disks: disk ÷ R,
 * with R the effective bandwidth of spec §6 on the VM's path (VMM501, VMM504).
 */
export function moveStorageFix(ia: IntentAnalysis, m: Migration): Fix {
  const { intent, vm } = m;
  let cost: string;
  if (vm.disk === 0) cost = `${vm.name} declares no disk size, so there is nothing to time`;
  else if (m.path && m.path.links.length > 0 && m.estimate?.rates) {
    const rate = m.estimate.rates.rate;
    cost = `≈ ${formatDuration(vm.disk / rate)} to copy ${vm.name}'s ${formatSize(vm.disk)} of disk with it`;
  } else cost = `copies ${vm.name}'s ${formatSize(vm.disk)} of disk with it`;
  return { title: `Set storage = move: ${cost}`, edits: [setAttribute(intent.file, intent.declaration, 'storage', 'move')] };
}
