import { formatDuration, formatPercent, formatRate, formatSize } from '../../format.js';
import type { Derive } from '../../derived.js';
import { analyseIntent, type Analysis, type Estimate, type IntentAnalysis, type Migration } from '../../migration/analysis.js';
import type { Converge } from '../../model/engines.js';
import { appendDeclaration, setAttribute } from '../../model/edits.js';
import type { Fix } from '../../model/findings.js';
import type { Intent, Model, Policy } from '../../model/model.js';
import type { Path } from '../../model/paths.js';
import type { Rates } from '../../migration/rates.js';
import { isLiveOrRouted } from '../../migration/methods.js';
import type { Precopy } from '../../migration/precopy.js';

// What the pre-copy rules (VMM201, VMM202, VMM205, VMM208, VMM209) share.

/** R and what set it: `900 Mbps (path a → b: 1 Gbps × 90% efficiency)`, `26.2 MB/s (TCP window 4 MiB ÷ RTT 160 ms × 90% efficiency)` (spec §6). */
export function describeRate(path: Path, concurrent: number, policy: Policy, rates: Rates): string {
  const efficiency = `× ${formatPercent(policy.efficiency)} efficiency`;
  const route = `path ${path.sites.join(' → ')}`;
  switch (rates.limitedBy) {
    case 'max-stream':
      return `${formatRate(rates.rate)} (${route}: max-stream ${formatRate(policy.maxStream ?? rates.rate)})`;
    case 'window': {
      const streams = policy.streams > 1 ? `${policy.streams} × ` : '';
      return `${formatRate(rates.rate)} (${route}: TCP window ${streams}${formatSize(policy.streamWindow ?? 0)} ÷ RTT ${formatDuration(path.rtt)} ${efficiency})`;
    }
    default: {
      const base = concurrent > 1 ? `${formatRate(path.bandwidth)} ÷ ${concurrent} concurrent` : formatRate(path.bandwidth);
      return `${formatRate(rates.rate)} (${route}: ${base} ${efficiency})`;
    }
  }
}

/** A live/routed migration whose dirty rate is known and whose path exists, with its estimate. */
export interface DirtyMigration {
  ia: IntentAnalysis;
  migration: Migration;
  estimate: Estimate;
  precopy: Precopy;
  dirtyRate: number;
  rate: number;
  /** R and what set it (describeRate): written when a message asks for it. */
  describe(): string;
}

/**
 * The migrations of live/routed intents whose dirty rate is known and whose path exists, with
 * their estimate: listed once per check for the five pre-copy rules that read them.
 */
export function dirtyMigrations(analysis: Analysis, derive: Derive): readonly DirtyMigration[] {
  return derive('dirty-migrations', [analysis], () => {
    const list: DirtyMigration[] = [];
    for (const ia of analysis.intents) {
      if (!isLiveOrRouted(ia.intent.method)) continue;
      for (const m of ia.migrations) {
        const e = m.estimate;
        const path = m.path;
        const dirtyRate = m.vm.dirtyRate;
        const rates = e?.rates;
        if (!path || path.links.length === 0 || dirtyRate === undefined || !e?.precopy || !rates) continue;
        let text: string | undefined;
        list.push({
          ia,
          migration: m,
          estimate: e,
          precopy: e.precopy,
          dirtyRate,
          rate: e.rate,
          describe: () => (text ??= describeRate(path, ia.concurrent, ia.intent.policy, rates)),
        });
      }
    }
    return list;
  });
}

/** Engines that can switch to post-copy (spec §5). */
export function hasPostcopy(policy: Policy): boolean {
  return policy.profile === 'kvm' || policy.profile === 'qemu';
}

/** The intent done with another `converge` in its policy: what the converge fixes quote. */
export function withConverge(model: Model, analysis: Analysis, intent: Intent, converge: Converge): IntentAnalysis {
  return analyseIntent(model, analysis.paths, intent, { method: intent.method, storage: intent.storage, policy: { ...intent.policy, converge } });
}

/** Writes `name = value` into the policy in force: its declaration, or a new unnamed `policy { }` when none is written (spec §10). */
export function setPolicyAttribute(model: Model, intent: Intent, name: string, value: string): Fix['edits'] {
  const origin = intent.policy.origin;
  if (origin) return [setAttribute(origin.file, origin.declaration, name, value)];
  return [appendDeclaration(intent.file, `policy {\n  ${name} = ${value}\n}`)];
}

/** `Set converge = throttle in the unnamed policy: converges with the guest throttled up to 40% for 6 m 20 s, ≈ 12 m` — for one VM's migration. */
export function convergeFix(model: Model, analysis: Analysis, m: Migration, converge: 'throttle' | 'postcopy'): Fix | undefined {
  const { intent } = m;
  if (converge === 'postcopy' && !hasPostcopy(intent.policy)) return undefined;
  const alt = withConverge(model, analysis, intent, converge).migrations.find((a) => a.vm === m.vm)?.estimate;
  if (!alt?.precopy) return undefined;
  const where = intent.policy.name ? `policy ${intent.policy.name}` : 'the unnamed policy';
  const p = alt.precopy;
  let cost: string;
  if (p.stop === 'never') cost = 'still never stops';
  else if (converge === 'throttle')
    cost =
      p.throttle > 0
        ? `converges with the guest throttled up to ${formatPercent(p.throttle)} for ${formatDuration(p.throttled)}, ≈ ${formatDuration(alt.duration)}, downtime ≈ ${formatDuration(alt.downtime)}`
        : `converges without throttling, ≈ ${formatDuration(alt.duration)}`;
  else
    cost =
      p.stop === 'postcopy'
        ? `switches over after one round (pause ≈ ${formatDuration(alt.downtime)}), then pulls ${formatSize(p.postcopy)} for ${formatDuration(p.postcopy / (alt.rates?.finalRate ?? alt.rate))} during which a failure of either site loses the VM and a failure of the path stalls it`
        : `≈ ${formatDuration(alt.duration)}, downtime ≈ ${formatDuration(alt.downtime)}`;
  return { title: `Set converge = ${converge} in ${where}: ${cost}`, edits: setPolicyAttribute(model, intent, 'converge', converge) };
}
