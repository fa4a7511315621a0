import type { Network } from '../../model/model.js';
import { numberOf, referencesOf, stringOf } from '../../model/reading.js';
import type { Reference } from '../../model/values.js';
import { time, integer, oneOf, ref } from '../../model/schema.js';
import type { KindSpec } from '../../model/kind.js';

export const networkKind: KindSpec = {
  keyword: 'network',
  header: 'name',
  namespace: 'network',
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
  editor: {
    snippet: 'network ${1:name} {\n\tsites = ${2:site}\n}',
    symbol: 'Module',
    token: 'interface',
  },
  keep: true,
  skeleton: (name, site) => `network ${name} {\n  sites = ${site}\n}`,
  build(reading, context): Network | undefined {
    const origin = reading.origin;
    if (!origin.declaration.name) return undefined;
    const v = reading.values;
    const sites = [...new Set(referencesOf(v, 'sites').flatMap((r) => context.resolve(origin, r, 'site')))];
    const gatewayValue = v.get('gateway');
    let gateway: Network['gateway'];
    if (gatewayValue === 'anycast') gateway = 'anycast';
    else if (Array.isArray(gatewayValue)) {
      gateway = [];
      for (const r of gatewayValue as Reference[]) {
        const [s] = context.resolve(origin, r, 'site');
        if (!s) continue;
        if (!sites.includes(s)) context.report('VMM008', origin, r.span, `gateway site ${s} is not one of the network's sites (${sites.join(', ')})`);
        else gateway.push(s);
      }
    } else gateway = sites.slice(0, 1);
    return {
      ...origin,
      name: origin.declaration.name.name,
      sites,
      gateway,
      ingress: stringOf(v, 'ingress') ?? 'none',
      mtu: numberOf(v, 'mtu') ?? 1500,
      dnsTtl: numberOf(v, 'dns-ttl') ?? 3600,
    };
  },
};
