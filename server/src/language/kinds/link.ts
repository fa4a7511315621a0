import { headerSpan } from '../../syntax/spans.js';
import { greatCircleKm } from '../../model/geo.js';
import type { Link, Site } from '../../model/model.js';
import { numberOf, stringOf } from '../../model/reading.js';
import { time, rate, distance, percent, integer, oneOf } from '../../model/schema.js';
import { l2Extensions } from '../../model/schema.js';
import type { KindSpec } from '../../model/kind.js';

export const linkKind: KindSpec = {
  keyword: 'link',
  header: 'ends',
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
  editor: {
    snippet: 'link ${1:site-a} <-> ${2:site-b} {\n\trtt = ${3:5ms}\n\tbandwidth = ${4:10Gbps}\n}',
    symbol: 'Interface',
    label: (d) => `${d.ends?.[0]?.name ?? '?'} <-> ${d.ends?.[1]?.name ?? '?'}`,
  },
  keep: true,
  unique(d) {
    const [a, b] = d.ends ?? [];
    if (!a || !b) return undefined;
    return {
      key: [a.name, b.name].sort().join('\u0000'),
      span: headerSpan(d),
      message: (first) => `duplicate link between ${a.name} and ${b.name} (first declared at ${first})`,
    };
  },
  build(reading, context): Link | undefined {
    const origin = reading.origin;
    const [a, b] = origin.declaration.ends ?? [];
    if (!a || !b) return undefined;
    const siteA = context.resolve(origin, { name: a.name, span: a.span, glob: false }, 'site')[0];
    const siteB = context.resolve(origin, { name: b.name, span: b.span, glob: false }, 'site')[0];
    if (!siteA || !siteB) return undefined;
    if (siteA === siteB) {
      context.report('VMM008', origin, headerSpan(origin.declaration), `a link joins two different sites; this one joins ${siteA} to itself`);
      return undefined;
    }
    const v = reading.values;
    const l2Extension = stringOf(v, 'l2-extension') ?? 'none';
    const explicitDistance = numberOf(v, 'distance');
    const la = context.entity<Site>('site', siteA)?.location;
    const lb = context.entity<Site>('site', siteB)?.location;
    const encrypted = v.get('encrypted');
    return {
      ...origin,
      a: siteA,
      b: siteB,
      rtt: numberOf(v, 'rtt'),
      bandwidth: numberOf(v, 'bandwidth'),
      explicitDistance,
      distance: explicitDistance ?? (la && lb ? greatCircleKm(la, lb) : undefined),
      share: numberOf(v, 'share') ?? 1,
      l2Extension,
      mtu: numberOf(v, 'mtu') ?? 1500,
      encrypted: typeof encrypted === 'boolean' ? encrypted : l2Extension === 'hcx',
    };
  },
};
