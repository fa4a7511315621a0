/**
 * The virsh export (spec §12): a POSIX sh script (`set -eu`) that runs the plan's kvm and qemu
 * intents with libvirt, wave by wave. The intents of a wave run in the background and the wave
 * waits for them; an intent runs its VMs `concurrent` at a time, in the slots of spec §6 (each
 * slot runs its VMs one after the other, in the order the plan fills them). Every flag written is
 * one `virsh help migrate` lists (a test holds it to the installed virsh).
 */
import { formatDuration, formatPercent } from '../../format.js';
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

const MiB = 1024 * 1024;

/** A word as sh reads it back. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function comment(line: string): string {
  return line === '' ? '#' : `# ${line}`;
}

function hostVariable(site: string): string {
  return variableName('HOST', site);
}

function uri(site: string): string {
  return `"qemu+ssh://$${hostVariable(site)}/system"`;
}

/** The domain virsh is given: the VM's libvirt identity (`id`, a UUID) when the file has one, else its name. */
function domain(m: ExportMigration): string {
  return shellQuote(m.vm.id ?? m.vm.name);
}

/** `virsh migrate`'s flags for a live or routed move, carrying the model's choices (spec §12). */
export function liveFlags(i: ExportIntent, m: ExportMigration): string[] {
  const p = i.policy;
  const flags = ['--live', '--persistent', '--undefinesource'];
  if (m.diskData > 0) flags.push('--copy-storage-all');
  if (p.maxStream !== undefined) flags.push('--bandwidth', String(Math.max(1, Math.round(p.maxStream / MiB))));
  if (p.converge === 'throttle') {
    flags.push('--auto-converge', '--auto-converge-initial', String(Math.round(p.throttleInitial * 100)));
    flags.push('--auto-converge-increment', String(Math.round(p.throttleStep * 100)));
  }
  if (p.converge === 'postcopy') flags.push('--postcopy', '--postcopy-after-precopy');
  if (p.streams > 1) flags.push('--parallel', '--parallel-connections', String(p.streams));
  return flags;
}

/** What the script cannot carry of the policy, said above the migration. */
function notCarried(i: ExportIntent): string[] {
  const p = i.policy;
  const notes: string[] = [];
  if (p.converge === 'throttle' && Math.round(p.throttleMax * 100) !== 99)
    notes.push(`throttle-max ${formatPercent(p.throttleMax)}: virsh migrate has no flag for it; set QEMU's max-cpu-throttle on the source first`);
  if (p.maxRounds !== undefined || p.maxData !== undefined)
    notes.push('max-rounds/max-data: QEMU has no such cap; the estimate assumed the engine stops there, QEMU goes on until the downtime limit is met');
  if (Math.round(p.maxDowntime * 1000) !== 300)
    notes.push(
      `max-downtime ${Math.round(p.maxDowntime * 1000)} ms: QEMU's downtime-limit is 300 ms unless set; set it with virsh migrate-setmaxdowntime during the migration`,
    );
  return notes;
}

function migrationFunction(name: string, i: ExportIntent, m: ExportMigration): string[] {
  const pm = m.plan;
  const from = uri(pm.from);
  const to = uri(pm.to);
  const lines = [comment(figuresLine(pm)), ...notCarried(i).map((n) => comment(`Not carried: ${n}`))];
  const { before, after } = manualSteps(pm);
  lines.push(`${name}() {`);
  for (const s of before) lines.push(`  ${comment(`Before (by hand, no virsh command does it): ${s}`)}`);
  if (pm.method === 'cold') {
    lines.push(`  run virsh -c ${from} shutdown ${domain(m)}`);
    lines.push(`  wait_shut_off "$${hostVariable(pm.from)}" ${domain(m)}`);
    if (m.diskData > 0 && m.vm.datastore && i.intent.storage === 'replica')
      lines.push(
        `  ${comment(`Final sync of the replica of datastore ${m.vm.datastore} at ${pm.to}: your storage does it; wait for it before the start below`)}`,
      );
    else if (m.diskData > 0) {
      const limit = i.policy.maxStream !== undefined ? ` ${Math.max(1, Math.round(i.policy.maxStream / 1024))}` : '';
      lines.push(`  copy_disks "$${hostVariable(pm.from)}" "$${hostVariable(pm.to)}" ${domain(m)}${limit}`);
    }
    lines.push(`  run virsh -c ${from} migrate --offline --persistent --undefinesource ${domain(m)} ${to}`);
    lines.push(`  run virsh -c ${to} start ${domain(m)}`);
  } else {
    lines.push(`  run virsh -c ${from} migrate ${liveFlags(i, m).join(' ')} ${domain(m)} ${to}`);
  }
  for (const s of after) lines.push(`  ${comment(`Then (by hand, no virsh command does it): ${s}`)}`);
  lines.push('}');
  return lines;
}

