/**
 * The virsh export checked against the real tools: every flag it writes is one the installed
 * `virsh help <command>` lists, the script passes `sh -n` and `shellcheck`, and run with a
 * recording fake `virsh` (and `ssh`) first on PATH, DRY_RUN unset, it runs the plan: in its
 * order, wave after wave, each intent at most its concurrency at once. virsh and shellcheck come
 * from Debian (libvirt-clients, shellcheck; .ci/run installs them): without them these tests fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportOf, exportTextOf } from '../../testing.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const sample = readFileSync(path.join(root, 'samples', 'kvm-libvirt.vmm'), 'utf8');

/** A tool these tests need; missing, the test fails saying how to install it (never skips). */
function tool(name: string, pkg: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  assert.equal(found.status, 0, `${name} is not installed: apt-get install -y ${pkg} (.ci/run installs it); these tests need the real tool`);
  return found.stdout.trim();
}

const helpCache = new Map<string, Set<string>>();

/** The options `virsh help COMMAND` lists (its OPTIONS section: `--name` or `[--name] <string>`). */
function virshOptions(command: string): Set<string> {
  const cached = helpCache.get(command);
  if (cached) return cached;
  tool('virsh', 'libvirt-clients');
  const help = spawnSync('virsh', ['help', command], { encoding: 'utf8' });
  assert.equal(help.status, 0, `virsh help ${command}: ${help.stderr}`);
  const options = help.stdout.slice(help.stdout.indexOf('OPTIONS'));
  const names = new Set([...options.matchAll(/^\s+(?:\[(--[a-z][a-z0-9-]*)\]|(--[a-z][a-z0-9-]*))/gm)].map((m) => m[1] ?? m[2]));
  assert.ok(names.size > 0, `no options read from virsh help ${command}`);
  helpCache.set(command, names);
  return names;
}

/** Every virsh command line of a script: its subcommand and the flags given to it. */
function virshCommands(script: string): { line: string; command: string; flags: string[]; global: string[] }[] {
  const found = [];
  for (const line of script.split('\n')) {
    const m = /(?:^|\s|\$\()virsh\s+(.*)$/.exec(line.replace(/^\s+/, ''));
    if (!m || line.trim().startsWith('#')) continue;
    const words = m[1].match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    const global: string[] = [];
    let k = 0;
    while (k < words.length && words[k].startsWith('-')) {
      global.push(words[k]);
      k += words[k] === '-c' ? 2 : 1;
    }
    const command = words[k] ?? '';
    const flags = words.slice(k + 1).map((w) => w.replace(/\)+$/, ''));
    found.push({ line, command, flags: flags.filter((w) => w.startsWith('--')), global });
  }
  return found;
}

/** Flags of the script's virsh commands that their `virsh help` does not list. */
function unknownFlags(script: string): string[] {
  const bad: string[] = [];
  for (const c of virshCommands(script)) {
    const known = virshOptions(c.command);
    for (const f of c.flags) if (!known.has(f.replace(/=.*$/, ''))) bad.push(`virsh ${c.command} ${f}`);
    for (const g of c.global) if (g !== '-c') bad.push(`virsh ${g}`);
  }
  return bad;
}

/** Covers what the sample does not: routed, a capped cold copy, a replica, a site id with a `-`, an intent virsh cannot run. */
const MIXED = `
policy { profile = kvm }
policy capped { profile = qemu  max-stream = 50MB/s }
policy vmware { profile = vmware-metro }
site dc-east
site dc-west
link dc-east <-> dc-west { rtt = 2ms  bandwidth = 10Gbps }
network app { sites = dc-east  dns-ttl = 5min }
datastore ds-e at dc-east { replication { target = ds-w  mode = sync } }
datastore ds-a at dc-east { change-rate = 10MB/s  replication { target = ds-w  mode = async  rpo = 15min } }
datastore ds-w at dc-west
vm api-1 at dc-east { memory = 4GiB  dirty-rate = 10MB/s  network = app  datastore = ds-e }
vm old-1 at dc-east { memory = 2GiB  disk = 20GB }
vm esx-1 at dc-east { memory = 2GiB  dirty-rate = 1MB/s  datastore = ds-e }
vm rep-1 at dc-east { memory = 2GiB  disk = 10GB  datastore = ds-a }
migrate api-1 to dc-west { method = routed  storage = replica }
migrate old-1 to dc-west { method = cold  policy = capped }
migrate esx-1 to dc-west { policy = vmware  storage = replica }
migrate rep-1 to dc-west { method = cold  storage = replica }
`;

