import type { Derive } from '../derived.js';
import { setAttribute } from '../model/edits.js';
import type { Link, Model, Network, Origin } from '../model/model.js';
import { PathFinder } from '../model/paths.js';
import { headerSpan, type Rule } from './rule.js';
import { isExtended, l2Domain, linkName } from './shared/l2.js';
import { HCX_ENCRYPTION, overhead, overheads } from '../migration/l2.js';

const MAX_MTU = 65535;
/** Overlays that never fragment what they carry (spec §0): a frame too large for the underlay is dropped. */
const NO_FRAGMENTS: ReadonlySet<string> = new Set(['vxlan-evpn', 'otv', 'geneve']);

/** `vxlan-evpn overhead 50`, `hcx overhead 150 + 28 for encryption`. */
function overheadWords(link: Link): string {
  const base = overheads[link.l2Extension];
  return link.l2Extension === 'hcx' && link.encrypted ? `hcx overhead ${base} + ${HCX_ENCRYPTION} for encryption` : `${link.l2Extension} overhead ${base}`;
}

/** What becomes of the guest packets the underlay cannot carry: `guest packets above 1450 bytes are dropped (vxlan-evpn does not fragment)`. */
function fate(link: Link, extra: number): string {
  const largest = link.mtu - extra;
  const packets = largest > 0 ? `guest packets above ${largest} bytes` : 'every guest packet';
  return NO_FRAGMENTS.has(link.l2Extension) ? `${packets} are dropped (${link.l2Extension} does not fragment)` : `${packets} are fragmented or dropped`;
}

/** True when an `mtu` is written but was not read (its VMM003/VMM008 says so): the model's 1500 is then a default, not a figure. */
function unreadMtu(origin: Origin, mtu: number): boolean {
  const attribute = origin.attributes.get('mtu');
  if (!attribute) return false;
  const [value] = attribute.values;
  return !(attribute.values.length === 1 && value.kind === 'number' && value.number === mtu);
}

/**
 * The extended links that carry each stretched network: the hops of the L2 path between every two of its sites.
 * Links and networks alone decide it: a model sharing both with the last one (patched) shares the answer.
 */
function carriers(derive: Derive, model: Model): Map<Link, Network[]> {
  return derive('l2-carriers', [model.links, model.networks], () => carriersOf(derive, model));
}

function carriersOf(derive: Derive, model: Model): Map<Link, Network[]> {
  const l2 = new PathFinder({ links: model.links.filter(isExtended) } as Model);
  const domain = l2Domain(derive, model.links);
  const result = new Map<Link, Network[]>();
  for (const network of model.networks.values()) {
    if (network.sites.length < 2) continue;
    // Only sites of one L2 domain have an L2 path between them: pairs are formed within each
    // domain, not over a network of thousands of sites that no extended link joins.
    const domains = new Map<string, string[]>();
    for (const site of network.sites) {
      const key = domain(site);
      const list = domains.get(key);
      if (list) list.push(site);
      else domains.set(key, [site]);
    }
    const links = new Set<Link>();
    for (const sites of domains.values()) {
      for (let i = 0; i < sites.length; i++) {
        for (let j = i + 1; j < sites.length; j++) {
          for (const l of l2.path(sites[i], sites[j])?.links ?? []) links.add(l);
        }
      }
    }
    for (const l of links) {
      const onLink = result.get(l);
      if (onLink) onLink.push(network);
      else result.set(l, [network]);
    }
  }
  return result;
}

/** An overlay adds its header to every guest frame: the underlay must carry guest MTU + overhead without fragmenting. */
export const VMM304: Rule = {
  code: 'VMM304',
  severity: 'error',
  summary:
    'underlay MTU < guest MTU + overlay overhead (IPv4 underlay: vxlan-evpn 50, otv 42, vpls 30, geneve 100, hcx 150, +28 when an hcx link is encrypted)',
  check({ model, derive, report }) {
    for (const [link, networks] of carriers(derive, model)) {
      const extra = overhead(link);
      if (extra === undefined || unreadMtu(link, link.mtu)) continue;
      // The network that needs the most; the first declared on a tie.
      let worst: Network | undefined;
      for (const n of networks) if (!unreadMtu(n, n.mtu) && (!worst || n.mtu > worst.mtu)) worst = n;
      if (!worst) continue;
      const need = worst.mtu + extra;
      if (!(link.mtu < need)) continue;
      const others = networks.length > 1 ? ` (largest guest mtu of the ${networks.length} stretched networks over it)` : '';
      const fixes =
        need <= MAX_MTU
          ? [
              {
                title: `Raise mtu of link ${linkName(link)} to ${need}`,
                edits: [setAttribute(link.file, link.declaration, 'mtu', String(need))],
                preferred: true,
              },
            ]
          : [];
      report(
        link,
        headerSpan(link.declaration),
        `underlay mtu ${link.mtu} of link ${linkName(link)} is below ${need}, needed to carry network '${worst.name}'${others}: guest mtu ${worst.mtu} + ${overheadWords(link)}; ${fate(link, extra)}`,
        fixes,
        undefined,
        `link ${linkName(link)} mtu ${link.mtu} < ${need}`,
      );
    }
  },
};
