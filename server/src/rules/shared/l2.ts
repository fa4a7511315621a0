import type { Derive } from '../../derived.js';
import type { Analysis } from '../../migration/analysis.js';
import { setAttribute } from '../../model/edits.js';
import type { Edit } from '../../model/findings.js';
import type { Link, Network } from '../../model/model.js';
import type { Path } from '../../model/paths.js';

// What the L2 rules share (VMM301's stretch fix, VMM302, VMM304): which sites L2-extended links join, and how to join more.

/** The L2 extension this rule family writes when a link needs one. */
export const DEFAULT_EXTENSION = 'vxlan-evpn';

export function isExtended(link: Link): boolean {
  return link.l2Extension !== 'none';
}

/** `a <-> b`, as the link was written. */
export function linkName(link: Link): string {
  return `${link.a} <-> ${link.b}`;
}

/** No links beyond those written. */
const NO_LINKS: ReadonlySet<Link> = new Set();

/**
 * Which sites reach each other over links with an L2 extension (intermediate sites allowed).
 * Links whose rtt or bandwidth is missing still carry their extension. `extra` counts as extended.
 */
export function l2Reach(derive: Derive, links: readonly Link[], extra: ReadonlySet<Link> = NO_LINKS): (a: string, b: string) => boolean {
  const find = l2Domain(derive, links, extra);
  return (a, b) => a === b || find(a) === find(b);
}

/** The L2 domain of each site (one site of it stands for all): sites of one domain reach each other over L2-extended links. */
export function l2Domain(derive: Derive, links: readonly Link[], extra: ReadonlySet<Link> = NO_LINKS): (site: string) => string {
  // The domains of the links as written serve every network of the model: derived once from the links, not per network.
  if (extra.size === 0) return derive('l2-domains', [links], () => unionOfLinks(links, extra));
  return unionOfLinks(links, extra);
}

function unionOfLinks(links: readonly Link[], extra: ReadonlySet<Link>): (site: string) => string {
  const parent = new Map<string, string>();
  const find = (s: string): string => {
    let root = s;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    // Every site on the way now points at the root: a chain of a thousand sites is walked once, not once per site.
    for (let at = s; at !== root;) {
      const next = parent.get(at);
      parent.set(at, root);
      if (next === undefined) break;
      at = next;
    }
    return root;
  };
  for (const link of links) {
    if (!isExtended(link) && !extra.has(link)) continue;
    const ra = find(link.a);
    const rb = find(link.b);
    if (ra !== rb) parent.set(ra, rb);
  }
  return find;
}

export interface Extension {
  from: string;
  to: string;
  path: Path;
  /** Hops of the path without an L2 extension (and not in the `extra` set). */
  missing: Link[];
}

/**
 * The path from one of `from` to `to` that needs the fewest links extended, then the least RTT,
 * then the first of `from`; undefined when no path joins them.
 */
export function bestExtension(analysis: Analysis, from: readonly string[], to: string, extra: ReadonlySet<Link> = new Set()): Extension | undefined {
  let best: Extension | undefined;
  for (const site of from) {
    if (site === to) continue;
    const path = analysis.paths.path(site, to);
    if (!path) continue;
    const missing = path.links.filter((l) => !isExtended(l) && !extra.has(l));
    if (!best || missing.length < best.missing.length || (missing.length === best.missing.length && path.rtt < best.path.rtt))
      best = { from: site, to, path, missing };
  }
  return best;
}

/** Sets `l2-extension = vxlan-evpn` on each link. */
export function extendEdits(links: readonly Link[]): Edit[] {
  return links.map((l) => setAttribute(l.file, l.declaration, 'l2-extension', DEFAULT_EXTENSION));
}

/** `link a <-> b` or `links a <-> b, b <-> c`. */
export function linksPhrase(links: readonly Link[]): string {
  return `${links.length === 1 ? 'link' : 'links'} ${links.map(linkName).join(', ')}`;
}

/** `(underlay MTU must then reach 1550)` when a link to be extended carries too small an MTU for this network over vxlan-evpn. */
export function mtuNote(network: Network, links: readonly Link[]): string {
  const need = network.mtu + 50;
  return links.some((l) => l.mtu < need) ? ` (underlay MTU must then reach ${need}, VMM304)` : '';
}
