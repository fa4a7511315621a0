import type { Policy } from '../../model/model.js';
import { policyFromProfile } from '../../model/profiles.js';
import { numberOf, stringOf } from '../../model/reading.js';
import { time, rate, distance, percent, integer, oneOf } from '../../model/schema.js';
import { profiles } from '../../model/schema.js';
import type { KindSpec } from '../../model/kind.js';

export const policyKind: KindSpec = {
  keyword: 'policy',
  header: 'optional-name',
  namespace: 'policy',
  doc: 'Limits a migration is checked against. The unnamed policy applies to every `migrate`; a named one where a `migrate` says `policy = name`. Attributes set here override the profile.',
  attributes: [
    { name: 'profile', type: oneOf(...profiles), doc: 'The platform whose published limits apply (spec §5).', default: 'metro' },
    { name: 'max-rtt', type: time('ms'), doc: 'Largest round-trip time a live migration may cross.', default: 'from profile' },
    { name: 'min-bandwidth', type: rate, doc: 'Least bandwidth each concurrent migration needs.', default: 'from profile' },
    {
      name: 'max-distance',
      type: distance,
      doc: 'Largest path distance for live migration (a rule of thumb; RTT is the authoritative limit).',
      default: 'from profile',
    },
    { name: 'max-downtime', type: time('ms'), doc: 'Longest acceptable switch-over pause (the last pre-copy round).', default: 'from profile' },
    { name: 'max-rounds', type: integer(0), doc: 'Pre-copy rounds before the hypervisor forces the switch-over.', default: '30' },
    { name: 'efficiency', type: percent, doc: 'Share of the bandwidth a migration stream really gets (protocol overhead, TCP).', default: '90%' },
    { name: 'max-stream', type: rate, doc: 'Most one migration stream can carry (hypervisor or appliance cap).', default: 'from profile' },
    { name: 'sync-max-rtt', type: time('ms'), doc: 'Largest RTT for synchronous storage replication.', default: '5ms' },
  ],
  blocks: [],
  editor: {
    snippet: 'policy ${1:name} {\n\tprofile = ${2|metro,vmware-metro,vmware-long-distance,hcx,kvm,hyperv|}\n}',
    symbol: 'Object',
    token: 'type',
    label: (d) => d.name?.name ?? '(default policy)',
  },
  keep: true,
  skeleton: (name) => `policy ${name} {\n  profile = metro\n}`,
  unique: (d) =>
    d.name
      ? undefined
      : {
          key: 'unnamed',
          span: d.keywordSpan,
          message: (first) => `a second unnamed policy (the first is at ${first}); name this one and use it with policy = NAME`,
        },
  build(reading) {
    const v = reading.values;
    const base = policyFromProfile(stringOf(v, 'profile') ?? 'metro');
    const policy: Policy = {
      ...base,
      name: reading.origin.declaration.name?.name,
      origin: reading.origin,
      maxRtt: numberOf(v, 'max-rtt') ?? base.maxRtt,
      minBandwidth: numberOf(v, 'min-bandwidth') ?? base.minBandwidth,
      maxDistance: numberOf(v, 'max-distance') ?? base.maxDistance,
      maxDowntime: numberOf(v, 'max-downtime') ?? base.maxDowntime,
      maxRounds: numberOf(v, 'max-rounds') ?? base.maxRounds,
      efficiency: numberOf(v, 'efficiency') ?? base.efficiency,
      maxStream: numberOf(v, 'max-stream') ?? base.maxStream,
      syncMaxRtt: numberOf(v, 'sync-max-rtt') ?? base.syncMaxRtt,
    };
    return { ...policy, ...reading.origin };
  },
};
