/**
 * The PowerCLI export (spec §12): a PowerShell script for the plan's vSphere intents (profiles
 * metro, vmware-metro, vmware-long-distance) and HCX intents (profile hcx), wave by wave.
 *
 * vMotion: `Move-VM … -RunAsync` per VM; HCX: `New-HCXMigration` then `Start-HCXMigration`. Cold:
 * `Stop-VMGuest`, wait until powered off, move, `Start-VM`. An intent runs `concurrent` VMs at a
 * time: the script starts a round (the next VM of each of the intent's slots, for every intent of
 * the wave at once), waits for the round with `Wait-Task`, then starts the next; the last round's
 * wait ends the wave, so the next wave starts only when every move of this one has ended.
 */
import { formatDuration } from '../../format.js';
import {
  figuresLine,
  headerLines,
  intentLine,
  manualSteps,
  skippedLines,
  variableName,
  type ExportInput,
  type ExportIntent,
  type ExportMigration,
} from './common.js';

/** A string as PowerShell reads it back: single-quoted, quotes doubled. */
export function psQuote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function comment(line: string): string {
  return line === '' ? '#' : `# ${line}`;
}

const clusterOf = (site: string) => `$${variableName('CLUSTER', site)}`;
const datastoreOf = (site: string) => `$${variableName('DATASTORE', site)}`;
const portGroupOf = (network: string) => `$${variableName('PORTGROUP', network)}`;

/** How the VM is found: by its MoRef when the file has one (`vm-1042`), else by name. */
function vmLookup(m: ExportMigration): string {
  const id = m.vm.id;
  if (id && /^(VirtualMachine-)?vm-\d+$/.test(id)) return `(Get-VM -Id ${psQuote(id.startsWith('VirtualMachine-') ? id : `VirtualMachine-${id}`)})`;
  return `(Get-VM -Name ${psQuote(m.vm.name)})`;
}

const isHcx = (i: ExportIntent) => i.policy.profile === 'hcx';

/** The disks land on another datastore only when the move copies them (a replica takes over otherwise). */
function copiesToDatastore(i: ExportIntent, m: ExportMigration): boolean {
  return m.diskData > 0 && !(m.vm.datastore && i.intent.storage === 'replica');
}

function hcxType(i: ExportIntent): string {
  if (i.plan.method !== 'cold') return 'vMotion';
  return i.intent.storage === 'replica' ? 'Bulk' : 'Cold';
}

/** What the script cannot set of the policy, said above the move. */
function notCarried(i: ExportIntent): string[] {
  const p = i.policy;
  const notes: string[] = [];
  if (p.streams > 1) notes.push(`streams ${p.streams}: vMotion's stream count is a host setting (Migrate.VMotionStreamHelpers), not a Move-VM parameter`);
  return notes;
}

function storageNote(i: ExportIntent, m: ExportMigration): string | undefined {
  const ds = m.vm.datastore;
  if (!ds) return undefined;
  if (i.intent.storage === 'replica') return `the disks stay on datastore ${ds}, whose replica at ${m.plan.to} takes over (no -Datastore: compute-only move)`;
  if (i.intent.storage === 'stay') return `the disks stay on datastore ${ds} (no -Datastore: compute-only move)`;
  return undefined;
}

