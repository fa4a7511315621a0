/**
 * `vmm import` as a user runs it: every mapping row of spec §11 on the fixtures of
 * test/fixtures/import (both RVTools header styles, a real workbook, dumpxml files and a dirtyrate
 * output), the golden outputs, and every bad input (exit 2 naming the file and the problem, nothing
 * written).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { check } from '../checker.js';
import { format } from '../features/format.js';
import { nodeFileSystem } from '../node-fs.js';
import { vmmAsync } from './testing.js';
import { EXAMPLE1, IMPORT_GOLDENS, importGoldenDir, root, runImportAtRoot } from '../../../test/unit/import-golden.js';
import { importRvtools } from '../import/rvtools.js';

const F = 'test/fixtures/import';
const MiB = 2 ** 20;

/** A checked import: its diagnostics, and its model. */
function checked(text: string) {
  const result = check(path.join(root, 'imported.vmm'), text, { workspace: root, fs: nodeFileSystem });
  return { errors: result.diagnostics.filter((d) => d.severity === 'error'), model: result.model, diagnostics: result.diagnostics };
}

/** The declaration of `vm NAME …` (its comment lines above and its body), as written. */
function declaration(text: string, head: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l === head || l.startsWith(`${head} `));
  assert.ok(at >= 0, `no '${head}' in the output`);
  let start = at;
  while (start > 0 && lines[start - 1].startsWith('//')) start--;
  let end = at;
  if (lines[at].endsWith('{')) while (lines[end] !== '}') end++;
  return lines.slice(start, end + 1).join('\n');
}

function withTemp(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-import-'));
  return body(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('golden outputs: each command line writes its golden file, byte for byte, twice the same', async () => {
  for (const { file, args } of IMPORT_GOLDENS) {
    const first = await runImportAtRoot(...args);
    const second = await runImportAtRoot(...args);
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out, readFileSync(path.join(importGoldenDir, file), 'utf8'), `${file} (npm run golden:update, then review the diff)`);
    assert.equal(second.out, first.out, `${file}: two runs differ`);
    assert.equal(format(first.out), first.out, `${file} is not formatted as vmm format writes it`);
    assert.deepEqual(checked(first.out).errors, [], `${file} does not check without error`);
    assert.doesNotMatch(first.out, /^(link|migrate|policy) /m, `${file}: an export has no links, intents or policies`);
  }
});

/** The vInfo figures of a workbook computed from its XML here, without read-excel-file or the importer. */
function workbookFigures(file: string): { vms: number; memoryMiB: number; sites: string[]; unreadable: number } {
  const zip = unzipSync(new Uint8Array(readFileSync(path.join(root, file))));
  const strings = [...strFromU8(zip['xl/sharedStrings.xml']).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(''),
  );
  const workbook = strFromU8(zip['xl/workbook.xml']);
  const rels = strFromU8(zip['xl/_rels/workbook.xml.rels']);
  const rid = /<sheet name="vInfo"[^>]*r:id="([^"]+)"/.exec(workbook)?.[1];
  const target = new RegExp(`<Relationship Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1];
  const sheet = strFromU8(zip[`xl/${target}`]);
  const rows = [...sheet.matchAll(/<row [^>]*?>([\s\S]*?)<\/row>/g)].map((r) => {
    const cells = new Map<string, string>();
    for (const c of r[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const v = /<v>([^<]*)<\/v>/.exec(c[3] ?? '')?.[1];
      if (v === undefined) continue;
      cells.set(c[1], /t="s"/.test(c[2]) ? strings[Number(v)] : v);
    }
    return cells;
  });
  const header = rows[0];
  const column = (name: string) => [...header].find(([, v]) => v === name)?.[0] as string;
  const [vm, memory, template, dc] = ['VM', 'Memory', 'Template', 'Datacenter'].map(column);
  let vms = 0;
  let memoryMiB = 0;
  let unreadable = 0;
  const sites = new Set<string>();
  for (const row of rows.slice(1)) {
    if (!row.get(vm) || row.get(template) === 'True') continue;
    if (!row.get(memory)) {
      unreadable++;
      continue;
    }
    vms++;
    memoryMiB += Number(row.get(memory));
    sites.add(row.get(dc) as string);
  }
  return { vms, memoryMiB, sites: [...sites].sort(), unreadable };
}

test('example1.xlsx (a real RVTools export): vm count, memory total and sites match the workbook, no error, the unreadable row named', async () => {
  const figures = workbookFigures(EXAMPLE1);
  // What the workbook holds, counted from its XML: 9 named rows of 1,000 (the rest are formatted but empty), one without Memory.
  assert.deepEqual(figures, { vms: 8, memoryMiB: 105753, sites: ['Datacenter'], unreadable: 1 });
  const { code, out, err } = await runImportAtRoot('rvtools', EXAMPLE1);
  assert.equal(code, 0);
  const { errors, model } = checked(out);
  assert.deepEqual(errors, []);
  assert.equal(model.vms.size, figures.vms);
  assert.equal(
    [...model.vms.values()].reduce((n, v) => n + (v.memory ?? 0), 0),
    figures.memoryMiB * MiB,
  );
  assert.deepEqual([...model.sites.keys()].sort(), figures.sites);
  assert.equal(err, `vmm: ${EXAMPLE1} sheet vInfo row 10: vm 'vm-9' has no Memory; skipped\nvmm: imported 8 vm(s) at 1 site(s); 1 message(s) above\n`);
  assert.match(out, new RegExp(`^// Imported by vmm import rvtools from:\n//   ${EXAMPLE1} \\(sheets vInfo, vHost, vMemory, vDisk\\)\n`));
});

