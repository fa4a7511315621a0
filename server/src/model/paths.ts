import type { Link, Model } from './model.js';

/** A route between two sites: its hops and the figures the rules use (spec §4 link, §10 paths). */
export interface Path {
  sites: string[];
  links: Link[];
  /** seconds: the sum over hops */
  rtt: number;
  /** bytes/s: the minimum over hops of bandwidth × share */
  bandwidth: number;
  /** bytes/s: the minimum over hops of the raw bandwidth */
  rawBandwidth: number;
  /** km: the sum over hops, undefined when a hop's distance is unknown */
  distance?: number;
  /** True when every hop has an L2 extension. */
  l2Extended: boolean;
}

const EPSILON = 1e-12;

/** A link with both figures a path is searched by. */
type CompleteLink = Link & { rtt: number; bandwidth: number };

function isComplete(link: Link): link is CompleteLink {
  return link.rtt !== undefined && link.bandwidth !== undefined;
}

/** The list a map holds for a key, put there empty when it has none yet. */
function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

/** A site reached by the search: its best (rtt, hops) so far and every predecessor at that cost. */
interface Reach {
  site: string;
  rtt: number;
  hops: number;
  via: { site: string; link: Link }[];
}

export function pathOf(sites: string[], links: Link[]): Path {
  let rtt = 0;
  let bandwidth = Infinity;
  let rawBandwidth = Infinity;
  let distance: number | undefined = 0;
  for (const link of links) {
    rtt += link.rtt ?? 0;
    bandwidth = Math.min(bandwidth, (link.bandwidth ?? 0) * link.share);
    rawBandwidth = Math.min(rawBandwidth, link.bandwidth ?? 0);
    distance = distance === undefined || link.distance === undefined ? undefined : distance + link.distance;
  }
  return { sites, links, rtt, bandwidth, rawBandwidth, distance, l2Extended: links.length > 0 && links.every((l) => l.l2Extension !== 'none') };
}

/**
 * Paths between sites, computed lazily per source and cached: a direct link when there is one,
 * otherwise the least total RTT; ties go to fewer hops, then higher bandwidth, then the lexical
 * order of the site ids along the path.
 */
export class PathFinder {
  private readonly adjacency = new Map<string, CompleteLink[]>();
  private readonly anyAdjacency = new Map<string, string[]>();
  private readonly cache = new Map<string, (to: string) => Path | undefined>();

  constructor(model: Model) {
    for (const link of model.links) {
      for (const [from, to] of [
        [link.a, link.b],
        [link.b, link.a],
      ]) {
        if (isComplete(link)) listOf(this.adjacency, from).push(link);
        listOf(this.anyAdjacency, from).push(to);
      }
    }
  }

  /** The path from one site to another; undefined when there is none (or only through links whose rtt or bandwidth is missing). */
  path(from: string, to: string): Path | undefined {
    if (from === to) return pathOf([from], []);
    // A direct link is the path (spec §10): no search over the estate from this site for it.
    const link = this.adjacency.get(from)?.find((l) => l.a === to || l.b === to);
    if (link) return pathOf([from, to], [link]);
    let routes = this.cache.get(from);
    if (!routes) {
      routes = this.search(from);
      this.cache.set(from, routes);
    }
    return routes(to);
  }

  /** True when the sites are joined by links at all, counting links with missing figures (so VMM104 does not repeat a VMM006). */
  connectedIgnoringFigures(from: string, to: string): boolean {
    const seen = new Set([from]);
    const queue = [from];
    for (let site = queue.pop(); site !== undefined; site = queue.pop()) {
      if (site === to) return true;
      for (const next of this.anyAdjacency.get(site) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return false;
  }

  /** The shortest-path tree from one site; each path is built when first asked for (an estate has far more site pairs than routes in use). */
  private search(from: string): (to: string) => Path | undefined {
    // Dijkstra over (rtt, hops); every predecessor on a tie is kept, then the best of the tied
    // paths is picked by bandwidth and site order.
    // Each site has one Reach, updated in place when a better cost is found: the frontier holds the
    // Reach itself (a site may be in it more than once), so it always compares the current best.
    const start: Reach = { site: from, rtt: 0, hops: 0, via: [] };
    const best = new Map<string, Reach>([[from, start]]);
    const done = new Set<string>();
    const frontier: Reach[] = [start];
    while (frontier.length > 0) {
      let bestIndex = 0;
      for (let i = 1; i < frontier.length; i++) {
        const a = frontier[i];
        const b = frontier[bestIndex];
        if (a.rtt < b.rtt - EPSILON || (Math.abs(a.rtt - b.rtt) <= EPSILON && a.hops < b.hops)) bestIndex = i;
      }
      const here = frontier.splice(bestIndex, 1)[0];
      const site = here.site;
      if (done.has(site)) continue;
      done.add(site);
      for (const link of this.adjacency.get(site) ?? []) {
        const next = link.a === site ? link.b : link.a;
        if (done.has(next)) continue;
        const rtt = here.rtt + link.rtt;
        const hops = here.hops + 1;
        const known = best.get(next);
        if (!known) {
          const reach: Reach = { site: next, rtt, hops, via: [{ site, link }] };
          best.set(next, reach);
          frontier.push(reach);
        } else if (rtt < known.rtt - EPSILON || (Math.abs(rtt - known.rtt) <= EPSILON && hops < known.hops)) {
          known.rtt = rtt;
          known.hops = hops;
          known.via = [{ site, link }];
          frontier.push(known);
        } else if (Math.abs(rtt - known.rtt) <= EPSILON && hops === known.hops) {
          known.via.push({ site, link });
        }
      }
    }
    const chosen = new Map<string, Path>([[from, pathOf([from], [])]]);
    /** The preferred of the tied paths to a site reached; undefined for one with no predecessor (none but the start, chosen already). */
    const choose = (site: string): Path | undefined => {
      const cached = chosen.get(site);
      if (cached) return cached;
      let winner: Path | undefined;
      for (const { site: previous, link } of best.get(site)?.via ?? []) {
        const head = choose(previous);
        if (!head) continue;
        const candidate = pathOf([...head.sites, site], [...head.links, link]);
        if (!winner || preferable(candidate, winner)) winner = candidate;
      }
      if (winner) chosen.set(site, winner);
      return winner;
    };
    return (site: string) => (done.has(site) ? choose(site) : undefined);
  }
}

function preferable(a: Path, b: Path): boolean {
  if (a.bandwidth !== b.bandwidth) return a.bandwidth > b.bandwidth;
  const sa = a.sites.join('\u0000');
  const sb = b.sites.join('\u0000');
  return sa < sb;
}
