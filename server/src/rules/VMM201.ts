import { effectiveBandwidth } from '../migration/estimate.js';
import type { Analysis } from '../migration/analysis.js';
import type { Policy } from '../model/model.js';
import type { Path } from '../model/paths.js';
import { formatPercent, formatRate } from '../format.js';
import type { Rule } from './rule.js';
import { targetSpan, useMethod } from './fixes.js';
import { isLiveOrRouted } from '../migration/methods.js';

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

/** Pre-copy cannot converge when the guest dirties memory at least as fast as the link copies it. */
export const VMM201: Rule = {
  code: 'VMM201',
  severity: 'error',
  summary: 'live/routed: dirty-rate ≥ effective bandwidth: pre-copy cannot converge without throttling the guest (SDPS, auto-converge) or post-copy',
  check({ model, analysis, report }) {
    for (const { ia, migration, dirtyRate, rate, text } of dirtyMigrations(analysis)) {
      if (!(dirtyRate >= rate)) continue;
      const { intent } = ia;
      report(
        intent,
        targetSpan(intent, migration.vm.name),
        `vm ${migration.vm.name} dirties memory at ${formatRate(dirtyRate)} (dirty-rate), at least the effective bandwidth ${text}: pre-copy never converges without throttling the guest (SDPS, auto-converge) or post-copy`,
        // Routed migration copies memory the same way, so it is no help and not offered.
        [useMethod(model, analysis, intent, 'cold', 'no memory copy, so nothing to converge')],
      );
    }
  },
};
