import type { Derive } from '../derived.js';
import type { Analysis } from '../migration/analysis.js';
import type { Fix } from '../model/findings.js';
import type { Model, Network } from '../model/model.js';
import type { Rule } from './rule.js';
import { useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';
import { canFederate } from '../migration/methods.js';
import { addressKeepingMoves } from './shared/moves.js';
import { bestExtension, DEFAULT_EXTENSION, extendEdits, l2Reach, linksPhrase, mtuNote } from './shared/l2.js';

/**
 * "Stretch the network": add the target to the network's `sites`. Offered only when a path joins
 * the network to the target; when no L2-extended links join them yet, the fix also sets
 * `l2-extension = vxlan-evpn` on the hops of that path that lack it, so the stretch does not
 * leave a VMM302 behind.
 */
function stretchFix(derive: Derive, model: Model, analysis: Analysis, network: Network, target: string, preferredSource: string | undefined): Fix | undefined {
  const sitesAttribute = network.attributes.get('sites');
  const last = sitesAttribute?.values[sitesAttribute.values.length - 1];
  if (!last) return undefined;
  const addSite = { file: network.file.path, span: { start: last.span.end, end: last.span.end }, newText: `, ${target}` };
  const head = `Stretch network '${network.name}' to ${target}: add ${target} to its sites`;
  const reach = l2Reach(derive, model.links);
  const joined = network.sites.find((s) => reach(s, target));
  if (joined) return { title: `${head} (L2 extension already joins ${joined} to ${target})`, edits: [addSite] };
  // Start from the VM's own site when it is one of the network's (the migration path), else the best of them.
  const from =
    preferredSource && network.sites.includes(preferredSource) ? [preferredSource, ...network.sites.filter((s) => s !== preferredSource)] : network.sites;
  const extension = bestExtension(analysis, from, target);
  if (!extension) return undefined;
  return {
    title: `${head}, and extend L2 to it: set l2-extension = ${DEFAULT_EXTENSION} on ${linksPhrase(extension.missing)}${mtuNote(network, extension.missing)}`,
    edits: [addSite, ...extendEdits(extension.missing)],
  };
}

/** Live and cold migration keep the VM's IP and MAC: its L2 segment must exist at the target. */
export const VMM301: Rule = {
  code: 'VMM301',
  severity: 'error',
  summary: "live or cold keeps IP/MAC, but the VM's network does not exist at the target",
  check({ model, analysis, derive, report }) {
    for (const { ia, intent, target, migration: m, network } of addressKeepingMoves(model, analysis)) {
      // A network without sites has its own VMM006.
      if (network.sites.length === 0 || network.sites.includes(target)) continue;
      // No cold fix: the spec's table lists one, but cold keeps IP and MAC too, so VMM301 applies to it (spec §10).
      const fixes: Fix[] = [useMethod(model, analysis, intent, 'routed', 'no L2 stretch needed')];
      if (canFederate(model, ia)) fixes.push(useMethod(model, analysis, intent, 'federate'));
      const stretch = stretchFix(derive, model, analysis, network, target, m.vm.site);
      if (stretch) fixes.push(stretch);
      report(
        intent,
        targetSpan(derive, model, intent, m.vm.name),
        `vm '${m.vm.name}' keeps its IP and MAC with ${intent.method} migration, but its network '${network.name}' does not exist at ${target} (only at ${network.sites.join(', ')})`,
        fixes,
      );
    }
  },
};