test('virsh: every flag the export writes is one `virsh help` lists for its command', () => {
  const scripts = [exportTextOf('virsh', sample), exportTextOf('virsh', MIXED)];
  const flags = new Set(scripts.flatMap((s) => virshCommands(s).flatMap((c) => c.flags.map((f) => `${c.command} ${f}`))));
  // The choices the model makes are all there (so the check below has something to check).
  for (const expected of [
    'migrate --live',
    'migrate --persistent',
    'migrate --undefinesource',
    'migrate --copy-storage-all',
    'migrate --bandwidth',
    'migrate --auto-converge',
    'migrate --auto-converge-initial',
    'migrate --auto-converge-increment',
    'migrate --postcopy',
    'migrate --postcopy-after-precopy',
    'migrate --parallel',
    'migrate --parallel-connections',
    'migrate --offline',
    'domblklist --details',
  ])
    assert.ok(flags.has(expected), `the exports write no ${expected}`);
  for (const s of scripts) assert.deepEqual(unknownFlags(s), []);
  // The check bites: a flag virsh does not have is caught.
  assert.deepEqual(unknownFlags('run virsh -c "qemu+ssh://a/system" migrate --live --downtime-limit 300 vm "qemu+ssh://b/system"'), [
    'virsh migrate --downtime-limit',
  ]);
});

