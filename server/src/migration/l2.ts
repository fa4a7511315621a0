/**
 * What an L2 extension costs a guest frame, and which extended links carry a stretched network
 * (spec §7 VMM304, §10): VMM304 checks the links, the plan names which VMs a link's VMM304 concerns.
 */
import type { Link, Model, Network } from '../model/model.js';
import { PathFinder } from '../model/paths.js';

/** Bytes each L2 extension adds to a guest frame over an IPv4 underlay (spec §7). */
export const overheads: Readonly<Record<string, number>> = { 'vxlan-evpn': 50, otv: 42, vpls: 30, geneve: 100, hcx: 150 };
/** Extra bytes of an encrypted hcx link. */
export const HCX_ENCRYPTION = 28;

/** The bytes the link's extension adds to each guest frame; undefined for a link with no (known) extension. */
export function overhead(link: Link): number | undefined {
  const base = overheads[link.l2Extension];
  if (base === undefined) return undefined;
  return base + (link.l2Extension === 'hcx' && link.encrypted ? HCX_ENCRYPTION : 0);
}

/** The links a network is stretched over: the hops of the L2 path (extended links only) between every two of its sites. */
export function carriersOf(l2: PathFinder, network: Network): Set<Link> {
  const links = new Set<Link>();
  const sites = network.sites;
  if (sites.length < 2) return links;
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) for (const l of l2.path(sites[i], sites[j])?.links ?? []) links.add(l);
  return links;
}

/** Paths over the L2-extended links alone. */
export function l2Paths(model: Model): PathFinder {
  return new PathFinder({ links: model.links.filter((l) => l.l2Extension !== 'none') } as Model);
}
