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

function isComplete(link: Link): link is Link & { rtt: number; bandwidth: number } {
  return link.rtt !== undefined && link.bandwidth !== undefined;
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
  private readonly adjacency = new Map<string, Link[]>();
  private readonly anyAdjacency = new Map<string, string[]>();
  private readonly cache = new Map<string, (to: string) => Path | undefined>();

  constructor(model: Model) {
    for (const link of model.links) {
      for (const [from, to] of [
        [link.a, link.b],
        [link.b, link.a],
      ]) {
        if (isComplete(link)) {
          if (!this.adjacency.has(from)) this.adjacency.set(from, []);
          this.adjacency.get(from)!.push(link);
        }
        if (!this.anyAdjacency.has(from)) this.anyAdjacency.set(from, []);
        this.anyAdjacency.get(from)!.push(to);
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
    while (queue.length > 0) {
      const site = queue.pop()!;
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
    const best = new Map<string, { rtt: number; hops: number }>([[from, { rtt: 0, hops: 0 }]]);
    const predecessors = new Map<string, { site: string; link: Link }[]>();
    const done = new Set<string>();
    const frontier: string[] = [from];
    while (frontier.length > 0) {
      let bestIndex = 0;
      for (let i = 1; i < frontier.length; i++) {
        const a = best.get(frontier[i])!;
        const b = best.get(frontier[bestIndex])!;
        if (a.rtt < b.rtt - EPSILON || (Math.abs(a.rtt - b.rtt) <= EPSILON && a.hops < b.hops)) bestIndex = i;
      }
      const site = frontier.splice(bestIndex, 1)[0];
      if (done.has(site)) continue;
      done.add(site);
      const here = best.get(site)!;
      for (const link of this.adjacency.get(site) ?? []) {
        const next = link.a === site ? link.b : link.a;
        if (done.has(next)) continue;
        const candidate = { rtt: here.rtt + link.rtt!, hops: here.hops + 1 };
        const known = best.get(next);
        const better = !known || candidate.rtt < known.rtt - EPSILON || (Math.abs(candidate.rtt - known.rtt) <= EPSILON && candidate.hops < known.hops);
        const tie = known && Math.abs(candidate.rtt - known.rtt) <= EPSILON && candidate.hops === known.hops;
        if (better) {
          best.set(next, candidate);
          predecessors.set(next, [{ site, link }]);
          frontier.push(next);
        } else if (tie) {
          predecessors.get(next)!.push({ site, link });
        }
      }
    }
    const chosen = new Map<string, Path>([[from, pathOf([from], [])]]);
    const choose = (site: string): Path => {
      const cached = chosen.get(site);
      if (cached) return cached;
      let winner: Path | undefined;
      for (const { site: previous, link } of predecessors.get(site) ?? []) {
        const head = choose(previous);
        const candidate = pathOf([...head.sites, site], [...head.links, link]);
        if (!winner || preferable(candidate, winner)) winner = candidate;
      }
      chosen.set(site, winner!);
      return winner!;
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