/** The lines that start one VM's move (the round's wait follows). */
function startMove(i: ExportIntent, m: ExportMigration): string[] {
  const pm = m.plan;
  const lines = [comment(figuresLine(pm)), ...notCarried(i).map((n) => comment(`Not carried: ${n}`))];
  const note = storageNote(i, m);
  if (note) lines.push(comment(note));
  for (const s of manualSteps(pm).before) lines.push(comment(`Before (by hand, no cmdlet does it): ${s}`));
  if (powersOff(i)) lines.push(`Stop-VMGuest -VM ${vmLookup(m)} -Confirm:$false | Out-Null`, `Wait-PoweredOff ${vmLookup(m)}`);
  if (isHcx(i)) {
    const args = [
      `-VM (Get-HCXVM -Name ${psQuote(m.vm.name)})`,
      `-MigrationType ${hcxType(i)}`,
      `-SourceSite (Get-HCXSite -Source -Name ${hcxSiteOf(pm.from)})`,
      `-DestinationSite (Get-HCXSite -Destination -Name ${hcxSiteOf(pm.to)})`,
      `-TargetComputeContainer (Get-HCXContainer -Site (Get-HCXSite -Destination -Name ${hcxSiteOf(pm.to)}) -Type Cluster -Name ${clusterOf(pm.to)})`,
      `-TargetDatastore (Get-HCXDatastore -Site (Get-HCXSite -Destination -Name ${hcxSiteOf(pm.to)}) -Name ${datastoreOf(pm.to)})`,
    ];
    if (m.vm.network) {
      const pg = portGroupOf(m.vm.network);
      args.push(
        `-NetworkMapping (New-HCXNetworkMapping -SourceNetwork (Get-HCXNetwork -Site (Get-HCXSite -Source -Name ${hcxSiteOf(pm.from)}) -Name ${pg}) -DestinationNetwork (Get-HCXNetwork -Site (Get-HCXSite -Destination -Name ${hcxSiteOf(pm.to)}) -Name ${pg}))`,
      );
    }
    lines.push(`$migration = New-HCXMigration ${args.join(' ')}`);
    lines.push('$hcx += @(Start-HCXMigration -Migration $migration -Confirm:$false)');
    return lines;
  }
  const args = [`-VM ${vmLookup(m)}`, `-Destination (Get-Cluster -Name ${clusterOf(pm.to)})`];
  if (copiesToDatastore(i, m)) args.push(`-Datastore (Get-Datastore -Name ${datastoreOf(pm.to)})`);
  if (m.vm.network) args.push(`-NetworkAdapter (Get-NetworkAdapter -VM ${vmLookup(m)})`, `-PortGroup (Get-VDPortgroup -Name ${portGroupOf(m.vm.network)})`);
  lines.push(`$tasks += @(Move-VM ${args.join(' ')} -RunAsync)`);
  return lines;
}

const hcxSiteOf = (site: string) => `$${variableName('HCXSITE', site)}`;

/** Cold moves are shut down before and started after, except HCX Bulk, whose switch-over does both. */
function powersOff(i: ExportIntent): boolean {
  return i.plan.method === 'cold' && !(isHcx(i) && hcxType(i) === 'Bulk');
}

/** A round: every move started (a cold VM shut down first), the waits, the cold VMs started. */
function round(moves: { i: ExportIntent; m: ExportMigration }[]): string[] {
  const vmotion = moves.some(({ i }) => !isHcx(i));
  const hcx = moves.some(({ i }) => isHcx(i));
  const lines = [...(vmotion ? ['$tasks = @()'] : []), ...(hcx ? ['$hcx = @()'] : [])];
  for (const { i, m } of moves) lines.push(...startMove(i, m));
  if (vmotion) lines.push('if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }');
  if (hcx) lines.push('Wait-HCXMigrations $hcx');
  for (const { i, m } of moves) {
    if (powersOff(i)) lines.push(`Start-VM -VM ${vmLookup(m)} -Confirm:$false | Out-Null`);
    for (const s of manualSteps(m.plan).after) lines.push(comment(`Then, for ${m.plan.vm} (by hand, no cmdlet does it): ${s}`));
  }
  return lines;
}

const PRELUDE = `# Waits for HCX migrations to end (there are none under -WhatIf); fails on one that failed.
function Wait-HCXMigrations([object[]]$Migrations) {
  foreach ($m in $Migrations) {
    do {
      Start-Sleep -Seconds 30
      $state = (Get-HCXMigration -MigrationId $m.Id).State
    } while ($state -notmatch 'MIGRATED|COMPLETE|FAIL|CANCEL')
    if ($state -match 'FAIL|CANCEL') { throw "HCX migration $($m.Id) ended $state" }
  }
}

# Waits until the VM is powered off, at most $ShutdownTimeout seconds (not under -WhatIf).
function Wait-PoweredOff([object]$VM) {
  if ($WhatIfPreference) { return }
  $waited = 0
  while ((Get-VM -Id $VM.Id).PowerState -ne 'PoweredOff') {
    if ($waited -ge $ShutdownTimeout) { throw "$($VM.Name) did not shut down within $ShutdownTimeout s" }
    Start-Sleep -Seconds 5
    $waited += 5
  }
}`;

