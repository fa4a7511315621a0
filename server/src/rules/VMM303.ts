import type { Rule } from './rule.js';

/** A stretched L2 segment is one broadcast and failure domain across the WAN (spec §10: once per stretched network). */
export const VMM303: Rule = {
  code: 'VMM303',
  severity: 'warning',
  summary: 'network stretched across sites: one broadcast/failure domain spans the WAN',
  check({ model, report }) {
    for (const network of model.networks.values()) {
      // `sites` is already without duplicates: two or more distinct sites make a stretch.
      if (network.sites.length < 2 || !network.declaration.name) continue;
      report(
        network,
        network.declaration.name.span,
        `network '${network.name}' is stretched over ${network.sites.length} sites (${network.sites.join(', ')}): one broadcast and failure domain spans the WAN, so a broadcast storm or a loop at one site reaches the others`,
        undefined,
        undefined,
        `network ${network.name} over ${network.sites.length} sites`,
      );
    }
  },
};
