import { formatDuration, formatPercent, formatRate, formatSize } from '../format.js';
import type { Policy } from '../model/model.js';
import type { Path } from '../model/paths.js';
import type { Rates } from '../migration/rates.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import { dirtyMigrations } from './shared/precopy.js';

/**
 * R_f and what set it: R itself (`text`), or, on an engine that lifts its rate cap for the final
 * round and the post-copy pull (kvm, qemu), min(link rate, window cap) × efficiency without the
 * `max-stream` that set R (spec §6).
 */
function describeFinalRate(path: Path, concurrent: number, policy: Policy, rates: Rates, text: string): string {
  if (rates.finalRate === rates.rate) return text;
  const route = `path ${path.sites.join(' → ')}`;
  const efficiency = `× ${formatPercent(policy.efficiency)} efficiency`;
  const lifted = `max-stream ${formatRate(policy.maxStream ?? rates.rate)} lifted for it`;
  if (rates.windowCap !== undefined && rates.windowCap < rates.linkRate) {
    const streams = policy.streams > 1 ? `${policy.streams} × ` : '';
    return `${formatRate(rates.finalRate)} (${route}: TCP window ${streams}${formatSize(policy.streamWindow ?? 0)} ÷ RTT ${formatDuration(path.rtt)} ${efficiency}, ${lifted})`;
  }
  const base = concurrent > 1 ? `${formatRate(path.bandwidth)} ÷ ${concurrent} concurrent` : formatRate(path.bandwidth);
  return `${formatRate(rates.finalRate)} (${route}: ${base} ${efficiency}, ${lifted})`;
}

/**
 * A migration that switches to post-copy (spec §6, `converge = postcopy` on kvm/qemu, `stop:
 * "postcopy"`) runs at the target before all its memory is there: until P, what round 0 left
 * dirty, has been pulled from the source at R_f (P ÷ R_f), a failure of either site loses the VM.
 * A failure of the path does too in the spec's words; QEMU 3.0 and later pause a post-copy whose
 * connection breaks (postcopy-paused) and can resume it (`migrate-recover`), the guest stalling on
 * every page still at the source meanwhile, which is what the message says. No fix: the exposure is
 * the price of post-copy.
 */
export const VMM209: Rule = {
  code: 'VMM209',
  severity: 'warning',
  summary:
    'live/routed switching to post-copy: while P is pulled over the path (P ÷ R_f), a failure of either site loses the VM and a failure of the path stalls it',
  check({ model, analysis, derive, report }) {
    for (const { ia, migration, estimate, precopy, describe } of dirtyMigrations(analysis, derive)) {
      const { from, to } = migration;
      if (precopy.stop !== 'postcopy' || !migration.path || !estimate.rates || !from || !to) continue;
      const { intent } = ia;
      const name = migration.vm.name;
      const finalRate = estimate.rates.finalRate;
      const pull = precopy.postcopy / finalRate;
      const rate = describeFinalRate(migration.path, ia.concurrent, intent.policy, estimate.rates, describe());
      report(
        intent,
        targetSpan(derive, model, intent, name),
        `vm ${name} resumes at ${to} before all its memory is there: it switches to post-copy after round 0, which leaves ${formatSize(precopy.postcopy)} dirty (above the stop threshold ${formatSize(precopy.threshold)}); pulling it from ${from} at R_f = ${rate} takes ${formatDuration(pull)}, during which a failure of site ${from} or site ${to} loses the VM (neither holds all of its memory) and a failure of the path stalls it on every page still at ${from} until the migration is recovered (QEMU postcopy recovery)`,
        undefined,
        name,
        `vm ${name} exposed for ${formatDuration(pull)} while ${formatSize(precopy.postcopy)} is pulled`,
      );
    }
  },
};
