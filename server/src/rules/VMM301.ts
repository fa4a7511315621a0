import type { Derive } from '../derived.js';
import type { Analysis } from '../migration/analysis.js';
import type { Fix } from '../model/findings.js';
import type { Intent, Model, Network } from '../model/model.js';
import { setAttribute } from '../model/edits.js';
import type { Rule } from './rule.js';
import { methodEdits, useMethod } from './shared/fixes.js';
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

/**
 * Cold with `address = new` (spec §4, §10): the usual way to move a legacy server into a site where its
 * subnet does not exist; it needs no L2 extension and pays the DNS lead time instead.
 */
function readdressedCold(model: Model, analysis: Analysis, intent: Intent, target: string): Fix {
  const note = `re-addressed at ${target} (DNS/DHCP update), no L2 stretch needed`;
  if (intent.method === 'cold') {
    return { title: `Set address = new: ${note}`, edits: [setAttribute(intent.file, intent.declaration, 'address', 'new')] };
  }
  const cold = useMethod(model, analysis, intent, 'cold');
  return {
    title: `${cold.title.replace(/^Use cold migration/, 'Use cold migration with address = new')}, ${note}`,
    edits: methodEdits(intent, 'cold', [['address', 'new']]),
  };
}

/** Live migration, and cold with address = keep, keep the VM's IP and MAC: its L2 segment must exist at the target. */
export const VMM301: Rule = {
  code: 'VMM301',
  severity: 'error',
  summary: "the move keeps IP/MAC (live, or cold with address = keep), but the VM's network does not exist at the target",
  check({ model, analysis, derive, report }) {
    for (const { ia, intent, target, migration: m, network } of addressKeepingMoves(model, analysis)) {
      // A network without sites has its own VMM006.
      if (network.sites.length === 0 || network.sites.includes(target)) continue;
      const fixes: Fix[] = [];
      if (intent.method === 'live') fixes.push(useMethod(model, analysis, intent, 'routed', 'no L2 stretch needed'));
      fixes.push(readdressedCold(model, analysis, intent, target));
      if (canFederate(model, ia)) fixes.push(useMethod(model, analysis, intent, 'federate'));
      const stretch = stretchFix(derive, model, analysis, network, target, m.vm.site);
      if (stretch) fixes.push(stretch);
      report(
        intent,
        targetSpan(derive, model, intent, m.vm.name),
        `vm '${m.vm.name}' keeps its IP and MAC with ${intent.method} migration, but its network '${network.name}' does not exist at ${target} (only at ${network.sites.join(', ')})`,
        fixes,
        m.vm.name,
        `vm ${m.vm.name}: network ${network.name} not at ${target}`,
      );
    }
  },
};
