import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import { diskFixes, disksLeftBehind } from './shared/left-behind.js';

/**
 * Storage left behind (spec §7, §10): after the move, the VM's disks are on a datastore at another
 * site, so every disk I/O crosses the WAN; or `storage = replica` names a replica that is not there.
 */
export const VMM501: Rule = {
  code: 'VMM501',
  severity: 'warning',
  summary: 'storage left behind: disks stay on a datastore at another site; every I/O crosses the WAN',
  check({ model, analysis, derive, report }) {
    for (const left of disksLeftBehind(model, analysis)) {
      // Disks on a datastore at the source of an intent with a deadline are lost with that site: VMM207's error.
      if (left.doomed) continue;
      const { intent, migration, datastore, site, target } = left;
      const { vm } = migration;
      const span = targetSpan(derive, model, intent, vm.name);
      if (left.noReplica) {
        const elsewhere = datastore.replication?.target ? model.datastores.get(datastore.replication.target) : undefined;
        const found = elsewhere?.site ? ` (its replica ${elsewhere.name} is at ${elsewhere.site})` : ' (it has no replication)';
        report(
          intent,
          span,
          `vm ${vm.name} has storage = replica, but its datastore ${datastore.name} at ${site} has no replica at ${target}${found}: there is nothing to fail over to`,
          diskFixes(model, left),
          vm.name,
          `vm ${vm.name}: no replica at ${target}`,
        );
        continue;
      }
      // storage = stay
      const path = analysis.paths.path(target, site);
      const crossing = path
        ? `every disk I/O then crosses path RTT ${formatDuration(path.rtt)} (${path.sites.join(' → ')})`
        : `no path joins ${target} to ${site}`;
      report(
        intent,
        span,
        `vm ${vm.name}'s disks stay on datastore ${datastore.name} at ${site} after the move to ${target}: ${crossing}`,
        diskFixes(model, left),
        vm.name,
        `vm ${vm.name}'s disks stay at ${site}`,
      );
    }
  },
};
