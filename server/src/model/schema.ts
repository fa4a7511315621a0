import type { DeclarationKind } from '../syntax/ast.js';
import type { Dimension } from './units.js';

/** What an attribute's value must be. */
export type ValueType =
  | { kind: 'quantity'; dimension: Dimension; /** the unit a bare number means, where only one reading is sensible */ bareUnit?: string }
  | { kind: 'integer'; min: number }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'reference'; to: ReferenceKind; list?: boolean; globs?: boolean; /** extra words accepted besides references */ words?: readonly string[] }
  | { kind: 'location' };

export type ReferenceKind = 'site' | 'datastore' | 'network' | 'vm' | 'service' | 'vm-or-service' | 'policy';

export interface AttributeSpec {
  name: string;
  type: ValueType;
  required?: boolean;
  /** Shown in hover and completion. */
  doc: string;
  default?: string;
  /** The placeholder the "insert it" quick-fix writes. */
  placeholder?: string;
}

export interface BlockSpec {
  name: string;
  doc: string;
  attributes: AttributeSpec[];
}

export interface DeclarationSpec {
  kind: DeclarationKind;
  doc: string;
  attributes: AttributeSpec[];
  blocks: BlockSpec[];
}

export const profiles = ['metro', 'vmware-metro', 'vmware-long-distance', 'hcx', 'kvm', 'hyperv'] as const;
export const l2Extensions = ['none', 'vxlan-evpn', 'otv', 'vpls', 'hcx', 'geneve'] as const;
export const methods = ['live', 'routed', 'cold', 'federate'] as const;
export const reasons = ['optimize', 'maintenance', 'cloud-burst', 'federation', 'disaster-avoidance', 'follow-the-sun'] as const;

const time = (bareUnit?: string): ValueType => ({ kind: 'quantity', dimension: 'time', bareUnit });
const size: ValueType = { kind: 'quantity', dimension: 'size' };
const rate: ValueType = { kind: 'quantity', dimension: 'rate' };
const distance: ValueType = { kind: 'quantity', dimension: 'distance', bareUnit: 'km' };
const percent: ValueType = { kind: 'quantity', dimension: 'ratio', bareUnit: '%' };
const integer = (min = 1): ValueType => ({ kind: 'integer', min });
const oneOf = (...values: string[]): ValueType => ({ kind: 'enum', values });
const ref = (to: ReferenceKind, extra: Partial<Extract<ValueType, { kind: 'reference' }>> = {}): ValueType => ({ kind: 'reference', to, ...extra });

