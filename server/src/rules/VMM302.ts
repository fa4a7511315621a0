import type { Analysis } from '../migration/analysis.js';
import { setAttribute } from '../model/edits.js';
import type { Edit, Fix } from '../model/findings.js';
import type { Link, Model, Network } from '../model/model.js';
import type { Path } from '../model/paths.js';
import type { Rule } from './rule.js';

// Helpers shared by the L2 rules (VMM301's stretch fix, VMM302, VMM304).

/** The L2 extension this rule family writes when a link needs one. */
export const DEFAULT_EXTENSION = 'vxlan-evpn';

export function isExtended(link: Link): boolean {
  return link.l2Extension !== 'none';
}

/** `a <-> b`, as the link was written. */
export function linkName(link: Link): string {
  return `${link.a} <-> ${link.b}`;
}

/**
 * Which sites reach each other over links with an L2 extension (intermediate sites allowed).
 * Links whose rtt or bandwidth is missing still carry their extension. `extra` counts as extended.
 */
export function l2Reach(model: Model, extra: ReadonlySet<Link> = new Set()): (a: string, b: string) => boolean {
  const find = l2Domain(model, extra);
  return (a, b) => a === b || find(a) === find(b);
}

const domains = new WeakMap<Model, (site: string) => string>();

/** The L2 domain of each site (one site of it stands for all): sites of one domain reach each other over L2-extended links. */
export function l2Domain(model: Model, extra: ReadonlySet<Link> = new Set()): (site: string) => string {
  // The domains of the links as written serve every network of the model: built once, not per network.
  if (extra.size === 0) {
    let found = domains.get(model);
    if (!found) domains.set(model, (found = unionOfLinks(model, extra)));
    return found;
  }
  return unionOfLinks(model, extra);
}

function unionOfLinks(model: Model, extra: ReadonlySet<Link>): (site: string) => string {
  const parent = new Map<string, string>();
  const find = (s: string): string => {
    let root = s;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    // Every site on the way now points at the root: a chain of a thousand sites is walked once, not once per site.
    for (let at = s; at !== root;) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  for (const link of model.links) {
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

interface Gap {
  site: string;
  extension?: Extension;
}

/** The sites of a stretched network that are cut off from its first site over extended links, and how to join each. */
export function gaps(model: Model, analysis: Analysis, network: Network): { gaps: Gap[]; links: Link[] } {
  const extra = new Set<Link>();
  let reach = l2Reach(model);
  const first = network.sites[0];
  const result: Gap[] = [];
  // The sites joined to the first: the same for every gap until an extension joins more.
  let joined: string[] | undefined;
  for (const site of network.sites.slice(1)) {
    if (reach(first, site)) continue;
    joined ??= network.sites.filter((s) => reach(first, s));
    const extension = bestExtension(analysis, joined, site, extra);
    result.push({ site, extension });
    if (extension) {
      for (const l of extension.missing) extra.add(l);
      reach = l2Reach(model, extra);
      joined = undefined;
    }
  }
  return { gaps: result, links: [...extra] };
}

function describeGap(analysis: Analysis, gap: Gap, first: string): string {
  if (!gap.extension) {
    // Links whose rtt or bandwidth is missing (VMM006) join sites without making a path.
    return analysis.paths.connectedIgnoringFigures(first, gap.site)
      ? `${gap.site} is not joined to ${first} over links with l2-extension`
      : `no path joins ${gap.site} to ${first}`;
  }
  const { path, missing, from } = gap.extension;
  return `${gap.site} is not joined to ${from} over links with l2-extension (path ${path.sites.join(' → ')} lacks it on ${linksPhrase(missing)})`;
}

/** A stretched network needs every one of its sites joined to the others over L2-extended links. */
export const VMM302: Rule = {
  code: 'VMM302',
  severity: 'error',
  summary: 'network stretched over a path without L2 extension',
  check({ model, analysis, report }) {
    for (const network of model.networks.values()) {
      if (network.sites.length < 2 || !network.declaration.name) continue;
      const found = gaps(model, analysis, network);
      if (found.gaps.length === 0) continue;
      const fixes: Fix[] = [];
      if (found.gaps.every((g) => g.extension) && found.links.length > 0) {
        fixes.push({
          title: `Set l2-extension = ${DEFAULT_EXTENSION} on ${linksPhrase(found.links)}${mtuNote(network, found.links)}`,
          edits: extendEdits(found.links),
          preferred: true,
        });
      }
      report(
        network,
        network.declaration.name.span,
        `network '${network.name}' spans ${network.sites.join(', ')}, but ${found.gaps.map((g) => describeGap(analysis, g, network.sites[0])).join('; ')}`,
        fixes,
      );
    }
  },
};
