import type { IntentAnalysis, Migration } from '../migration/analysis.js';
import { setAttribute } from '../model/edits.js';
import type { Fix } from '../model/findings.js';
import type { Datastore, Model } from '../model/model.js';
import { formatDuration, formatSize } from '../format.js';
import type { Rule } from './rule.js';
import { isLiveOrRouted, targetSpan } from './fixes.js';

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

/**
 * Storage left behind (spec §7, §10): after the move, the VM's disks are on a datastore at another
 * site, so every disk I/O crosses the WAN; or `storage = replica` names a replica that is not there.
 */
export const VMM501: Rule = {
  code: 'VMM501',
  severity: 'warning',
  summary: 'storage left behind: disks stay on a datastore at another site; every I/O crosses the WAN',
  check({ model, analysis, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const to = intent.to;
      if (to === undefined) continue;
      // Applies to live and routed (stay or replica), and to cold with storage = stay, or replica
      // without a replica at the target (spec §10): whatever the method, disks not moved stay behind.
      const applies = (isLiveOrRouted(intent.method) || intent.method === 'cold') && intent.storage !== 'move';
      if (!applies) continue;
      for (const m of ia.migrations) {
        const { vm } = m;
        if (vm.datastore === undefined) continue; // local disks always move with the VM
        const datastore = model.datastores.get(vm.datastore);
        if (!datastore || datastore.site === undefined || datastore.site === to) continue;
        const span = targetSpan(intent, vm.name);
        if (intent.storage === 'replica') {
          if (replicaAt(model, datastore, to)) continue;
          const elsewhere = datastore.replication?.target ? model.datastores.get(datastore.replication.target) : undefined;
          const found = elsewhere?.site ? ` (its replica ${elsewhere.name} is at ${elsewhere.site})` : ' (it has no replication)';
          report(
            intent,
            span,
            `vm ${vm.name} has storage = replica, but its datastore ${datastore.name} at ${datastore.site} has no replica at ${to}${found}: there is nothing to fail over to`,
            [moveStorageFix(ia, m)],
          );
          continue;
        }
        // storage = stay
        const path = analysis.paths.path(to, datastore.site);
        const crossing = path
          ? `every disk I/O then crosses path RTT ${formatDuration(path.rtt)} (${path.sites.join(' → ')})`
          : `no path joins ${to} to ${datastore.site}`;
        const fixes: Fix[] = [moveStorageFix(ia, m)];
        const replica = replicaAt(model, datastore, to);
        // A live or routed VM cannot resume on an async replica (VMM504): offer it only where it is usable.
        if (replica && datastore.replication?.mode && (datastore.replication.mode === 'sync' || intent.method === 'cold')) {
          fixes.push({
            title: `Set storage = replica: fail over to ${replica.name} at ${to} (${datastore.replication.mode} replica of ${datastore.name})`,
            edits: [setAttribute(intent.file, intent.declaration, 'storage', 'replica')],
          });
        }
        report(intent, span, `vm ${vm.name}'s disks stay on datastore ${datastore.name} at ${datastore.site} after the move to ${to}: ${crossing}`, fixes);
      }
    }
  },
};
