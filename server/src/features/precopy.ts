import { formatDuration, formatPercent, formatRate, formatSize } from '../format.js';
import type { Migration } from '../migration/analysis.js';

/** How pre-copy ends, for hover and code lens: "converges with the guest throttled up to 40% for 6 m 20 s", "forced stop after 29 rounds". */
export function precopyEnd(m: Migration): string | undefined {
  const p = m.estimate?.precopy;
  if (!p) return undefined;
  switch (p.stop) {
    case 'never':
      if (p.never === 'working-set') return `never stops: ${formatSize(m.vm.workingSet ?? 0)} working set above ${formatSize(p.threshold)}`;
      if (p.never === 'round-limit') return 'never stops: not within 10,000 rounds';
      return `never stops: dirty-rate ${formatRate(m.vm.dirtyRate ?? 0)} at least R ${formatRate(m.estimate?.rate ?? 0)}`;
    case 'max-rounds':
      return `forced stop after ${p.rounds} rounds`;
    case 'max-data':
      return `forced stop after sending ${formatSize(p.data)} (max-data)`;
    case 'postcopy':
      return `switches to post-copy after round 0, pulling ${formatSize(p.postcopy)}`;
    default:
      if (!p.checked) return undefined;
      return p.throttle > 0
        ? `converges with the guest throttled up to ${formatPercent(p.throttle)} for ${formatDuration(p.throttled)}`
        : `converges in ${p.rounds} rounds`;
  }
}
