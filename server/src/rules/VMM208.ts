import { formatDuration, formatPercent, formatRate, formatSize } from '../format.js';
import type { Policy } from '../model/model.js';
import type { Precopy } from '../migration/precopy.js';
import type { Rule } from './rule.js';
import { useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';
import { convergeFix, dirtyMigrations, withConverge } from './shared/precopy.js';

/** The engine feature that throttles the guest: vSphere's Stun During Page Send, QEMU's auto-converge (spec §5). */
function mechanism(policy: Policy): string {
  switch (policy.profile) {
    case 'vmware-metro':
    case 'vmware-long-distance':
    case 'hcx':
      return 'SDPS';
    case 'kvm':
    case 'qemu':
      return 'auto-converge';
    default:
      return 'SDPS / auto-converge';
  }
}

function roundsText(n: number): string {
  return `${n} ${n === 1 ? 'round' : 'rounds'}`;
}

/** A cap that forced the stop: `max-rounds 3 forces the stop after 3 rounds`. */
function forcedBy(precopy: Precopy, policy: Policy): string {
  const rounds = roundsText(precopy.rounds);
  const cap = precopy.stop === 'max-rounds' ? `max-rounds ${policy.maxRounds}` : `max-data ${formatPercent(policy.maxData ?? 0)}`;
  return `${cap} forces the stop after ${rounds}`;
}

/**
 * Pre-copy converges with the guest throttled (spec §6: `converge = throttle` and `throttled` > 0,
 * so the throttle rose above 0): the guest's vCPUs run slowed, up to the deepest throttle, for as
 * long as the throttled rounds take. The message says whether the pre-copy would stop at all
 * unthrottled. Not reported for a pre-copy that never stops (VMM201's, spec §10).
 */
export const VMM208: Rule = {
  code: 'VMM208',
  severity: 'warning',
  summary: 'live/routed: pre-copy converges with the guest throttled (converge = throttle): the deepest throttle and how long the guest runs slowed',
  check({ model, analysis, derive, report }) {
    for (const { ia, migration, precopy, dirtyRate, rate, describe } of dirtyMigrations(analysis, derive)) {
      const { intent } = ia;
      const policy = intent.policy;
      // A pre-copy that never stops, throttled or not, is VMM201's error (spec §10).
      if (policy.converge !== 'throttle' || precopy.stop === 'never' || !(precopy.throttled > 0) || !(precopy.throttle > 0)) continue;
      const name = migration.vm.name;
      // The first round sent throttled, and what kept the round before it from halving.
      const first = precopy.throttles.findIndex((t) => t > 0);
      const before = precopy.volumes[first - 1] ?? 0;
      const workingSet = migration.vm.workingSet ?? 0;
      const lambda = dirtyRate / rate;
      const byWorkingSet = workingSet > 0 && workingSet >= before * lambda;
      const cause = byWorkingSet
        ? `its working set ${formatSize(workingSet)} stays dirty every round, above the stop threshold ${formatSize(precopy.threshold)} (${policy.engine.stopThreshold === undefined ? 'R × max-downtime' : "the engine's 50 pages"}) at R = ${describe()}`
        : `it dirties memory at ${formatRate(dirtyRate)} (dirty-rate), ${formatPercent(lambda)} of the effective bandwidth ${describe()}`;
      const capped = precopy.throttle >= policy.throttleMax ? `, capped at throttle-max ${formatPercent(policy.throttleMax)}` : '';
      const steps = `${formatPercent(policy.throttleInitial)}, +${formatPercent(policy.throttleStep)} each round that does not halve the one before${capped}`;
      // The same migration with the engine not throttling: is the throttle what makes it stop, or does it only shorten it?
      const free = withConverge(model, analysis, intent, 'none').migrations.find((a) => a.vm === migration.vm)?.estimate;
      const freeStop = free?.precopy;
      const only = freeStop?.stop === 'never';
      const unthrottled = !freeStop
        ? ''
        : only
          ? '; unthrottled it would never stop'
          : `; unthrottled it would stop after ${roundsText(freeStop.rounds)}${freeStop.stop === 'threshold' ? '' : ` (${freeStop.stop})`}, ≈ ${formatDuration(free.duration)} instead of ≈ ${formatDuration(migration.estimate?.duration ?? 0)}`;
      const fixes = [useMethod(model, analysis, intent, 'cold', 'no memory copy, so no throttling')];
      const postcopy = convergeFix(model, analysis, migration, 'postcopy');
      if (postcopy) fixes.push(postcopy);
      const slowed = `with its vCPUs throttled up to ${formatPercent(precopy.throttle)} for ${formatDuration(precopy.throttled)} (${mechanism(policy)})`;
      const rounds = roundsText(precopy.rounds);
      // A forced stop converges (spec §10), but a cap ended it, not the throttle: say so.
      const message =
        precopy.stop === 'threshold'
          ? `vm ${name} converges ${only ? 'only ' : ''}${slowed}: ${cause}; throttled from round ${first} (${steps}), pre-copy reaches ${byWorkingSet ? 'it' : `the stop threshold ${formatSize(precopy.threshold)}`} after ${rounds}${unthrottled}`
          : `vm ${name} runs ${slowed} before ${forcedBy(precopy, policy)}: ${cause}; throttled from round ${first} (${steps})${unthrottled}`;
      report(
        intent,
        targetSpan(derive, model, intent, name),
        message,
        fixes,
        name,
        `vm ${name} throttled up to ${formatPercent(precopy.throttle)} for ${formatDuration(precopy.throttled)}`,
      );
    }
  },
};
