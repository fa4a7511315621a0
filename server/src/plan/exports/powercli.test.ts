/**
 * The PowerCLI export's structure (no PowerShell runs here): one Move-VM or New-HCXMigration per
 * migration of the plan, in wave order; a wait (Wait-Task, or the HCX migrations' wait) after
 * the last move of each wave, before the next wave's first; no variable read before it is set.
 * Each sample's script is also kept as a golden file (test/unit/exports.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportOf, exportTextOf } from '../../testing.js';
import { check } from '../../checker.js';
import { nodeFileSystem } from '../../node-fs.js';
import { buildPlan } from '../plan.js';
import { exportPlan } from './index.js';
import { psQuote } from './powercli.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));

function sampleExport(file: string): { script: string; waves: string[][] } {
  const full = path.join(root, 'samples', file);
  const result = check(full, readFileSync(full, 'utf8'), { workspace: root, fs: nodeFileSystem });
  const planned = buildPlan(result);
  assert.ok(planned.ok);
  const e = exportPlan('powercli', result, planned.plan);
  assert.ok(e.ok);
  return { script: e.text, waves: planned.plan.waves.map((w) => w.migrations.map((m) => m.vm)) };
}

/** The VM each move starts, with the wave it is in and its line, in script order. */
function moves(script: string): { vm: string; wave: number; line: number; kind: 'Move-VM' | 'New-HCXMigration' }[] {
  let wave = 0;
  const found: { vm: string; wave: number; line: number; kind: 'Move-VM' | 'New-HCXMigration' }[] = [];
  script.split('\n').forEach((l, k) => {
    const w = /^Write-Host 'wave (\d+):/.exec(l);
    if (w) wave = Number(w[1]);
    const m = /(Move-VM|New-HCXMigration) -VM \((?:Get-VM|Get-HCXVM) -Name '([^']+)'\)/.exec(l);
    if (m && !l.startsWith('#')) found.push({ vm: m[2], wave, line: k, kind: m[1] as 'Move-VM' | 'New-HCXMigration' });
  });
  return found;
}

const AUTOMATIC = new Set(['true', 'false', 'null', 'WhatIfPreference', 'ErrorActionPreference', '_']);

