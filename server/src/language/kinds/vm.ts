import type { Network, Vm } from '../../model/model.js';
import { numberOf, referencesOf, stringOf } from '../../model/reading.js';
import { size, rate, integer, oneOf, ref, time, cpuBaselineNames, deviceKinds } from '../../model/schema.js';
import { formatSize } from '../../format.js';
import type { KindSpec } from '../../model/kind.js';

export const vmKind: KindSpec = {
  keyword: 'vm',
  header: 'name-at',
  namespace: 'vm',
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
    {
      name: 'resident',
      type: size,
      doc: "Memory the guest has actually touched (the host's resident size): what round 0 sends on kvm and qemu. At most memory.",
      default: 'memory',
    },
    {
      name: 'cpu',
      type: { kind: 'enum', values: cpuBaselineNames },
      doc: "CPU baseline the running VM uses (spec §4.1): its EVC mode, or its QEMU CPU model's generation.",
      default: 'none (VMM701 unchecked)',
    },
    {
      name: 'devices',
      type: { kind: 'enum', values: deviceKinds, list: true },
      doc: 'Devices that block live migration: `passthrough` (DirectPath I/O, SR-IOV, vGPU), `shared-disk` (multi-writer disk, physical RDM), `usb`.',
      default: 'none',
    },
    { name: 'restart-time', type: time(), doc: 'Time to shut this VM down and start it again (cold migration).', default: "the policy's" },
    { name: 'id', type: { kind: 'string' }, doc: 'Its identity in the inventory it came from (vSphere MoRef `vm-1042`, libvirt UUID).' },
    { name: 'sessions', type: oneOf('stateful', 'stateless'), doc: 'Whether clients hold sessions on the VM (informational).', default: 'stateful' },
    { name: 'depends-on', type: ref('vm-or-service', { list: true, globs: true }), doc: 'VMs or services this VM calls.' },
  ],
  blocks: [],
  editor: {
    snippet: 'vm ${1:name} at ${2:site} {\n\tmemory = ${3:16GiB}\n\tvcpus = ${4:4}\n}',
    symbol: 'Class',
    token: 'class',
  },
  keep: true,
  skeleton: (name, site) => `vm ${name} at ${site} {\n  memory = 8GiB\n}`,
  build(reading, context): Vm | undefined {
    const origin = reading.origin;
    const name = origin.declaration.name?.name;
    if (name === undefined) return undefined;
    const v = reading.values;
    const vm: Vm = {
      ...origin,
      name,
      site: context.placement(reading),
      memory: numberOf(v, 'memory'),
      vcpus: numberOf(v, 'vcpus') ?? 1,
      disk: numberOf(v, 'disk') ?? 0,
      datastore: context.resolveOne(reading, 'datastore', 'datastore'),
      network: context.resolveOne(reading, 'network', 'network'),
      dirtyRate: numberOf(v, 'dirty-rate'),
      workingSet: numberOf(v, 'working-set'),
      resident: numberOf(v, 'resident'),
      cpu: stringOf(v, 'cpu'),
      devices: (v.get('devices') as string[] | undefined) ?? [],
      restartTime: numberOf(v, 'restart-time'),
      id: stringOf(v, 'id'),
      sessions: stringOf(v, 'sessions') ?? 'stateful',
      dependsOn: [],
    };
    const network = vm.network ? context.entity<Network>('network', vm.network) : undefined;
    if (network && vm.site && network.sites.length > 0 && !network.sites.includes(vm.site)) {
      const attribute = origin.attributes.get('network');
      const span = attribute?.values[0]?.span ?? attribute?.span ?? origin.declaration.keywordSpan;
      context.report('VMM008', origin, span, `vm '${vm.name}' is at ${vm.site}, but network '${network.name}' exists only at ${network.sites.join(', ')}`);
    }
    // The resident size is what the guest touched of its memory: more is a mistake, left out (spec §10).
    if (vm.resident !== undefined && vm.memory !== undefined && vm.resident > vm.memory) {
      const written = origin.attributes.get('resident')?.values[0];
      context.report(
        'VMM008',
        origin,
        written?.span ?? origin.declaration.keywordSpan,
        `resident ${formatSize(vm.resident)} is more than the vm's memory ${formatSize(vm.memory)}: the guest cannot have touched more than it has`,
      );
      vm.resident = undefined;
    }
    // Its depends-on, itself left out.
    const references = referencesOf(v, 'depends-on');
    if (references.length > 0) {
      vm.dependsOn = [...new Set(references.flatMap((r) => context.resolve(origin, r, 'vm-or-service')))].filter((n) => n !== vm.name);
    }
    return vm;
  },
};
