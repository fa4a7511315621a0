import type { Site } from '../../model/model.js';
import { numberOf } from '../../model/reading.js';
import { size, integer, cpuBaselineNames } from '../../model/schema.js';
import { stringOf } from '../../model/reading.js';
import type { KindSpec } from '../../model/kind.js';

export const siteKind: KindSpec = {
  keyword: 'site',
  header: 'name',
  namespace: 'site',
  doc: 'A data center, a provider region or any place VMs run.',
  attributes: [
    { name: 'location', type: { kind: 'location' }, doc: '`lat, lon` in degrees; gives great-circle distances to other located sites.' },
    { name: 'region', type: { kind: 'string' }, doc: 'Free text (informational).' },
    { name: 'provider', type: { kind: 'string' }, doc: 'Free text (informational).' },
    {
      name: 'cpu',
      type: { kind: 'enum', values: cpuBaselineNames },
      doc: "CPU baseline the site's hosts offer a VM that arrives live (spec §4.1): for VMware, the target cluster's EVC mode.",
      default: 'none (VMM701 unchecked)',
    },
  ],
  blocks: [
    {
      name: 'capacity',
      doc: 'What the site can hold; checked against every VM that ends there (VMM601).',
      attributes: [
        { name: 'memory', type: size, doc: 'Total memory for VMs.' },
        { name: 'vcpus', type: integer(), doc: 'Total vCPUs for VMs.' },
        { name: 'storage', type: size, doc: 'Total local storage for VM disks.' },
      ],
    },
  ],
  editor: {
    snippet: 'site ${1:name} {\n\tlocation = ${2:40.71}, ${3:-74.01}\n}',
    symbol: 'Namespace',
    token: 'namespace',
  },
  keep: true,
  skeleton: (name) => `site ${name} {\n}`,
  build(reading): Site | undefined {
    const { declaration } = reading.origin;
    if (!declaration.name) return undefined;
    const location = reading.values.get('location');
    const capacity = reading.blocks.get('capacity')?.values;
    return {
      ...reading.origin,
      name: declaration.name.name,
      location: Array.isArray(location) && typeof location[0] === 'number' ? (location as [number, number]) : undefined,
      cpu: stringOf(reading.values, 'cpu'),
      capacity: capacity ? { memory: numberOf(capacity, 'memory'), vcpus: numberOf(capacity, 'vcpus'), storage: numberOf(capacity, 'storage') } : {},
    };
  },
};
