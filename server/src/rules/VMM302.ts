import type { Derive } from '../derived.js';
import type { Analysis } from '../migration/analysis.js';
import type { Fix } from '../model/findings.js';
import type { Link, Model, Network } from '../model/model.js';
import type { Rule } from './rule.js';
import { bestExtension, DEFAULT_EXTENSION, extendEdits, l2Reach, linksPhrase, mtuNote, type Extension } from './shared/l2.js';

interface Gap {
  site: string;
  extension?: Extension;
}

/** The sites of a stretched network that are cut off from its first site over extended links, and how to join each. */
function gaps(derive: Derive, model: Model, analysis: Analysis, network: Network): { gaps: Gap[]; links: Link[] } {
  const extra = new Set<Link>();
  let reach = l2Reach(derive, model.links);
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
      reach = l2Reach(derive, model.links, extra);
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
  check({ model, analysis, derive, report }) {
    for (const network of model.networks.values()) {
      if (network.sites.length < 2 || !network.declaration.name) continue;
      const found = gaps(derive, model, analysis, network);
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
        undefined,
        `network ${network.name} crosses a link without L2 extension`,
      );
    }
  },
};
