import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';
import { useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';
import { isLiveOrRouted } from '../migration/methods.js';
import { moveStorageFix, replicaAt } from './shared/left-behind.js';

/**
 * A live or routed move keeps the guest running: its memory is current to the last write, while an
 * async replica is up to one RPO behind. Resuming on that replica pairs new memory with old disks.
 */
export const VMM504: Rule = {
  code: 'VMM504',
  severity: 'error',
  summary: 'live/routed with storage = replica on an async replica: the running VM would resume on a disk that is behind its memory',
  check({ model, analysis, derive, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const to = intent.to;
      if (to === undefined || !isLiveOrRouted(intent.method) || intent.storage !== 'replica') continue;
      for (const m of ia.migrations) {
        const { vm } = m;
        if (vm.datastore === undefined) continue;
        const datastore = model.datastores.get(vm.datastore);
        if (!datastore || datastore.site === to || datastore.replication?.mode !== 'async') continue;
        const replica = replicaAt(model, datastore, to);
        if (!replica) continue; // no replica at the target: VMM501 says so
        const rpo = datastore.replication.rpo !== undefined ? ` (rpo ${formatDuration(datastore.replication.rpo)})` : '';
        report(
          intent,
          targetSpan(derive, model, intent, vm.name),
          `vm ${vm.name} would resume at ${to} on ${replica.name}, an async replica of ${datastore.name}${rpo}: after a ${intent.method} migration its memory is current but that disk is behind it`,
          [moveStorageFix(ia, m), useMethod(model, analysis, intent, 'cold', 'a planned failover with a final sync loses nothing')],
          vm.name,
          `vm ${vm.name} on async replica ${replica.name}`,
        );
      }
    }
  },
};
