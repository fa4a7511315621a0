import type { Service } from '../../model/model.js';
import { referencesOf, stringOf } from '../../model/reading.js';
import { oneOf, ref } from '../../model/schema.js';
import type { KindSpec } from '../../model/kind.js';

export const serviceKind: KindSpec = {
  keyword: 'service',
  header: 'name',
  namespace: 'vm',
  doc: 'A group of VMs behind one name.',
  attributes: [
    { name: 'vms', type: ref('vm', { list: true, globs: true }), required: true, doc: 'Its VMs (globs allowed).', placeholder: 'vm' },
    { name: 'load-balancer', type: oneOf('none', 'local', 'gslb'), doc: 'The load balancer in front of the service.', default: 'none' },
    { name: 'scalable', type: { kind: 'boolean' }, doc: 'More instances can be started behind the load balancer.', default: 'false' },
  ],
  blocks: [],
  editor: {
    snippet: 'service ${1:name} {\n\tvms = ${2:web-*}\n\tload-balancer = ${3|none,local,gslb|}\n}',
    symbol: 'Package',
    token: 'type',
  },
  keep: true,
  skeleton: (name) => `service ${name} {\n  vms = vm\n}`,
  build(reading, context): Service | undefined {
    const origin = reading.origin;
    if (!origin.declaration.name) return undefined;
    const v = reading.values;
    return {
      ...origin,
      name: origin.declaration.name.name,
      vms: [...new Set(referencesOf(v, 'vms').flatMap((r) => context.resolve(origin, r, 'vm')))],
      loadBalancer: stringOf(v, 'load-balancer') ?? 'none',
      scalable: v.get('scalable') === true,
    };
  },
};