/** The script. */
export function powercliScript(input: ExportInput): string {
  const base = input.plan.file.replace(/\.vmm$/, '');
  const hcx = input.waves.some((w) => w.intents.some(isHcx));
  const head = [
    ...headerLines(input, 'powercli'),
    '',
    ...skippedLines(input),
    ...(input.skipped.length > 0 ? [''] : []),
    `Connect first: Connect-VIServer to the vCenter of each site${hcx ? ', and Connect-HCXServer for the HCX intents' : ''}. Then:`,
    `  ./${base}.powercli.ps1`,
    'Dry run: Move-VM, Stop-VMGuest, Start-VM and Start-HCXMigration only say what they would do:',
    `  ./${base}.powercli.ps1 -WhatIf`,
    'Waves run one after another; an intent runs its VMs at its concurrency, a round at a time.',
  ];
  const out: string[] = [
    ...head.map(comment),
    '[CmdletBinding(SupportsShouldProcess)]',
    'param()',
    'Set-StrictMode -Version Latest',
    "$ErrorActionPreference = 'Stop'",
    '',
  ];

  const networks = new Set<string>();
  for (const w of input.waves) for (const i of w.intents) for (const m of i.migrations) if (m.vm.network) networks.add(m.vm.network);
  out.push(comment('Each site: the cluster VMs move into, the datastore copied disks land on.'));
  for (const site of input.sites) {
    out.push(`${clusterOf(site)} = ${psQuote(site)}`, `${datastoreOf(site)} = ${psQuote(site)}`);
    if (hcx) out.push(`${hcxSiteOf(site)} = ${psQuote(site)}`);
  }
  if (networks.size > 0) {
    out.push(comment('Each network: its port group at the target (a distributed port group).'));
    for (const n of [...networks].sort()) out.push(`${portGroupOf(n)} = ${psQuote(n)}`);
  }
  out.push(comment('Seconds a cold migration waits for its guest to shut down.'), '$ShutdownTimeout = 300', '', PRELUDE, '');

  for (const wave of input.waves) {
    if (wave.intents.length === 0) {
      out.push(comment(`Wave ${wave.index}: nothing for PowerCLI (its intents are listed at the top).`), '');
      continue;
    }
    out.push(comment('-'.repeat(96)), comment(`Wave ${wave.index}: ≈ ${formatDuration(wave.plan.duration)} in the plan`));
    for (const i of wave.intents) out.push(comment(intentLine(i)));
    out.push(`Write-Host ${psQuote(`wave ${wave.index}: ${wave.intents.map((i) => `line ${i.plan.line}`).join(', ')}`)}`);
    // Round k: the k-th VM of each slot of each intent.
    const lanes = wave.intents.map((i) => {
      const bySlot = new Map<number, ExportMigration[]>();
      for (const m of i.migrations) bySlot.set(m.slot, [...(bySlot.get(m.slot) ?? []), m]);
      return { i, slots: [...bySlot.values()] };
    });
    const rounds = Math.max(...lanes.flatMap((l) => l.slots.map((s) => s.length)));
    for (let k = 0; k < rounds; k++) {
      const moves = lanes.flatMap(({ i, slots }) => slots.flatMap((s) => (s[k] ? [{ i, m: s[k] }] : [])));
      // Keep the plan's order within the round.
      moves.sort((a, b) => order(wave, a.m) - order(wave, b.m));
      out.push(comment(`Round ${k + 1} of ${rounds}`), ...round(moves), '');
    }
  }
  out.push(`Write-Host ${psQuote(`done: ${input.waves.reduce((n, w) => n + w.intents.reduce((c, i) => c + i.migrations.length, 0), 0)} migrations`)}`, '');
  return out.join('\n');
}

function order(wave: ExportInput['waves'][number], m: ExportMigration): number {
  return wave.plan.migrations.indexOf(m.plan);
}
