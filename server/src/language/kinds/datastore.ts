import { insertIntoBody } from '../../model/edits.js';
import type { Datastore } from '../../model/model.js';
import { numberOf, referencesOf, stringOf } from '../../model/reading.js';
import { time, size, rate, oneOf, ref } from '../../model/schema.js';
import type { KindSpec } from '../../model/kind.js';

export const datastoreKind: KindSpec = {
  keyword: 'datastore',
  header: 'name-at',
  namespace: 'datastore',
  doc: 'Shared storage holding VM disks.',
  attributes: [
    { name: 'site', type: ref('site'), doc: 'Where the datastore is (same as `at`).', placeholder: 'site' },
    { name: 'capacity', type: size, doc: 'Size of the datastore.', default: 'unlimited' },
    { name: 'change-rate', type: rate, doc: 'Rate of writes to replicate.' },
  ],
  blocks: [
    {
      name: 'replication',
      doc: 'Replication of this datastore to another one.',
      attributes: [
        { name: 'target', type: ref('datastore'), required: true, doc: 'The replica datastore.', placeholder: 'datastore' },
        // The quick-fix writes sync: async would need an rpo too, a second VMM006 in place of the first.
        { name: 'mode', type: oneOf('sync', 'async'), required: true, doc: 'Synchronous or asynchronous replication.', placeholder: 'sync' },
        { name: 'rpo', type: time(), doc: 'Recovery point objective (required for async).', placeholder: '15min' },
      ],
    },
  ],
  editor: {
    snippet: 'datastore ${1:name} at ${2:site} {\n\tcapacity = ${3:100TB}\n}',
    symbol: 'Struct',
    token: 'struct',
  },
  keep: true,
  skeleton: (name, site) => `datastore ${name} at ${site} {\n}`,
  build(reading, context): Datastore | undefined {
    const origin = reading.origin;
    if (!origin.declaration.name) return undefined;
    const site = context.placement(reading);
    const replicationBlock = reading.blocks.get('replication');
    let replication: Datastore['replication'];
    if (replicationBlock) {
      const rv = replicationBlock.values;
      const [target] = referencesOf(rv, 'target');
      replication = {
        target: target ? context.resolve(origin, target, 'datastore')[0] : undefined,
        mode: stringOf(rv, 'mode') as 'sync' | 'async' | undefined,
        rpo: numberOf(rv, 'rpo'),
      };
      const block = replicationBlock.block;
      const present = new Set(block.body.items.map((i) => i.name));
      if (replication.mode === 'async' && !present.has('rpo')) {
        context.report('VMM006', origin, block.nameSpan, `async replication needs an rpo`, [
          { title: 'Insert rpo = 15min', edits: [insertIntoBody(origin.file, origin.declaration, block.body, 'rpo = 15min')] },
        ]);
      }
    }
    return {
      ...origin,
      name: origin.declaration.name.name,
      site,
      capacity: numberOf(reading.values, 'capacity'),
      changeRate: numberOf(reading.values, 'change-rate'),
      replication,
    };
  },
};