/** Variables read before the script (or the function they are in) sets them. */
function unset(script: string): string[] {
  const set = new Set<string>();
  const bad: string[] = [];
  for (const line of script.split('\n')) {
    if (line.trimStart().startsWith('#')) continue;
    const code = line.replace(/'[^']*'/g, "''");
    for (const p of code.matchAll(/\[[\w[\]]+\]\$(\w+)/g)) set.add(p[1]);
    for (const f of code.matchAll(/foreach \(\$(\w+) in/g)) set.add(f[1]);
    const assigned = /^\s*\$(\w+)\s*(\+?=)/.exec(code);
    if (assigned && assigned[2] === '=') set.add(assigned[1]);
    const reads = code.replace(/^\s*\$\w+\s*=/, '');
    for (const r of reads.matchAll(/\$(\w+)/g)) if (!set.has(r[1]) && !AUTOMATIC.has(r[1])) bad.push(r[1]);
  }
  return [...new Set(bad)];
}

const SAMPLES = ['cloud-burst.vmm', 'cold-migration.vmm', 'metro-optimize.vmm', 'routed-l3.vmm'];

for (const file of SAMPLES) {
  test(`powercli ${file}: one move per migration in wave order, a wait between waves, no unset variable`, () => {
    const { script, waves } = sampleExport(file);
    const found = moves(script);
    assert.deepEqual(
      found.map((m) => `${m.wave} ${m.vm}`),
      waves.flatMap((vms, w) => vms.map((vm) => `${w + 1} ${vm}`)),
    );
    const lines = script.split('\n');
    for (let w = 1; w <= waves.length; w++) {
      const inWave = found.filter((m) => m.wave === w);
      const last = Math.max(...inWave.map((m) => m.line));
      const next = found.find((m) => m.wave === w + 1)?.line ?? lines.length;
      const waits = lines
        .slice(last, next)
        .filter((l) => /^if \(\$tasks\.Count -gt 0\) \{ Wait-Task -Task \$tasks \| Out-Null \}$|^Wait-HCXMigrations \$hcx$/.test(l));
      assert.ok(waits.length > 0, `${file}: no wait between the last move of wave ${w} and what follows`);
    }
    assert.deepEqual(unset(script), []);
    assert.match(script, /^Set-StrictMode -Version Latest$/m);
    assert.match(script, /^\$ErrorActionPreference = 'Stop'$/m);
  });
}

test('powercli: the unset-variable check bites', () => {
  const { script } = sampleExport('metro-optimize.vmm');
  assert.deepEqual(unset(script.replace(/^\$CLUSTER_nj_west = 'nj-west'\n/m, '')), ['CLUSTER_nj_west']);
  assert.deepEqual(unset('$a = 1\nWrite-Host $b\n'), ['b']);
});

test('powercli: vMotion, HCX and cold as the spec says', () => {
  const metro = sampleExport('metro-optimize.vmm').script;
  // A sync replica takes over: a compute-only move, the VM's port group at the target.
  assert.ok(
    metro.includes(
      "$tasks += @(Move-VM -VM (Get-VM -Name 'app-01') -Destination (Get-Cluster -Name $CLUSTER_nj_west) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'app-01')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_app_net) -RunAsync)",
    ),
  );
  // concurrency = 2: two rounds of two.
  assert.equal(metro.match(/^# Round \d of 2$/gm)?.length, 2);
  const hcx = sampleExport('cloud-burst.vmm').script;
  assert.equal(hcx.match(/^\$migration = New-HCXMigration -VM \(Get-HCXVM -Name 'shop-web-0\d'\) -MigrationType vMotion /gm)?.length, 2);
  assert.equal(hcx.match(/^\$hcx \+= @\(Start-HCXMigration -Migration \$migration -Confirm:\$false\)$/gm)?.length, 2);
  assert.match(hcx, /^\$HCXSITE_cloud_east = 'cloud-east'$/m);
  const cold = sampleExport('cold-migration.vmm').script;
  const erp = cold.split('\n').filter((l) => l.includes("'legacy-erp'") && !l.startsWith('#'));
  assert.deepEqual(
    erp.map((l) => (l.startsWith('$') ? l.split(' ')[2].replace('@(', '') : l.split(' ')[0])),
    ['Stop-VMGuest', 'Wait-PoweredOff', 'Move-VM', 'Start-VM'],
  );
  assert.match(cold, /-Datastore \(Get-Datastore -Name \$DATASTORE_chicago\)/);
  const routed = sampleExport('routed-l3.vmm').script;
  assert.match(routed, /^# Then, for billing-01 \(by hand, no cmdlet does it\): Update DNS and DHCP with the new address of billing-01$/m);
  assert.match(routed, /^# Before \(by hand, no cmdlet does it\): Lower the DNS TTL of network billing-net from 1 h to 60 s/m);
  assert.match(routed, /^# Before \(by hand, no cmdlet does it\): Set up a tunnel from nj-east to chicago for the sessions to the old address of billing-01$/m);
  assert.match(routed, /^# Then, for billing-01 \(by hand, no cmdlet does it\): Remove the tunnel once the old sessions have drained$/m);
});

test('powercli: the intents PowerCLI cannot run are listed, and a file with none it can run has no export', () => {
  const text = exportTextOf(
    'powercli',
    `policy kvm { profile = kvm }
site a
site b-2
link a <-> b-2 { rtt = 1ms  bandwidth = 10Gbps }
vm v at a { memory = 1GiB  dirty-rate = 1MB/s  id = "vm-1042" }
vm k at a { memory = 1GiB  dirty-rate = 1MB/s }
migrate v to b-2
migrate k to b-2 { policy = kvm }
`,
  );
  assert.match(
    text,
    /^# {3}line 8: migrate k to b-2 \(wave \d\): profile kvm: PowerCLI \(vSphere, HCX\) runs metro, vmware-metro, vmware-long-distance, hcx$/m,
  );
  // A MoRef in the file finds the VM by id.
  assert.match(text, /Move-VM -VM \(Get-VM -Id 'VirtualMachine-vm-1042'\) -Destination \(Get-Cluster -Name \$CLUSTER_b_2\) -RunAsync/);
  const none = exportOf(
    'powercli',
    'policy { profile = xen }\nsite a\nsite b\nlink a <-> b { rtt = 1ms  bandwidth = 10Gbps }\nvm v at a { memory = 1GiB }\nmigrate v to b\n',
  );
  assert.equal(
    none.ok ? '' : none.message,
    'no powercli export for test.vmm: none of its 1 intent(s) is one PowerCLI (vSphere, HCX) runs (metro, vmware-metro, vmware-long-distance, hcx; not federate)',
  );
  assert.equal(psQuote("it's"), "'it''s'");
});