test('virsh: the model choices become flags on the right migrations', () => {
  const script = exportTextOf('virsh', sample);
  const line = (vm: string) => script.split('\n').find((l) => l.includes(' migrate ') && l.includes(` ${vm} `)) ?? '';
  // db-01 has a libvirt UUID in the file: virsh is given it.
  assert.match(
    script,
    /migrate --live --persistent --undefinesource --postcopy --postcopy-after-precopy 6b1c9e02-3f4d-4a51-9b8e-2d7f0c1a5e10 "qemu\+ssh:\/\/\$HOST_ams\/system"/,
  );
  assert.equal(
    line('web-01').trim(),
    'run virsh -c "qemu+ssh://$HOST_fra/system" migrate --live --persistent --undefinesource --copy-storage-all --auto-converge --auto-converge-initial 20 --auto-converge-increment 10 --parallel --parallel-connections 2 web-01 "qemu+ssh://$HOST_ams/system"',
  );
  // Bare QEMU's 128 MiB/s cap.
  assert.match(line('cache-01'), /--live --persistent --undefinesource --bandwidth 128 cache-01/);
  assert.match(script, /^: "\$\{HOST_fra:=fra\}"$/m);
  const mixed = exportTextOf('virsh', MIXED);
  assert.match(mixed, /^: "\$\{HOST_dc_east:=dc-east\}"$/m);
  // 50 MB/s = 47.7 MiB/s: --bandwidth for live, rsync's --bwlimit (KiB/s) for a cold copy.
  assert.match(mixed, /copy_disks "\$HOST_dc_east" "\$HOST_dc_west" old-1 48828$/m);
  // Routed: the DNS lead time before, the re-addressing after, as comments.
  assert.match(mixed, /# Before \(by hand, no virsh command does it\): Lower the DNS TTL of network app from 5 m to 60 s/);
  assert.match(mixed, /# Then \(by hand, no virsh command does it\): Re-address: give api-1 its new IP address at dc-west/);
  assert.match(mixed, /# Then \(by hand, no virsh command does it\): Update DNS and DHCP with the new address of api-1/);
  // A cold move onto a replica copies nothing with rsync: the storage's final sync is said.
  assert.match(mixed, /# Final sync of the replica of datastore ds-a at dc-west: your storage does it/);
  assert.doesNotMatch(mixed, /copy_disks "\$HOST_dc_east" "\$HOST_dc_west" rep-1/);
  // The intent under vmware-metro is listed, not run.
  assert.match(
    mixed,
    /^# Not in this export \(virsh \(libvirt\) cannot run them\):\n# {3}line 18: migrate esx-1 to dc-west \(wave \d\): profile vmware-metro: virsh \(libvirt\) runs kvm, qemu$/m,
  );
  assert.doesNotMatch(mixed, /esx-1 "qemu/);
  // The figures of the plan above each migration.
  assert.match(script, /^# web-01: live fra → ams, RTT 5 ms, R 4\.5 Gbps; 62\.8 GiB in ≈ 2 m, pause ≈ 213 ms; open: VMM303, VMM208$/m);
});

test('virsh: the scripts pass sh -n and shellcheck', () => {
  tool('shellcheck', 'shellcheck');
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-virsh-'));
  try {
    for (const [name, text] of [
      ['sample.sh', exportTextOf('virsh', sample)],
      ['mixed.sh', exportTextOf('virsh', MIXED)],
    ]) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const syntax = spawnSync('sh', ['-n', file], { encoding: 'utf8' });
      assert.equal(syntax.status, 0, `sh -n ${name}: ${syntax.stderr}`);
      const lint = spawnSync('shellcheck', ['--shell=sh', '--severity=style', file], { encoding: 'utf8' });
      assert.equal(lint.status, 0, `shellcheck ${name}:\n${lint.stdout}${lint.stderr}`);
    }
    // shellcheck does bite here: an unquoted variable is reported.
    const bad = path.join(dir, 'bad.sh');
    writeFileSync(bad, '#!/bin/sh\nset -eu\nx="$1"\nrm $x\n');
    assert.notEqual(spawnSync('shellcheck', ['--shell=sh', bad]).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const FAKE_VIRSH = `#!/bin/sh
# A recording virsh: each command's start and end, in the order they happen.
conn=""
if [ "$1" = "-c" ]; then conn="$2"; shift 2; fi
sub="$1"
shift
case "$sub" in
  domstate) echo "shut off"; exit 0 ;;
  domblklist)
    printf ' Type   Device   Target   Source\\n------------------------------------------------\\n file   disk     vda      /var/lib/libvirt/images/%s disk.qcow2\\n\\n' "$1"
    exit 0 ;;
esac
echo "start $sub $conn $*" >> "$VMM_LOG"
sleep "\${VMM_SLEEP:-0.4}"
for word in "$@"; do
  if [ "$word" = "\${VMM_FAIL:-}" ]; then echo "end $sub $conn $* FAILED" >> "$VMM_LOG"; exit 1; fi
done
echo "end $sub $conn $*" >> "$VMM_LOG"
`;

const FAKE_SSH = `#!/bin/sh
echo "start ssh $*" >> "$VMM_LOG"
echo "end ssh $*" >> "$VMM_LOG"
`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  events: string[];
}

function runScript(script: string, env: Record<string, string> = {}): Run {
  tool('sh', 'dash');
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-virsh-run-'));
  try {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    for (const [name, text] of [
      ['virsh', FAKE_VIRSH],
      ['ssh', FAKE_SSH],
    ]) {
      writeFileSync(path.join(bin, name), text);
      chmodSync(path.join(bin, name), 0o755);
    }
    const log = path.join(dir, 'log');
    writeFileSync(log, '');
    writeFileSync(path.join(dir, 'plan.sh'), script);
    const base: Record<string, string | undefined> = { ...process.env };
    delete base.DRY_RUN;
    const r = spawnSync('sh', [path.join(dir, 'plan.sh')], {
      encoding: 'utf8',
      env: { ...base, PATH: `${bin}:${process.env.PATH ?? ''}`, VMM_LOG: log, ...env },
      timeout: 120_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, events: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The domain a recorded virsh command acts on (migrate: the word before the destination URI). */
function domainOf(event: string): string | undefined {
  const words = event.replace(/ FAILED$/, '').split(' ');
  if (words[1] === 'migrate') return words[words.length - 2];
  if (words[1] === 'shutdown' || words[1] === 'start') return words[words.length - 1];
  if (words[1] === 'ssh') return /images\/(\S+) disk/.exec(event)?.[1];
  return undefined;
}

/** Each domain's span in the event log: first start, last end (indexes). */
function spans(events: string[]): Map<string, { start: number; end: number; commands: string[] }> {
  const found = new Map<string, { start: number; end: number; commands: string[] }>();
  events.forEach((e, k) => {
    const d = domainOf(e);
    if (!d) return;
    const s = found.get(d) ?? { start: k, end: k, commands: [] };
    s.end = k;
    if (e.startsWith('start ')) s.commands.push(e.split(' ')[1] === 'migrate' ? `migrate ${e.includes('--offline') ? 'offline' : 'live'}` : e.split(' ')[1]);
    found.set(d, s);
  });
  return found;
}

/** The most spans open at once among `names`. */
function mostAtOnce(all: Map<string, { start: number; end: number }>, names: string[]): number {
  const points = names.flatMap((n) => {
    const s = all.get(n);
    return s
      ? [
          { at: s.start, d: 1 },
          { at: s.end, d: -1 },
        ]
      : [];
  });
  points.sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let most = 0;
  for (const p of points) most = Math.max(most, (open += p.d));
  return most;
}

const DB = '6b1c9e02-3f4d-4a51-9b8e-2d7f0c1a5e10';

test('virsh: run with a fake virsh, the plan runs in order, wave after wave, each intent within its concurrency', () => {
  const r = runScript(exportTextOf('virsh', sample));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^wave 1: line 55, line 65\nwave 2: line 60\nwave 3: line 69\ndone: 7 migrations\n$/);
  const s = spans(r.events);
  // The plan: wave 1 db-01 (line 55) and cache-01 (line 65); wave 2 web-01..03, 2 at a time; wave 3 batch-01, batch-02 cold, 2 at a time.
  const waves = [
    [DB, 'cache-01'],
    ['web-01', 'web-02', 'web-03'],
    ['batch-01', 'batch-02'],
  ];
  assert.deepEqual([...s.keys()].sort(), waves.flat().sort());
  for (let w = 0; w + 1 < waves.length; w++) {
    const lastEnd = Math.max(...waves[w].map((d) => s.get(d)?.end ?? Infinity));
    const nextStart = Math.min(...waves[w + 1].map((d) => s.get(d)?.start ?? -Infinity));
    assert.ok(lastEnd < nextStart, `wave ${w + 2} started before wave ${w + 1} ended:\n${r.events.join('\n')}`);
  }
  // The intents of a wave run at once; an intent never more than its concurrency, and here exactly it.
  assert.equal(mostAtOnce(s, waves[0]), 2, 'the two intents of wave 1 run at once');
  assert.equal(mostAtOnce(s, waves[1]), 2, 'web-* runs 2 at a time');
  assert.equal(mostAtOnce(s, waves[2]), 2, 'batch-* runs 2 at a time');
  // In the plan's order: web-03 waits for the slot web-01 frees (spec §6), each cold move in its steps' order.
  const web = (d: string) => s.get(d) ?? { start: NaN, end: NaN };
  assert.ok(web('web-03').start > web('web-01').end);
  assert.ok(web('web-01').start < web('web-03').start && web('web-02').start < web('web-03').start);
  for (const d of ['batch-01', 'batch-02']) assert.deepEqual(s.get(d)?.commands, ['shutdown', 'ssh', 'migrate offline', 'start']);
  assert.deepEqual(s.get(DB)?.commands, ['migrate live']);
  // The copy goes from the source host to the target host, of the path domblklist gave.
  assert.ok(r.events.includes('start ssh -n fra rsync --sparse /var/lib/libvirt/images/batch-01 disk.qcow2 ams:/var/lib/libvirt/images/batch-01 disk.qcow2'));
});

test('virsh: a failed migration fails the script once its wave has ended, and no later wave starts', () => {
  const r = runScript(exportTextOf('virsh', sample), { VMM_FAIL: 'web-02', VMM_SLEEP: '0.1' });
  assert.notEqual(r.status, 0);
  assert.ok(r.events.some((e) => e.includes('web-02') && e.endsWith('FAILED')));
  // web-01 and web-03 (the other slot) still finish; batch-* (wave 3) never starts.
  assert.ok(r.events.some((e) => e.startsWith('end migrate') && e.includes(' web-03 ')));
  assert.ok(!r.events.some((e) => e.includes('batch-')), r.events.join('\n'));
  assert.doesNotMatch(r.stdout, /wave 3|done/);
});

test('virsh: DRY_RUN=1 prints every command and runs none', () => {
  const r = runScript(exportTextOf('virsh', sample), { DRY_RUN: '1', HOST_fra: 'kvm1.fra.example.net' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.events, []);
  assert.ok(
    r.stdout.includes(
      '+ virsh -c qemu+ssh://kvm1.fra.example.net/system migrate --live --persistent --undefinesource --bandwidth 128 cache-01 qemu+ssh://dus/system\n',
    ),
  );
  assert.ok(r.stdout.includes('+ copy_disks kvm1.fra.example.net ams batch-02\n'));
  assert.equal(r.stdout.match(/^\+ virsh .* migrate /gm)?.length, 7);
});

test('virsh: a file with no kvm or qemu intent has no virsh export', () => {
  const e = exportOf('virsh', 'site a\nsite b\nlink a <-> b { rtt = 1ms  bandwidth = 10Gbps }\nvm v at a { memory = 1GiB }\nmigrate v to b\n');
  assert.deepEqual(e, {
    ok: false,
    message: 'no virsh export for test.vmm: none of its 1 intent(s) is one virsh (libvirt) runs (kvm, qemu; not federate)',
  });
});
