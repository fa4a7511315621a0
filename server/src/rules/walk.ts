import type { Analysis, IntentAnalysis, Migration } from '../migration/analysis.js';
import type { Intent, Model, Network, Policy } from '../model/model.js';
import type { Path } from '../model/paths.js';
import { isLiveOrRouted } from './fixes.js';

/**
 * Each VM a live intent, or a cold one with `address = keep`, moves, with its network: both keep the
 * VM's IP and MAC, which is what VMM301 (the network is not at the target), VMM401 (its gateway is
 * not) and VMM402 (its ingress stays behind) look at (spec §10: cold with `address = new` is
 * re-addressed like routed). VMs with no network, or an unknown one, are left out.
 */
export function* addressKeepingMoves(
  model: Model,
  analysis: Analysis,
): Generator<{ ia: IntentAnalysis; intent: Intent; target: string; migration: Migration; network: Network }> {
  for (const ia of analysis.intents) {
    const { intent } = ia;
    const target = intent.to;
    const keeps = intent.method === 'live' || (intent.method === 'cold' && intent.address === 'keep');
    if (!keeps || !target) continue;
    for (const migration of ia.migrations) {
      const network = migration.vm.network ? model.networks.get(migration.vm.network) : undefined;
      if (network) yield { ia, intent, target, migration, network };
    }
  }
}

/**
 * Each WAN path of a live or routed intent whose policy sets the limit, once (every VM from the
 * same source site shares it, and gets one diagnostic): what VMM102 (bandwidth) and VMM103
 * (distance) look at.
 */
export function* livePaths(
  analysis: Analysis,
  limitOf: (policy: Policy) => number | undefined,
): Generator<{ ia: IntentAnalysis; intent: Intent; limit: number; path: Path; migration: Migration }> {
  for (const ia of analysis.intents) {
    const { intent } = ia;
    const limit = limitOf(intent.policy);
    if (!isLiveOrRouted(intent.method) || limit === undefined) continue;
    const seen = new Set<string>();
    for (const migration of ia.migrations) {
      const path = migration.path;
      if (!path || path.links.length === 0) continue;
      const key = path.sites.join('>');
      if (seen.has(key)) continue;
      seen.add(key);
      yield { ia, intent, limit, path, migration };
    }
  }
}
