import { appendDeclaration } from '../model/edits.js';
import { greatCircleKm } from '../model/geo.js';
import { headerSpan, type Rule } from './rule.js';

/**
 * The placeholder RTT of a declared link: 10 ms (the metro limit), or the physical minimum for the
 * great-circle distance (light in fiber: 100 km per ms of RTT) rounded up when the sites are
 * located further apart, so the new link is not itself VMM106.
 */
export function placeholderRtt(a?: [number, number], b?: [number, number]): number {
  if (!a || !b) return 10;
  return Math.max(10, Math.ceil(greatCircleKm(a, b) / 100));
}

/** Every move needs a path of links between the VM's site and the target (cold copies the disks over it). */
export const VMM104: Rule = {
  code: 'VMM104',
  severity: 'error',
  summary: 'no path between source and target site',
  check({ model, analysis, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      if (intent.method === 'federate' || intent.to === undefined) continue;
      const to = intent.to;
      // One diagnostic per source site, naming the VMs that start there.
      const bySource = new Map<string, string[]>();
      for (const m of ia.migrations) {
        if (m.path || m.from === undefined || m.from === to) continue;
        // Joined only through links with a missing rtt or bandwidth: VMM006 already says what is missing.
        if (analysis.paths.connectedIgnoringFigures(m.from, to)) continue;
        const list = bySource.get(m.from);
        if (list) list.push(m.vm.name);
        else bySource.set(m.from, [m.vm.name]);
      }
      for (const [from, vms] of bySource) {
        const rtt = placeholderRtt(model.sites.get(from)?.location, model.sites.get(to)?.location);
        const link = `link ${from} <-> ${to} { rtt = ${rtt}ms  bandwidth = 10Gbps }`;
        report(
          intent,
          headerSpan(intent.declaration),
          `no path from ${from} to ${to} for ${vms.length > 1 ? 'vms' : 'vm'} ${vms.join(', ')}: no chain of links joins the two sites`,
          [
            {
              title: `Declare link ${from} <-> ${to} (placeholder rtt = ${rtt}ms, bandwidth = 10Gbps: set the real figures)`,
              edits: [appendDeclaration(intent.file, link)],
            },
          ],
        );
      }
    }
  },
};
