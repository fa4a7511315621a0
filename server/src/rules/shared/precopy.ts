import type { Analysis } from '../../migration/analysis.js';
import { effectiveBandwidth } from '../../migration/estimate.js';
import { isLiveOrRouted } from '../../migration/methods.js';
import type { Policy } from '../../model/model.js';
import type { Path } from '../../model/paths.js';
import { formatPercent, formatRate } from '../../format.js';

// What the pre-copy convergence rules (VMM201, VMM205) compare: a guest's dirty rate against R, the effective bandwidth of spec §6.

/** R and how it was reached: `900 Mbps (path a → b: 1 Gbps ÷ 2 × 90% efficiency)` (spec §6). */
export function describeRate(path: Path, concurrent: number, policy: Pick<Policy, 'maxStream' | 'efficiency'>): { rate: number; text: string } {
  const rate = effectiveBandwidth(path.bandwidth, concurrent, policy);
  const perMigration = path.bandwidth / Math.max(1, concurrent);
  const base =
    policy.maxStream !== undefined && policy.maxStream < perMigration
      ? `max-stream ${formatRate(policy.maxStream)}`
      : concurrent > 1
        ? `${formatRate(path.bandwidth)} ÷ ${concurrent} concurrent`
        : formatRate(path.bandwidth);
  return { rate, text: `${formatRate(rate)} (path ${path.sites.join(' → ')}: ${base} × ${formatPercent(policy.efficiency)} efficiency)` };
}

/** The migrations of live/routed intents whose dirty rate is known and whose path exists, with R. */
export function* dirtyMigrations(analysis: Analysis) {
  for (const ia of analysis.intents) {
    if (!isLiveOrRouted(ia.intent.method)) continue;
    for (const m of ia.migrations) {
      if (!m.path || m.path.links.length === 0 || m.vm.dirtyRate === undefined) continue;
      yield { ia, migration: m, dirtyRate: m.vm.dirtyRate, ...describeRate(m.path, ia.concurrent, ia.intent.policy) };
    }
  }
}