const PRELUDE = `# Prints the command (DRY_RUN set and not empty) or runs it.
run() {
  if [ -n "\${DRY_RUN:-}" ]; then
    echo "+ $*"
  else
    "$@"
  fi
}

# Waits for each process id given; fails, once all have ended, when one of them failed.
wait_all() {
  failed=0
  for pid in "$@"; do
    wait "$pid" || failed=1
  done
  return "$failed"
}

# wait_shut_off HOST DOMAIN: waits until DOMAIN is shut off at HOST (at most SHUTDOWN_TIMEOUT s).
wait_shut_off() {
  if [ -n "\${DRY_RUN:-}" ]; then
    echo "+ wait until $2 is shut off at $1"
    return 0
  fi
  waited=0
  while [ "$(virsh -c "qemu+ssh://$1/system" domstate "$2")" != "shut off" ]; do
    if [ "$waited" -ge "$SHUTDOWN_TIMEOUT" ]; then
      echo "$2 did not shut down at $1 within $SHUTDOWN_TIMEOUT s" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# copy_disks FROM TO DOMAIN [KIB_PER_S]: copies the disk files of the shut-off DOMAIN from host FROM
# to the same paths at host TO: rsync --sparse, run at FROM over ssh, of every file disk that
# \`virsh domblklist\` lists (KIB_PER_S: rsync's --bwlimit, the policy's max-stream). Redefine it
# for your storage (a block device, a pool that another tool copies, shared storage: do nothing).
copy_disks() {
  if [ -n "\${DRY_RUN:-}" ]; then
    echo "+ copy_disks $*"
    return 0
  fi
  blocks=$(virsh -c "qemu+ssh://$1/system" domblklist "$3" --details)
  printf '%s\\n' "$blocks" | awk '$1 == "file" && $2 == "disk" { sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +/, ""); print }' | while IFS= read -r disk; do
    if [ -n "\${4:-}" ]; then
      ssh -n "$1" rsync --sparse --bwlimit="$4" "$disk" "$2:$disk"
    else
      ssh -n "$1" rsync --sparse "$disk" "$2:$disk"
    fi
  done
}`;

/** The script. */
export function virshScript(input: ExportInput): string {
  const out: string[] = ['#!/bin/sh'];
  const head = [
    ...headerLines(input, 'virsh'),
    '',
    ...skippedLines(input),
    ...(input.skipped.length > 0 ? [''] : []),
    'Run it where every host is reached over ssh (virsh connects to qemu+ssh://HOST/system):',
    `  sh ${input.plan.file.replace(/\.vmm$/, '')}.virsh.sh`,
    'Dry run, printing each command and running none:',
    `  DRY_RUN=1 sh ${input.plan.file.replace(/\.vmm$/, '')}.virsh.sh`,
    'Waves run one after another; the intents of a wave at once, each at its concurrency.',
  ];
  out.push(...head.map(comment), 'set -eu', '');
  out.push(comment("Each site's libvirt host: set it in the environment (HOST_site=kvm1.example.net) or here."));
  for (const site of input.sites) out.push(`: "\${${hostVariable(site)}:=${site}}"`);
  out.push(comment('Seconds a cold migration waits for its guest to shut down.'), ': "${SHUTDOWN_TIMEOUT:=300}"', '', PRELUDE, '');

  let ordinal = 0;
  const waveCalls: string[] = [];
  for (const wave of input.waves) {
    if (wave.intents.length === 0) {
      out.push(comment(`Wave ${wave.index}: nothing for virsh (its intents are listed at the top).`), '');
      continue;
    }
    out.push(comment('-'.repeat(96)), comment(`Wave ${wave.index}: ≈ ${formatDuration(wave.plan.duration)} in the plan`), '');
    const intentNames: string[] = [];
    for (const i of wave.intents) {
      const names = i.migrations.map((m) => `migrate_${++ordinal}_${m.plan.vm.replace(/[^A-Za-z0-9_]/g, '_')}`);
      i.migrations.forEach((m, k) => out.push(...migrationFunction(names[k], i, m), ''));
      const lanes = new Map<number, string[]>();
      i.migrations.forEach((m, k) => lanes.set(m.slot, [...(lanes.get(m.slot) ?? []), names[k]]));
      const intentName = `intent_line_${i.plan.line}`;
      intentNames.push(intentName);
      out.push(comment(intentLine(i)), `${intentName}() {`);
      const pids: string[] = [];
      [...lanes.keys()]
        .sort((a, b) => a - b)
        .forEach((slot, k) => {
          out.push(`  (${(lanes.get(slot) ?? []).map((n) => ` ${n};`).join('')} ) &`, `  slot${k + 1}=$!`);
          pids.push(`"$slot${k + 1}"`);
        });
      out.push(`  wait_all ${pids.join(' ')}`, '}', '');
    }
    const waveName = `wave_${wave.index}`;
    waveCalls.push(waveName);
    out.push(`${waveName}() {`, `  echo "wave ${wave.index}: ${wave.intents.map((i) => `line ${i.plan.line}`).join(', ')}"`);
    intentNames.forEach((n, k) => out.push(`  ${n} &`, `  intent${k + 1}=$!`));
    out.push(`  wait_all ${intentNames.map((_, k) => `"$intent${k + 1}"`).join(' ')}`, '}', '');
  }
  out.push(comment('The waves, one after another: a wave starts when every migration of the one before it has ended.'));
  out.push(...waveCalls, `echo "done: ${ordinal} migration${ordinal === 1 ? '' : 's'}"`, '');
  return out.join('\n');
}