test('rvtools: both header styles (plain, and prefixed with a BOM and CRLF) give the same declarations', async () => {
  const plain = await runImportAtRoot('rvtools', `${F}/rvtools-plain`);
  const prefixed = await runImportAtRoot('rvtools', `${F}/rvtools-prefixed`);
  assert.equal(plain.code, 0);
  assert.equal(prefixed.code, 0);
  assert.equal(prefixed.out.replaceAll('rvtools-prefixed', 'rvtools-plain'), plain.out);
  assert.equal(prefixed.err.replaceAll('rvtools-prefixed', 'rvtools-plain'), plain.err);
});

test('rvtools mapping, row by row (spec §11)', async () => {
  const { out, err } = await runImportAtRoot('rvtools', `${F}/rvtools-plain`, `${F}/rvtools-second`);
  // Datacenter → site; names made identifiers with the original in a comment.
  assert.match(out, /^site DC-East \{$/m);
  assert.match(out, /^\/\/ name in the export: "DC West"\n(\/\/.*\n)*site DC-West$/m);
  assert.match(out, /^\/\/ name in the export: "1st Lab"\n(\/\/.*\n)*site site-1st-Lab$/m);
  // VM, VM ID → vm and its id; a name taken twice gets -2, -3 (across exports too); a leading digit gets vm-.
  assert.equal(
    declaration(out, 'vm web-01 at DC-East'),
    [
      '// name in the export: "web 01"',
      '// other NICs: Backup-Net',
      'vm web-01 at DC-East {',
      '  id = "vm-101"',
      '  memory = 16GiB',
      '  vcpus = 4',
      '  resident = 12GiB',
      '  disk = 40GiB',
      '  datastore = shared-ds',
      '  network = VM-Network.DC-East',
      '  cpu = intel-skylake',
      '}',
    ].join('\n'),
  );
  assert.match(declaration(out, 'vm web-01-2 at DC-East'), /^\/\/ name in the export: "web-01"\n/);
  assert.match(declaration(out, 'vm web-01-3 at DC-North'), /^\/\/ name in the export: "web-01"\n/);
  assert.match(declaration(out, 'vm vm-9db at DC-East'), /^\/\/ name in the export: "9db"\n/);
  // Template true: skipped (and counted); poweredOff: kept with a comment.
  assert.doesNotMatch(out, /tmpl-rhel9/);
  assert.match(out, /^\/\/ 10 vm\(s\) at 4 site\(s\); 1 template\(s\) skipped\.$/m);
  assert.match(declaration(out, 'vm old-app at DC-East'), /^\/\/ powered off in the export\nvm old-app/);
  // Memory (MiB), CPUs → memory, vcpus; In Use MiB, else Provisioned MiB → disk.
  assert.match(declaration(out, 'vm old-app at DC-East'), /memory = 2224MiB\n {2}vcpus = 1\n {2}disk = 3000MiB/);
  assert.match(declaration(out, 'vm web-01-2 at DC-East'), /disk = 20GiB/);
  // Path → datastore; vDatastore Name, Capacity MiB → capacity; its site from its Hosts through vHost,
  // else from the vms whose Path names it; seen from two sites: the lexically first, the other in a comment.
  assert.equal(declaration(out, 'datastore ds-east-1 at DC-East'), 'datastore ds-east-1 at DC-East {\n  capacity = 2TiB\n}');
  assert.equal(
    declaration(out, 'datastore shared-ds at DC-East'),
    '// seen from DC-East, DC-West (stretched storage?): placed at DC-East\ndatastore shared-ds at DC-East {\n  capacity = 4TiB\n}',
  );
  assert.equal(declaration(out, 'datastore lab-ds at site-1st-Lab'), 'datastore lab-ds at site-1st-Lab');
  assert.match(out, /^\/\/ Datastores left out \(no host or vm places them at a site\): orphan-ds\.$/m);
  // Network #1 → network, the other NICs in a comment, vNetwork's NICs too; one network per site where a name is used at several.
  assert.match(declaration(out, 'vm gpu-01 at DC-West'), /^\/\/ other NICs: GPU-Fabric\n[\s\S]*network = VM-Network\.DC-West\n/);
  assert.equal(
    declaration(out, 'network VM-Network.DC-North'),
    [
      '// "VM Network" is used at DC-East, DC-North, DC-West: one network per site, since an export cannot tell a stretched segment from two local ones',
      '// (if it is stretched, make it one network with sites = DC-East, DC-North, DC-West)',
      'network VM-Network.DC-North {',
      '  sites = DC-North',
      '}',
    ].join('\n'),
  );
  assert.equal(declaration(out, 'network DB-Net'), '// name in the export: "DB Net"\nnetwork DB-Net {\n  sites = DC-East\n}');
  // vMemory Consumed → resident when below memory (joined by VM ID: the row names the vm otherwise); not when above.
  assert.match(declaration(out, 'vm vm-9db at DC-East'), /resident = 40GiB/);
  assert.doesNotMatch(declaration(out, 'vm web-01-2 at DC-East'), /resident/);
  // (old-app's vMemory rows: its own says 0, another with a VM ID vInfo does not have is another vm of that name.)
  assert.doesNotMatch(declaration(out, 'vm old-app at DC-East'), /resident/);
  // cpu: vInfo's min Required EVC Mode Key, else the host's Current EVC, else its Max EVC; a mode not in §4.1: a comment.
  assert.match(declaration(out, 'vm vm-9db at DC-East'), /cpu = intel-broadwell/);
  assert.match(declaration(out, 'vm web-01 at DC-East'), /cpu = intel-skylake/);
  assert.match(declaration(out, 'vm web-01-2 at DC-East'), /cpu = intel-cascadelake/);
  assert.match(declaration(out, 'vm rdm-01 at DC-West'), /^\/\/ EVC mode 'intel-futurelake' is not a baseline of spec §4\.1: cpu left out\n/);
  assert.doesNotMatch(declaration(out, 'vm rdm-01 at DC-West'), /cpu =/);
  // The site's cpu: the latest baseline among its hosts, per cluster in a comment; two vendors or an unknown mode: none, and a comment.
  assert.equal(declaration(out, 'site DC-East'), '// EVC by cluster: C1 intel-skylake, C2 intel-cascadelake\nsite DC-East {\n  cpu = intel-cascadelake\n}');
  assert.equal(
    declaration(out, 'site DC-West'),
    '// name in the export: "DC West"\n// EVC by cluster: W1 amd-zen3/intel-icelake\n// hosts of two CPU vendors (Intel and AMD): no one baseline; cpu left out\nsite DC-West',
  );
  assert.match(declaration(out, 'site site-1st-Lab'), /\/\/ EVC mode 'intel-unknownlake' is not a baseline of spec §4\.1: cpu left out\nsite site-1st-Lab$/);
  // devices: Direct Path IO → passthrough; Raw with physical mode or multi-writer sharing → shared-disk; vUSB → usb; a virtual RDM is nothing.
  assert.match(declaration(out, 'vm gpu-01 at DC-West'), /devices = passthrough/);
  assert.match(declaration(out, 'vm rdm-01 at DC-West'), /devices = shared-disk/);
  assert.match(declaration(out, 'vm mw-01 at DC-West'), /devices = shared-disk/);
  assert.match(declaration(out, 'vm usb-01 at DC-West'), /^\/\/ suspended in the export\n[\s\S]*devices = usb/);
  assert.doesNotMatch(declaration(out, 'vm web-01 at DC-East'), /devices/);
  // No dirty-rate, and the header says why and what is still to add.
  assert.doesNotMatch(out, /dirty-rate =/);
  assert.match(out, /^\/\/ No dirty-rate: no RVTools sheet measures how fast a guest dirties memory/m);
  assert.match(out, /^\/\/ Still to add:\n\/\/ {3}- the links between sites: link A <-> B \{ rtt = … {2}bandwidth = … \}\n/m);
  // Rows that cannot be read: skipped, named with file and line on standard error.
  assert.equal(
    err,
    [
      `vmm: ${F}/rvtools-plain/RVTools_tabvInfo.csv line 11: vm 'no-memory' has no Memory; skipped`,
      `vmm: ${F}/rvtools-plain/RVTools_tabvInfo.csv line 12: vm 'bad-memory' has Memory 'lots', not a size in MiB; skipped`,
      'vmm: imported 10 vm(s) at 4 site(s); 2 message(s) above',
      '',
    ].join('\n'),
  );
  // VMM204 (convergence unchecked) has nothing to say without an intent; the file checks clean.
  assert.deepEqual(checked(out).errors, []);
});

test('rvtools --site-by cluster: a site per <Datacenter>.<Cluster>', async () => {
  const { code, out } = await runImportAtRoot('rvtools', `${F}/rvtools-plain`, '--site-by', 'cluster');
  assert.equal(code, 0);
  assert.deepEqual(
    [...out.matchAll(/^site (\S+)/gm)].map((m) => m[1]),
    ['DC-East.C1', 'DC-East.C2', 'DC-West.W1', 'site-1st-Lab.L1'],
  );
  assert.match(out, /^vm web-01-2 at DC-East\.C2 \{$/m);
  assert.match(declaration(out, 'site DC-East.C1'), /cpu = intel-skylake/);
});

test('libvirt mapping, row by row (spec §11)', async () => {
  const { code, out, err } = await runImportAtRoot('libvirt', `${F}/libvirt`, '--site', 'kvm east', '--dirtyrate', `${F}/dirtyrate.txt`);
  assert.equal(code, 0);
  // --site made an identifier; <name>, <uuid> → vm and id; <memory> with its unit (KiB when none); <vcpu>.
  assert.match(out, /^\/\/ name given with --site: "kvm east"\nsite kvm-east$/m);
  assert.match(declaration(out, 'vm gpu-01 at kvm-east'), /id = "5c9ad5a4-3b8e-4bd5-a6b6-0f5f1c2a7b03"\n {2}memory = 8GiB\n {2}vcpus = 8/);
  assert.match(declaration(out, 'vm db-01 at kvm-east'), /^\/\/ from test\/fixtures\/import\/libvirt\/db-01\.xml\n\/\/ name in the export: "db 01"\n/);
  assert.match(declaration(out, 'vm db-01 at kvm-east'), /memory = 64GiB/);
  assert.match(declaration(out, 'vm app-01 at kvm-east'), /memory = 6GiB/);
  // <interface> <source network|bridge> → network (first NIC), the others in a comment; each network at the site.
  assert.match(declaration(out, 'vm web-01 at kvm-east'), /^(\/\/.*\n)*\/\/ other NICs: br-storage\n[\s\S]*network = default\n/);
  assert.match(declaration(out, 'vm db-01 at kvm-east'), /network = br-db/);
  assert.equal(declaration(out, 'network br-storage'), 'network br-storage {\n  sites = kvm-east\n}');
  // <cpu><model> mapped after dropping -IBRS, -v2, -noTSX; host-passthrough and unknown models: a comment.
  assert.match(declaration(out, 'vm web-01 at kvm-east'), /cpu = intel-skylake/);
  assert.match(declaration(out, 'vm db-01 at kvm-east'), /cpu = amd-zen2/);
  assert.match(declaration(out, 'vm app-01 at kvm-east'), /cpu = intel-haswell/);
  assert.match(
    declaration(out, 'vm gpu-01 at kvm-east'),
    /\/\/ <cpu mode='host-passthrough'>: the baseline is the host's, which dumpxml does not name; cpu left out\n/,
  );
  assert.match(declaration(out, 'vm edge-01 at kvm-east'), /\/\/ CPU model 'Cooperlake-v1' has no baseline in spec §4\.1; cpu left out\n/);
  // <hostdev> → passthrough; <disk> with <shareable/> → shared-disk.
  assert.match(declaration(out, 'vm gpu-01 at kvm-east'), /devices = passthrough/);
  assert.match(declaration(out, 'vm db-01 at kvm-east'), /devices = shared-disk/);
  // No disk sizes in dumpxml: no disk, and the header says so.
  assert.doesNotMatch(out, /disk = /);
  assert.match(out, /^\/\/ No disk sizes: virsh dumpxml has none, so disk is left out/m);
  // --dirtyrate: megabytes_per_second → dirty-rate in MiB/s with calc_start_time and calc_period; an incomplete
  // measurement, a 0 and an unknown domain are said.
  assert.match(
    declaration(out, 'vm web-01 at kvm-east'),
    /\/\/ dirty-rate measured by virsh domdirtyrate-calc: calc_start_time 348414, calc_period 1 s\n[\s\S]*dirty-rate = 45MiB\/s\n/,
  );
  assert.match(declaration(out, 'vm db-01 at kvm-east'), /calc_period 10 s\n[\s\S]*dirty-rate = 310MiB\/s/);
  assert.doesNotMatch(declaration(out, 'vm app-01 at kvm-east'), /dirty-rate/);
  assert.match(
    declaration(out, 'vm edge-01 at kvm-east'),
    /\/\/ dirty rate measured 0 MiB\/s \(test\/fixtures\/import\/dirtyrate\.txt\); a dirty-rate must be above 0, so none is written\n/,
  );
  assert.equal(
    err,
    [
      `vmm: ${F}/dirtyrate.txt: domain 'app-01': the measurement is not complete (dirtyrate.calc_status=1); no dirty-rate`,
      `vmm: ${F}/dirtyrate.txt: domain 'gone-01' is not among the domains imported; its dirty rate is not used`,
      'vmm: imported 5 vm(s) at 1 site(s); 2 message(s) above',
      '',
    ].join('\n'),
  );
  assert.deepEqual(checked(out).errors, []);
});

test('-o writes the file and never replaces one without --force', async () => {
  await withTemp(async (dir) => {
    const out = path.join(dir, 'estate.vmm');
    const first = await runImportAtRoot('libvirt', `${F}/libvirt/app-01.xml`, '--site', 'kvm', '-o', out);
    assert.deepEqual(first, { code: 0, out: `${out}: imported 1 vm(s) at 1 site(s)\n`, err: '' });
    writeFileSync(out, 'mine');
    const again = await runImportAtRoot('libvirt', `${F}/libvirt/app-01.xml`, '--site', 'kvm', '-o', out);
    assert.deepEqual(again, {
      code: 2,
      out: '',
      err: `vmm: ${out} already exists; the import never replaces a file: choose another name, or pass --force to replace it\n`,
    });
    assert.equal(readFileSync(out, 'utf8'), 'mine');
    const forced = await runImportAtRoot('libvirt', `${F}/libvirt/app-01.xml`, '--site', 'kvm', '-o', out, '--force');
    assert.equal(forced.code, 0);
    assert.match(readFileSync(out, 'utf8'), /^vm app-01 at kvm \{$/m);
  });
});

/** `vmm import ARGS -o OUT` on a bad input: exit 2, the one line said, OUT not written. */
async function refused(dir: string, args: string[], message: string): Promise<void> {
  const out = path.join(dir, 'out.vmm');
  const result = await vmmAsync('import', ...args, '-o', out);
  assert.equal(result.err, `vmm: ${message}\n`, args.join(' '));
  assert.equal(result.code, 2);
  assert.equal(result.out, '');
  assert.equal(existsSync(out), false, `${out} was written`);
}

const example1 = () => new Uint8Array(readFileSync(path.join(root, EXAMPLE1)));

test('bad input: a file that is not the export it claims to be is exit 2, named, nothing written', async () => {
  await withTemp(async (dir) => {
    const csv = path.join(dir, 'csv');
    mkdirSync(csv);
    writeFileSync(path.join(csv, 'RVTools_tabvInfo.csv'), 'Name,Size\nweb,12\n');
    await refused(
      dir,
      ['rvtools', csv],
      `${path.join(csv, 'RVTools_tabvInfo.csv')}: is not an RVTools vInfo sheet: it has no column VM (vInfoVMName), Memory (vInfoMemory), Datacenter (vInfoDataCenter)`,
    );

    const other = path.join(dir, 'inventory.csv');
    writeFileSync(other, 'Hostname,RAM\nweb,12\n');
    await refused(
      dir,
      ['rvtools', other],
      `${other}: is not an RVTools CSV: its name is not RVTools_tab<sheet>.csv and its header is not a sheet's (vInfo needs VM and Memory, or vInfoVMName and vInfoMemory)`,
    );

    const hostOnly = path.join(dir, 'hosts');
    mkdirSync(hostOnly);
    writeFileSync(path.join(hostOnly, 'RVTools_tabvHost.csv'), 'Host,Datacenter\nesx1,dc\n');
    await refused(dir, ['rvtools', hostOnly], `${hostOnly} (CSV files): has no vInfo sheet (RVTools_tabvInfo.csv): it is what vms are read from`);

    const badHost = path.join(dir, 'badhost');
    mkdirSync(badHost);
    writeFileSync(path.join(badHost, 'RVTools_tabvInfo.csv'), 'VM,Memory,Datacenter\nweb,1024,dc\n');
    writeFileSync(path.join(badHost, 'RVTools_tabvHost.csv'), 'Name,Cores\nesx1,8\n');
    await refused(
      dir,
      ['rvtools', badHost],
      `${path.join(badHost, 'RVTools_tabvHost.csv')}: is not an RVTools vHost sheet: it has no column Host (vHostName), Datacenter (vHostDatacenter)`,
    );

    // A workbook without a vInfo sheet: example1 with its sheet renamed.
    const zip = unzipSync(example1());
    zip['xl/workbook.xml'] = strToU8(strFromU8(zip['xl/workbook.xml']).replace('name="vInfo"', 'name="Summary"'));
    const noInfo = path.join(dir, 'no-vinfo.xlsx');
    writeFileSync(noInfo, zipSync(zip));
    await refused(
      dir,
      ['rvtools', noInfo],
      `${noInfo}: is not an RVTools export: it has no vInfo sheet (its sheets: Summary, vCPU, vMemory, vDisk, vPartition, vHost)`,
    );

    const notDomain = path.join(dir, 'caps.xml');
    writeFileSync(notDomain, '<capabilities><host/></capabilities>');
    await refused(
      dir,
      ['libvirt', notDomain, '--site', 'kvm'],
      `${notDomain}: is not a libvirt domain: its root element is <capabilities>, not <domain> (virsh dumpxml writes one)`,
    );

    const notXml = path.join(dir, 'notes.xml');
    writeFileSync(notXml, 'hello');
    await refused(dir, ['libvirt', notXml, '--site', 'kvm'], `${notXml}: is not XML: no element in it (virsh dumpxml writes one <domain>)`);

    const cut = path.join(dir, 'cut.xml');
    writeFileSync(cut, readFileSync(path.join(root, F, 'libvirt', 'web-01.xml'), 'utf8').slice(0, 300));
    await refused(dir, ['libvirt', cut, '--site', 'kvm'], `${cut}: is truncated: <domain> is never closed`);

    const stats = path.join(dir, 'stats.txt');
    writeFileSync(stats, 'Id   Name     State\n1    web-01   running\n');
    await refused(
      dir,
      ['libvirt', path.join(root, F, 'libvirt', 'app-01.xml'), '--site', 'kvm', '--dirtyrate', stats],
      `${stats}: is not the output of virsh domstats --dirtyrate (line 1: 'Id   Name     State')`,
    );
  });
});

test('bad input: a corrupt, truncated or legacy workbook is exit 2, named, nothing written', async () => {
  await withTemp(async (dir) => {
    const junk = path.join(dir, 'junk.xlsx');
    writeFileSync(junk, 'VM,Memory\nweb,1024\n');
    await refused(dir, ['rvtools', junk], `${junk}: is not an .xlsx workbook (not a ZIP archive)`);

    const truncated = path.join(dir, 'truncated.xlsx');
    writeFileSync(truncated, example1().subarray(0, 200_000));
    await refused(dir, ['rvtools', truncated], `${truncated}: is a truncated or corrupt workbook (its ZIP directory is missing)`);

    // The directory intact, the compressed sheets overwritten: inflating fails.
    const bytes = example1();
    bytes.fill(0x55, 2000, 150_000);
    const corrupt = path.join(dir, 'corrupt.xlsx');
    writeFileSync(corrupt, bytes);
    const result = await vmmAsync('import', 'rvtools', corrupt, '-o', path.join(dir, 'out.vmm'));
    assert.equal(result.code, 2);
    assert.match(result.err, new RegExp(`^vmm: ${corrupt.replace(/[.\\]/g, '\\$&')}: is a corrupt workbook that cannot be read \\(.+\\)\n$`));
    assert.equal(existsSync(path.join(dir, 'out.vmm')), false);

    const xls = path.join(dir, 'legacy.xlsx');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    await refused(dir, ['rvtools', xls], `${xls}: is a legacy .xls workbook, not .xlsx; save it as .xlsx (or export CSV) and import that`);
  });
});

test('bad input: a workbook whose XML would inflate past the limit is refused before anything is inflated', async () => {
  await withTemp(async (dir) => {
    // A sheet whose directory entry declares 3 GiB: refused from the directory alone (nothing is allocated).
    const zip = unzipSync(example1());
    const bytes = zipSync(zip, { level: 6 });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const name = strToU8('xl/worksheets/sheet1.xml');
    for (let at = 0; at + 46 < bytes.length; at++) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const length = view.getUint16(at + 28, true);
      if (length === name.length && name.every((b, i) => bytes[at + 46 + i] === b)) view.setUint32(at + 24, 3 * 2 ** 30, true);
    }
    const bomb = path.join(dir, 'bomb.xlsx');
    writeFileSync(bomb, bytes);
    await refused(dir, ['rvtools', bomb], `${bomb}: inflates to 3074 MiB of XML, more than the 256 MiB vmm reads from one workbook; refused`);
  });
  // The limit applies to what would really be inflated: 64 MiB of blanks in vInfo's sheet, in some 64 KiB, against a 32 MiB limit.
  const zip = unzipSync(example1());
  const vInfo = zip['xl/worksheets/sheet1.xml'];
  const padded = new Uint8Array(vInfo.length + 64 * MiB).fill(0x20);
  padded.set(vInfo);
  zip['xl/worksheets/sheet1.xml'] = padded;
  const bombed = zipSync(zip, { level: 9 });
  assert.ok(bombed.length < 2 * MiB);
  await assert.rejects(
    importRvtools([{ label: 'b.xlsx', files: [{ path: 'b.xlsx', bytes: bombed }] }], { maxInflated: 32 * MiB }),
    (e: unknown) => e instanceof Error && e.message === 'b.xlsx: inflates to 68 MiB of XML, more than the 32 MiB vmm reads from one workbook; refused',
  );
  // A sheet that is never read is never inflated, and does not count.
  const other = unzipSync(example1());
  other['xl/worksheets/sheet9.xml'] = new Uint8Array(64 * MiB);
  const read = await importRvtools([{ label: 'c.xlsx', files: [{ path: 'c.xlsx', bytes: zipSync(other, { level: 9 }) }] }], { maxInflated: 32 * MiB });
  assert.equal(read.vms, 8);
});

test('bad input: a CSV that is not UTF-8 is refused, naming the byte and its line', async () => {
  await withTemp(async (dir) => {
    const latin = path.join(dir, 'latin');
    mkdirSync(latin);
    writeFileSync(
      path.join(latin, 'RVTools_tabvInfo.csv'),
      Buffer.concat([Buffer.from('VM,Memory,Datacenter\nweb,1024,dc\nM'), Buffer.from([0xfc]), Buffer.from('nchen,1024,dc\n')]),
    );
    await refused(dir, ['rvtools', latin], `${path.join(latin, 'RVTools_tabvInfo.csv')}: is not UTF-8 (byte 0xFC on line 3); export it again as UTF-8`);
    const utf16 = path.join(dir, 'utf16');
    mkdirSync(utf16);
    writeFileSync(path.join(utf16, 'RVTools_tabvInfo.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('VM,Memory\n', 'utf16le')]));
    await refused(
      dir,
      ['rvtools', utf16],
      `${path.join(utf16, 'RVTools_tabvInfo.csv')}: is UTF-16 text, not UTF-8; export it again as UTF-8 (Excel: "CSV UTF-8")`,
    );
  });
});

test('bad input: rows that cannot be read are skipped and named; nothing read at all is exit 2 and nothing written', async () => {
  await withTemp(async (dir) => {
    const set = path.join(dir, 'set');
    mkdirSync(set);
    const info = path.join(set, 'RVTools_tabvInfo.csv');
    writeFileSync(info, 'VM,Memory,Datacenter\r\nweb,1024,dc\r\n,2048,dc\r\ndb,,dc\r\n"broken,1024,dc\r\n');
    const some = await vmmAsync('import', 'rvtools', set);
    assert.equal(some.code, 0);
    assert.equal(
      some.err,
      [
        `vmm: ${info} record 5: a quote opens there and is never closed (the rest of the file is that record); skipped`,
        `vmm: ${info} line 3: no VM name; skipped`,
        `vmm: ${info} line 4: vm 'db' has no Memory; skipped`,
        'vmm: imported 1 vm(s) at 1 site(s); 3 message(s) above',
        '',
      ].join('\n'),
    );
    assert.match(some.out, /^vm web at dc \{\n {2}memory = 1GiB\n\}$/m);
    writeFileSync(info, 'VM,Memory,Datacenter\ndb,,dc\n');
    await refused(
      dir,
      ['rvtools', set],
      `${info} line 2: vm 'db' has no Memory; skipped\nvmm: nothing imported: no vm could be read from ${set}; nothing written`,
    );
    const empty = path.join(dir, 'empty.xml');
    writeFileSync(empty, '<domain><uuid>x</uuid></domain>');
    await refused(
      dir,
      ['libvirt', empty, '--site', 'kvm'],
      `${empty}: the domain has no <name>; skipped\nvmm: nothing imported: no vm could be read from ${empty}; nothing written`,
    );
  });
});

test('usage: the kind, its options and their values are checked (exit 2, with the usage)', async () => {
  const cases: [string[], string][] = [
    [[], 'import needs the kind of inventory (rvtools or libvirt) and at least one PATH'],
    [['rvtool', 'x.xlsx'], "unknown kind of inventory 'rvtool': rvtools or libvirt (did you mean rvtools?)"],
    [['rvtools'], 'import rvtools needs at least one PATH'],
    [['libvirt', 'a.xml'], 'import libvirt needs --site SITE: the site the domains run at (dumpxml does not say)'],
    [['rvtools', 'a.xlsx', '--site', 'x'], '--site is an option of vmm import libvirt (rvtools takes the sites from the export: --site-by)'],
    [['rvtools', 'a.xlsx', '--dirtyrate', 'x'], '--dirtyrate is an option of vmm import libvirt (RVTools measures no dirty rate)'],
    [['libvirt', 'a.xml', '--site', 'k', '--site-by', 'cluster'], '--site-by is an option of vmm import rvtools (libvirt takes its site from --site)'],
    [['rvtools', 'a.xlsx', '--site-by', 'host'], "--site-by must be one of datacenter, cluster; got 'host'"],
  ];
  for (const [args, message] of cases) {
    const result = await vmmAsync('import', ...args);
    assert.equal(result.code, 2, args.join(' '));
    assert.ok(result.err.startsWith(`vmm: ${message}\nusage: vmm import rvtools|libvirt PATH… [options]\n`), `${args.join(' ')}: ${result.err}`);
  }
  const missing = await vmmAsync('import', 'rvtools', 'nowhere.xlsx');
  assert.deepEqual(missing, { code: 2, out: '', err: 'vmm: nowhere.xlsx: no such file or folder\n' });
});

test('rvtools: a workbook whose workbook.xml uses a namespace prefix (as some writers do) reads the same', async () => {
  const zip = unzipSync(example1());
  zip['xl/workbook.xml'] = strToU8(
    strFromU8(zip['xl/workbook.xml'])
      .replace(/<(\/?)(?!\?)([a-zA-Z]+)/g, (_, slash: string, name: string) => `<${slash}x:${name}`)
      .replace('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"', 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'),
  );
  const plain = await importRvtools([{ label: 'e.xlsx', files: [{ path: 'e.xlsx', bytes: example1() }] }]);
  const prefixed = await importRvtools([{ label: 'e.xlsx', files: [{ path: 'e.xlsx', bytes: zipSync(zip) }] }]);
  assert.equal(prefixed.vms, 8);
  assert.equal(prefixed.text, plain.text);
});
