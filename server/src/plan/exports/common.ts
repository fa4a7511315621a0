/**
 * What the three exports of spec §12 share: which intents a tool can run, the plan's waves with
 * each intent and migration joined to what the model knows of it (its policy, its VM, its disks),
 * the site variables' names, and the figures written in a comment above each migration.
 *
 * The plan is read through its own types (plan.ts); the model behind it (the policy in force, the
 * VM's datastore and network, the disks a move copies) through the check it was built from,
 * matched by the intent's offset in the planned file.
 */
import type { CheckResult } from '../../checker.js';
import type { IntentAnalysis, Migration } from '../../migration/analysis.js';
import type { Intent, Policy, Vm } from '../../model/model.js';
import type { ProfileName } from '../../model/engines.js';
import { fillSlots } from '../../migration/schedule.js';
import { formatDuration, formatRate, formatSize } from '../../format.js';
import type { Plan, PlanIntent, PlanMigration, PlanWave } from '../plan.js';

export type ExportFormat = 'virsh' | 'powercli' | 'forklift';

export const exportFormats: readonly ExportFormat[] = ['virsh', 'powercli', 'forklift'];

/** What each format's tool is and which profiles it runs (spec §12). */
export const toolOf: Readonly<Record<ExportFormat, { tool: string; profiles: readonly ProfileName[] }>> = {
  virsh: { tool: 'virsh (libvirt)', profiles: ['kvm', 'qemu'] },
  powercli: { tool: 'PowerCLI (vSphere, HCX)', profiles: ['metro', 'vmware-metro', 'vmware-long-distance', 'hcx'] },
  forklift: { tool: 'Forklift (KubeVirt)', profiles: ['kvm', 'qemu'] },
};

/** One migration of the plan with the model's view of it. */
export interface ExportMigration {
  plan: PlanMigration;
  vm: Vm;
  /** bytes of disk the move copies (or a replica's final sync); 0 when the disks stay */
  diskData: number;
  /** 0-based: the slot of the intent's `concurrent` ones that runs it (spec §6, in target order) */
  slot: number;
}

export interface ExportIntent {
  plan: PlanIntent;
  intent: Intent;
  policy: Policy;
  migrations: ExportMigration[];
}

export interface ExportWave {
  index: number;
  plan: PlanWave;
  /** The intents the tool runs, in the wave's order. */
  intents: ExportIntent[];
}

/** An intent the tool cannot run, with why. */
export interface SkippedIntent {
  plan: PlanIntent;
  why: string;
}

export interface ExportInput {
  format: ExportFormat;
  plan: Plan;
  waves: ExportWave[];
  skipped: SkippedIntent[];
  /** Every site a runnable migration leaves from or goes to, sorted. */
  sites: string[];
}

/** Why an intent is not for this tool, or undefined when it is. */
function whyNot(format: ExportFormat, intent: Intent): string | undefined {
  const { tool, profiles } = toolOf[format];
  if (!profiles.includes(intent.policy.profile)) return `profile ${intent.policy.profile}: ${tool} runs ${profiles.join(', ')}`;
  if (intent.method === 'federate') return 'federate: nothing migrates (deploy at the target and add it to the load balancer, as the plan says)';
  return undefined;
}

/** The plan's waves as the tool sees them: each intent joined to its analysis, the ones it cannot run set aside. */
export function exportInput(format: ExportFormat, result: CheckResult, plan: Plan): ExportInput {
  const analyses = new Map<number, IntentAnalysis>();
  for (const ia of result.analysis.intents) if (ia.intent.file === result.file) analyses.set(ia.intent.declaration.span.start, ia);
  const skipped: SkippedIntent[] = [];
  const sites = new Set<string>();
  const waves = plan.waves.map((wave): ExportWave => {
    const intents: ExportIntent[] = [];
    for (const pi of wave.intents) {
      const ia = analyses.get(pi.offset);
      if (!ia) throw new Error(`internal: the intent at line ${pi.line} is not in the check it was planned from`);
      const why = whyNot(format, ia.intent);
      if (why) {
        skipped.push({ plan: pi, why });
        continue;
      }
      const planned = wave.migrations.filter((m) => m.offset === pi.offset);
      const slots = fillSlots(
        planned.map((m) => m.duration),
        pi.concurrent,
      ).migrations;
      const migrations = planned.map((pm, i): ExportMigration => {
        const m: Migration | undefined = ia.migrations.find((x) => x.vm.name === pm.vm);
        if (!m) throw new Error(`internal: vm ${pm.vm} is not in the intent at line ${pi.line}`);
        sites.add(pm.from).add(pm.to);
        return { plan: pm, vm: m.vm, diskData: m.estimate?.diskData ?? 0, slot: slots[i]?.slot ?? 0 };
      });
      intents.push({ plan: pi, intent: ia.intent, policy: ia.intent.policy, migrations });
    }
    return { index: wave.index, plan: wave, intents };
  });
  return { format, plan, waves, skipped, sites: [...sites].sort() };
}

