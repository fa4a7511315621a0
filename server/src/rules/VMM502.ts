import { insertIntoBody, mergeEdits } from '../model/edits.js';
import type { Edit, Fix } from '../model/findings.js';
import type { Datastore } from '../model/model.js';
import type { Block } from '../syntax/ast.js';
import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';

/** The `replication { … }` block of a datastore declaration. */
export function replicationBlock(datastore: Datastore): Block | undefined {
  const item = datastore.declaration.body?.items.find((i) => i.kind === 'block' && i.name === 'replication');
  return item?.kind === 'block' ? item : undefined;
}

/** The RPO the fix writes when an async replication needs one (the placeholder of VMM006). */
const RPO_PLACEHOLDER = '15min';

/** Synchronous replication makes every write wait for the remote acknowledgement: one RTT per write. */
export const VMM502: Rule = {
  code: 'VMM502',
  severity: 'error',
  summary: 'sync replication over a path whose RTT > sync-max-rtt',
  check({ model, analysis, report }) {
    // Datastore rules use the unnamed policy (spec §10).
    const policy = model.defaultPolicy;
    const limit = policy.syncMaxRtt;
    const source = policy.origin?.attributes.has('sync-max-rtt')
      ? `sync-max-rtt ${formatDuration(limit)} of the unnamed policy`
      : `the default sync-max-rtt ${formatDuration(limit)}`;
    for (const datastore of model.datastores.values()) {
      const replication = datastore.replication;
      if (replication?.mode !== 'sync' || replication.target === undefined || datastore.site === undefined) continue;
      const replica = model.datastores.get(replication.target);
      if (!replica || replica.site === undefined) continue;
      const path = analysis.paths.path(datastore.site, replica.site);
      if (!path || !(path.rtt > limit)) continue;
      const block = replicationBlock(datastore);
      const fixes: Fix[] = [];
      const mode = block?.body.items.find((i) => i.kind === 'attribute' && i.name === 'mode');
      if (block && mode?.kind === 'attribute' && mode.values.length > 0) {
        const edits: Edit[] = [
          { file: datastore.file.path, span: { start: mode.values[0].span.start, end: mode.values[mode.values.length - 1].span.end }, newText: 'async' },
        ];
        // Async replication needs an rpo (VMM006): add one to review when there is none.
        const hasRpo = block.body.items.some((i) => i.name === 'rpo');
        if (!hasRpo) edits.push(insertIntoBody(datastore.file, datastore.declaration, block.body, `rpo = ${RPO_PLACEHOLDER}`));
        fixes.push({
          title: `Set mode = async: writes no longer wait ${formatDuration(path.rtt)} for ${replica.site}${hasRpo ? '' : `; adds rpo = ${RPO_PLACEHOLDER} (review it)`}`,
          edits: mergeEdits(edits),
        });
      }
      report(
        datastore,
        datastore.declaration.name?.span ?? datastore.declaration.keywordSpan,
        `sync replication of datastore ${datastore.name} (${datastore.site}) to ${replica.name} (${replica.site}) crosses path RTT ${formatDuration(path.rtt)} (${path.sites.join(' → ')}), above ${source}: every write waits for the remote acknowledgement`,
        fixes,
        undefined,
        `sync replication over path RTT ${formatDuration(path.rtt)}`,
      );
    }
  },
};