export const schema: Record<DeclarationKind, DeclarationSpec> = {
  import: { kind: 'import', doc: 'Reads the declarations of another `.vmm` file, relative to this one.', attributes: [], blocks: [] },
  policy: {
    kind: 'policy',
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
  },
  site: {
    kind: 'site',
    doc: 'A data center, a provider region or any place VMs run.',
    attributes: [
      { name: 'location', type: { kind: 'location' }, doc: '`lat, lon` in degrees; gives great-circle distances to other located sites.' },
      { name: 'region', type: { kind: 'string' }, doc: 'Free text (informational).' },
      { name: 'provider', type: { kind: 'string' }, doc: 'Free text (informational).' },
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
  },
  link: {
    kind: 'link',
    doc: 'A WAN or metro link between two sites (symmetric).',
    attributes: [
      { name: 'rtt', type: time('ms'), required: true, doc: 'Round-trip time of the link.', placeholder: '10ms' },
      { name: 'bandwidth', type: rate, required: true, doc: 'Capacity of the link.', placeholder: '10Gbps' },
      { name: 'distance', type: distance, doc: 'Fiber path length.', default: 'great-circle from both locations' },
      { name: 'share', type: percent, doc: 'Share of the bandwidth migrations may use.', default: '100%' },
      { name: 'l2-extension', type: oneOf(...l2Extensions), doc: 'How L2 segments are stretched over this link.', default: 'none' },
      { name: 'mtu', type: integer(), doc: 'Underlay MTU in bytes.', default: '1500' },
      {
        name: 'encrypted',
        type: { kind: 'boolean' },
        doc: 'Whether the overlay is encrypted (adds overhead for hcx).',
        default: 'true when l2-extension = hcx, else false',
      },
    ],
    blocks: [],
  },
  datastore: {
    kind: 'datastore',
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
  },
  network: {
    kind: 'network',
    doc: 'An L2 segment with a first-hop gateway.',
    attributes: [
      {
        name: 'sites',
        type: ref('site', { list: true }),
        required: true,
        doc: 'Sites where the segment exists; more than one means a stretched L2.',
        placeholder: 'site',
      },
      {
        name: 'gateway',
        type: ref('site', { list: true, words: ['anycast'] }),
        doc: 'Sites with an active first-hop gateway, or `anycast` (active at every site of the segment).',
        default: 'first of sites',
      },
      { name: 'ingress', type: oneOf('none', 'host-routes', 'lisp', 'gslb'), doc: 'How inbound traffic finds the site a VM is in.', default: 'none' },
      { name: 'mtu', type: integer(), doc: 'Guest MTU in bytes.', default: '1500' },
      { name: 'dns-ttl', type: time('s'), doc: 'TTL of the DNS records of VMs on this network.', default: '1h' },
    ],
    blocks: [],
  },
  vm: {
    kind: 'vm',
    doc: 'A virtual machine.',
    attributes: [
      { name: 'site', type: ref('site'), doc: 'Where the VM runs (same as `at`).', placeholder: 'site' },
      { name: 'memory', type: size, required: true, doc: 'Configured memory.', placeholder: '8GiB' },
      { name: 'vcpus', type: integer(), doc: 'Virtual CPUs.', default: '1' },
      { name: 'disk', type: size, doc: 'Size of its disks.', default: '0' },
      { name: 'datastore', type: ref('datastore'), doc: 'Datastore holding the disks.', default: 'none (local disks, moved with the VM)' },
      { name: 'network', type: ref('network'), doc: 'The L2 segment the VM is attached to.' },
      { name: 'dirty-rate', type: rate, doc: 'Rate at which the guest dirties memory.', default: 'none (convergence unchecked)' },
      { name: 'working-set', type: size, doc: 'Size of the writable working set (a floor for every pre-copy round).' },
      { name: 'sessions', type: oneOf('stateful', 'stateless'), doc: 'Whether clients hold sessions on the VM (informational).', default: 'stateful' },
      { name: 'depends-on', type: ref('vm-or-service', { list: true, globs: true }), doc: 'VMs or services this VM calls.' },
    ],
    blocks: [],
  },
  service: {
    kind: 'service',
    doc: 'A group of VMs behind one name.',
    attributes: [
      { name: 'vms', type: ref('vm', { list: true, globs: true }), required: true, doc: 'Its VMs (globs allowed).', placeholder: 'vm' },
      { name: 'load-balancer', type: oneOf('none', 'local', 'gslb'), doc: 'The load balancer in front of the service.', default: 'none' },
      { name: 'scalable', type: { kind: 'boolean' }, doc: 'More instances can be started behind the load balancer.', default: 'false' },
    ],
    blocks: [],
  },
  migrate: {
    kind: 'migrate',
    doc: 'An intent: move these VMs to that site.',
    attributes: [
      {
        name: 'method',
        type: oneOf(...methods),
        doc: '`live` keeps IP and MAC; `routed` re-addresses at the target; `cold` shuts down and copies; `federate` starts new instances at the target.',
        default: 'live',
      },
      { name: 'reason', type: oneOf(...reasons), doc: 'Why the VMs move.', default: 'optimize' },
      {
        name: 'storage',
        type: oneOf('stay', 'move', 'replica'),
        doc: '`stay`: disks stay where they are; `move`: copied with the VM; `replica`: fail over to the target-side replica.',
        default: 'move for cold, stay otherwise',
      },
      { name: 'window', type: time(), doc: 'Time available for the whole intent.' },
      { name: 'deadline', type: time(), doc: 'Time before the source site is lost (disaster avoidance).' },
      { name: 'concurrency', type: integer(), doc: 'Migrations run at once over the path.', default: '1' },
      { name: 'policy', type: ref('policy'), doc: 'Named policy to check against.', default: 'the unnamed policy' },
    ],
    blocks: [],
  },
};

export function attributeSpec(kind: DeclarationKind, name: string, block?: string): AttributeSpec | undefined {
  const spec = schema[kind];
  const attributes = block === undefined ? spec.attributes : spec.blocks.find((b) => b.name === block)?.attributes;
  return attributes?.find((a) => a.name === name);
}
