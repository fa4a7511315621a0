import type { IntentAnalysis } from '../../migration/analysis.js';
import { formatDuration } from '../../format.js';

// How the time rules (VMM202, VMM203, VMM206) word an estimated time against the limit it exceeds.

/** `3 migrations, 1 at a time` or `1 migration`: what the makespan was computed from. */
export function intentShape(ia: IntentAnalysis): string {
  const n = ia.migrations.length;
  return n === 1 ? '1 migration' : `${n} migrations, ${ia.concurrent} at a time`;
}

/**
 * A duration shown next to the limit it exceeds: as formatDuration, with more digits when both
 * would read the same ("1 h exceeds 1 h").
 */
export function durationAbove(value: number, limit: number): string {
  const shown = formatDuration(value);
  if (shown !== formatDuration(limit)) return shown;
  if (value < 1) return `${(value * 1000).toFixed(2)} ms`;
  if (value < 60) return `${value.toFixed(3)} s`;
  const total = Math.round(value);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const exact = `${h > 0 ? `${h} h ` : ''}${m} m ${sec} s`;
  return exact !== shown && total !== Math.round(limit) ? exact : `${value.toFixed(1)} s`;
}

/** Why an intent never finishes: the VMs whose pre-copy does not converge. */
export function neverFinishes(ia: IntentAnalysis): string {
  const stuck = ia.migrations.filter((m) => m.estimate && !m.estimate.converges).map((m) => m.vm.name);
  return `pre-copy of ${stuck.length > 1 ? 'vms' : 'vm'} ${stuck.join(', ')} never converges (dirty-rate at least the effective bandwidth), so the intent never finishes`;
}
