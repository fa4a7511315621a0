import { formatDuration, formatRate } from '../format.js';
import type { Rule } from './rule.js';

/**
 * Async replication keeps its RPO only while the link drains the writes faster than they come;
 * the rule of thumb is that the change rate needs no more than half the raw path bandwidth.
 */
export const VMM503: Rule = {
  code: 'VMM503',
  severity: 'warning',
  summary: 'async replication cannot hold its RPO: change-rate needs more than half the link',
  check({ model, analysis, report }) {
    for (const datastore of model.datastores.values()) {
      const replication = datastore.replication;
      const changeRate = datastore.changeRate;
      if (replication?.mode !== 'async' || replication.target === undefined || changeRate === undefined || datastore.site === undefined) continue;
      const replica = model.datastores.get(replication.target);
      if (!replica || replica.site === undefined) continue;
      const path = analysis.paths.path(datastore.site, replica.site);
      // Same site: no WAN in between. No path: nothing to compare with.
      if (!path || path.links.length === 0) continue;
      const half = path.rawBandwidth / 2;
      if (!(changeRate > half)) continue;
      const rpo = replication.rpo !== undefined ? ` rpo ${formatDuration(replication.rpo)}` : ' RPO';
      report(
        datastore,
        datastore.declaration.name?.span ?? datastore.declaration.keywordSpan,
        `async replication of datastore ${datastore.name} (${datastore.site}) to ${replica.name} (${replica.site}) cannot hold its${rpo}: change-rate ${formatRate(changeRate)} exceeds half the raw path bandwidth, ${formatRate(path.rawBandwidth)} ÷ 2 = ${formatRate(half)} (${path.sites.join(' → ')})`,
        undefined,
        undefined,
        `change-rate ${formatRate(changeRate)} > ${formatRate(half)}`,
      );
    }
  },
};
