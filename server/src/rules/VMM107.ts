import { analyseIntent, type Analysis, type IntentAnalysis, type Migration } from '../migration/analysis.js';
import { windowLimit, type WindowLimit } from '../migration/rates.js';
import type { Fix } from '../model/findings.js';
import type { Model, Policy } from '../model/model.js';
import type { Path } from '../model/paths.js';
import { formatDuration, formatPercent, formatRate, formatSize } from '../format.js';
import { headerSpan, type Rule } from './rule.js';
import { policyName } from './shared/fixes.js';
import { setPolicyAttribute } from './shared/precopy.js';
import { formatBothRates, formatByteRate } from './shared/window.js';

const MiB = 2 ** 20;

/** `134 MB/s`, or as a binary figure when it is one (`128 MiB/s`, QEMU's default max-bandwidth). */
function formatCap(bytesPerSecond: number): string {
  const mib = bytesPerSecond / MiB;
  return Number.isInteger(mib) ? `${mib} MiB/s` : formatByteRate(bytesPerSecond);
}

/** A migration copies something: a cold move with nothing to copy (disks that stay, a synchronous replica) does not (spec §10). */
function copiesSomething(m: Migration): boolean {
  return m.estimate !== undefined && m.estimate.data > 0;
}

/** The intent's time as the fix title states it: `≈ 1 h 27 m`, `≈ 3 m 42 s for all 2`. */
function intentTime(ia: IntentAnalysis): string {
  if (ia.duration === undefined) return 'unknown';
  if (!Number.isFinite(ia.duration)) return 'never (pre-copy does not converge)';
  return `≈ ${formatDuration(ia.duration)}${ia.migrations.length > 1 ? ` for all ${ia.migrations.length}` : ''}`;
}

/** What the path gives a migration, min(link rate, max-stream ÷ efficiency), and which of the two it is. */
interface PathRate {
  byMaxStream: boolean;
  text: string;
}

function pathRate(limit: WindowLimit, linkRate: number, path: Path, concurrent: number, policy: Policy): PathRate {
  const { maxStream, efficiency } = policy;
  if (maxStream !== undefined && maxStream / efficiency < linkRate) {
    return { byMaxStream: true, text: `max-stream ${formatCap(maxStream)} ÷ ${formatPercent(efficiency)} efficiency = ${formatBothRates(limit.pathRate)}` };
  }
  const share = concurrent > 1 ? `: ${formatRate(path.bandwidth)} ÷ ${concurrent} concurrent` : '';
  return { byMaxStream: false, text: `its link rate ${formatByteRate(linkRate)} (${formatRate(linkRate)}${share})` };
}

/**
 * `Set streams = 48 in the unnamed policy (48 × 4 MiB ÷ 160 ms = 1.26 GB/s reaches the link rate): ≈ 1 m 51 s
 * instead of ≈ 1 h 27 m`: the fewest streams that reach the path's rate, the intent re-estimated with them.
 */
function streamsFix(model: Model, analysis: Analysis, ia: IntentAnalysis, limit: WindowLimit, path: Path, window: number, rate: PathRate): Fix | undefined {
  const { intent } = ia;
  const n = limit.streamsNeeded;
  if (!Number.isFinite(n)) return undefined;
  const alt = analyseIntent(model, analysis.paths, intent, { method: intent.method, storage: intent.storage, policy: { ...intent.policy, streams: n } });
  const where = intent.policy.origin ? (intent.policy.name ? `policy ${intent.policy.name}` : 'the unnamed policy') : 'a new unnamed policy';
  const reached = rate.byMaxStream ? 'max-stream ÷ efficiency' : 'the link rate';
  const reach = `${n} × ${formatSize(window)} ÷ ${formatDuration(path.rtt)} = ${formatByteRate((n * window) / path.rtt)} reaches ${reached}`;
  return {
    title: `Set streams = ${n} in ${where} (${reach}): ${intentTime(alt)} instead of ${intentTime(ia)}`,
    edits: setPolicyAttribute(model, intent, 'streams', String(n)),
  };
}

/**
 * One TCP connection carries at most its window per round trip (the bandwidth-delay product): with
 * Linux's default autotuning buffers (4 MiB) a 160 ms path gives a migration 26.2 MB/s, whatever the
 * link. Reported when the window, not the link or the engine's cap, is what sets R (spec §6, §10).
 */
export const VMM107: Rule = {
  code: 'VMM107',
  severity: 'warning',
  summary:
    'live/routed/cold: the TCP window caps each migration below what the path gives it (streams × stream-window ÷ path RTT < min(link rate, max-stream ÷ efficiency))',
  check({ model, analysis, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const { policy } = intent;
      const window = policy.streamWindow;
      if (intent.method === 'federate' || window === undefined) continue;
      // One diagnostic per source site: every VM from there crosses the same path at the same rates.
      const seen = new Set<string>();
      for (const m of ia.migrations) {
        const path = m.path;
        if (!path || path.links.length === 0 || !copiesSomething(m)) continue;
        const key = path.sites.join('>');
        if (seen.has(key)) continue;
        seen.add(key);
        const linkRate = m.estimate?.rates?.linkRate ?? path.bandwidth / ia.concurrent;
        const limit = windowLimit({
          linkRate,
          pathRtt: path.rtt,
          efficiency: policy.efficiency,
          maxStream: policy.maxStream,
          streams: policy.streams,
          streamWindow: window,
        });
        if (!limit?.limits) continue;
        const rate = pathRate(limit, linkRate, path, ia.concurrent, policy);
        const streams = policy.streams > 1 ? `${policy.streams} streams × ` : '';
        const fix = streamsFix(model, analysis, ia, limit, path, window, rate);
        report(
          intent,
          headerSpan(intent.declaration),
          `TCP window caps each migration on path ${path.sites.join(' → ')} at ${formatBothRates(limit.windowCap)}: ${streams}stream-window ${formatSize(window)} ÷ RTT ${formatDuration(path.rtt)} under ${policyName(policy)}, below ${rate.text}; the window, not ${rate.byMaxStream ? 'max-stream' : 'the link'}, sets R = ${formatByteRate(limit.windowCap * policy.efficiency)} (${formatByteRate(limit.windowCap)} × ${formatPercent(policy.efficiency)} efficiency)`,
          fix ? [fix] : [],
          undefined,
          `window caps R at ${formatByteRate(limit.windowCap * policy.efficiency)}`,
        );
      }
    }
  },
};