/** The number of migrations the tool runs. */
export function runnable(input: ExportInput): number {
  return input.waves.reduce((n, w) => n + w.intents.reduce((k, i) => k + i.migrations.length, 0), 0);
}

/** Why there is nothing to export: none of the file's intents is one the tool runs. */
export function nothingToExport(input: ExportInput): string {
  const { tool, profiles } = toolOf[input.format];
  const intents = input.skipped.length;
  const which =
    intents === 0 ? 'the file has no migration to run' : `none of its ${intents} intent(s) is one ${tool} runs (${profiles.join(', ')}; not federate)`;
  return `no ${input.format} export for ${input.plan.file}: ${which}`;
}

/** A site id as a variable name (spec §12): characters outside [A-Za-z0-9_] written as `_`. */
export function variableName(prefix: string, id: string): string {
  return `${prefix}_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The intents a tool cannot run, one line each (without the comment marker). */
export function skippedLines(input: ExportInput): string[] {
  if (input.skipped.length === 0) return [];
  return [
    `Not in this export (${toolOf[input.format].tool} cannot run them):`,
    ...input.skipped.map((s) => `  line ${s.plan.line}: ${s.plan.header} (wave ${waveOfIntent(input, s.plan)}): ${s.why}`),
  ];
}

function waveOfIntent(input: ExportInput, intent: PlanIntent): number {
  return input.plan.waves.find((w) => w.intents.includes(intent))?.index ?? 0;
}

/** The plan's figures for one migration, one line (spec §12: expected time and pause above each migration). */
export function figuresLine(m: PlanMigration): string {
  // The path when it has hops between the two sites; a direct link says nothing more.
  const via = m.path.length > 2 ? ` via ${m.path.slice(1, -1).join(', ')}` : '';
  const rtt = m.path.length > 1 ? `, RTT ${formatDuration(m.rtt)}` : '';
  const rate = m.bandwidth > 0 ? `, R ${formatRate(m.bandwidth)}` : '';
  const warnings = m.warnings.length > 0 ? `; open: ${[...new Set(m.warnings.map((w) => w.code))].join(', ')}` : '';
  return `${m.vm}: ${m.method} ${m.from} → ${m.to}${via}${rtt}${rate}; ${formatSize(m.data)} in ≈ ${formatDuration(m.duration)}, pause ≈ ${formatDuration(m.downtime)}${warnings}`;
}

/** The intent's line: what it is and how many run at once. */
export function intentLine(i: ExportIntent): string {
  const n = i.migrations.length;
  const profile = i.policy.name ? `policy ${i.policy.name}, profile ${i.policy.profile}` : `profile ${i.policy.profile}`;
  return `line ${i.plan.line}: ${i.plan.header} (${profile}): ${n} VM${n === 1 ? '' : 's'}, ${i.plan.concurrent} at a time, ≈ ${formatDuration(i.plan.duration)}`;
}

/**
 * The plan's steps no command of the tool does, split around its migrate step: what comes before
 * (a routed move lowers the DNS TTL ahead and sets up the tunnel) and after (re-address, DNS/DHCP,
 * draining through the tunnel and removing it).
 */
export function manualSteps(m: PlanMigration): { before: string[]; after: string[] } {
  const at = m.steps.findIndex((s) => s.startsWith('Migrate ') || s.startsWith('Shut down '));
  const readdress = (s: string) =>
    /^(Re-address|Update DNS|Tunnel|Set up a tunnel|Drain the old sessions|Remove the tunnel|Lower the DNS TTL|DNS TTL of)/.test(s);
  return {
    before: m.steps.slice(0, Math.max(0, at)).filter(readdress),
    after: m.steps.slice(at + 1).filter(readdress),
  };
}

/** The export's first lines: what it is, from which file. */
export function headerLines(input: ExportInput, what: string): string[] {
  const waves = input.waves.filter((w) => w.intents.length > 0).length;
  const n = runnable(input);
  return [
    `${what}: the migration plan of ${input.plan.file}, exported by vmm (spec §12).`,
    `${n} migration${n === 1 ? '' : 's'} in ${waves} wave${waves === 1 ? '' : 's'}, in the plan's order; figures are the plan's estimates.`,
  ];
}
