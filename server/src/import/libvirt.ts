/**
 * `vmm import libvirt` (spec §11): `virsh dumpxml` files of one site's hosts, and optionally the
 * output of `virsh domstats --dirtyrate`, turned into vms, their networks and their measured dirty
 * rates. Pure: files come in as bytes, text goes out.
 */
import { Parser } from 'saxen';
import { utf8Text } from './csv.js';
import { emit } from './emit.js';
import { ImportError, type ImportedNetwork, type ImportedVm, type ImportResult, type SourceFile } from './inventory.js';
import { NameTable, quoted } from './names.js';

export interface LibvirtOptions {
  /** The site the domains' hosts are at. */
  site: string;
  /** `virsh domstats --dirtyrate` output. */
  dirtyrate?: SourceFile;
}

const MIB = 2 ** 20;

/** `<memory unit=…>`: libvirt's units (its formatdomain page), KiB when none. */
const MEMORY_UNITS: ReadonlyMap<string, number> = new Map([
  ['b', 1],
  ['bytes', 1],
  ['kb', 1e3],
  ['k', 2 ** 10],
  ['kib', 2 ** 10],
  ['mb', 1e6],
  ['m', 2 ** 20],
  ['mib', 2 ** 20],
  ['gb', 1e9],
  ['g', 2 ** 30],
  ['gib', 2 ** 30],
  ['tb', 1e12],
  ['t', 2 ** 40],
  ['tib', 2 ** 40],
  ['pb', 1e15],
  ['p', 2 ** 50],
  ['pib', 2 ** 50],
  ['eb', 1e18],
  ['e', 2 ** 60],
  ['eib', 2 ** 60],
]);

/**
 * QEMU CPU models and the §4.1 baseline of their generation. A model missing here (Cooperlake,
 * GraniteRapids, Snowridge, Dhyana, qemu64, …) has no baseline that states what it needs, and is
 * said in a comment rather than guessed.
 */
const QEMU_MODELS: ReadonlyMap<string, string> = new Map([
  ['conroe', 'intel-merom'],
  ['penryn', 'intel-penryn'],
  ['nehalem', 'intel-nehalem'],
  ['westmere', 'intel-westmere'],
  ['sandybridge', 'intel-sandybridge'],
  ['ivybridge', 'intel-ivybridge'],
  ['haswell', 'intel-haswell'],
  ['broadwell', 'intel-broadwell'],
  ['skylake-client', 'intel-skylake'],
  ['skylake-server', 'intel-skylake'],
  ['cascadelake-server', 'intel-cascadelake'],
  ['icelake-client', 'intel-icelake'],
  ['icelake-server', 'intel-icelake'],
  ['sapphirerapids', 'intel-sapphirerapids'],
  ['opteron_g1', 'amd-rev-e'],
  ['opteron_g2', 'amd-rev-f'],
  ['opteron_g3', 'amd-greyhound'],
  ['opteron_g4', 'amd-bulldozer'],
  ['opteron_g5', 'amd-piledriver'],
  ['epyc', 'amd-zen'],
  ['epyc-rome', 'amd-zen2'],
  ['epyc-milan', 'amd-zen3'],
  ['epyc-genoa', 'amd-zen4'],
]);

/** A QEMU model's baseline after its version and variant suffixes are dropped (`Skylake-Server-noTSX-IBRS-v2` → `intel-skylake`). */
export function baselineOfQemuModel(model: string): string | undefined {
  let name = model.trim().toLowerCase();
  for (let before = ''; before !== name;) {
    before = name;
    name = name.replace(/-(v\d+|ibrs|ibpb|notsx|ssbd|amd-ssbd)$/, '');
  }
  return QEMU_MODELS.get(name);
}

interface Domain {
  file: string;
  name?: string;
  uuid?: string;
  memory?: number;
  memoryProblem?: string;
  vcpus?: number;
  nics: string[];
  cpuMode?: string;
  cpuModel?: string;
  passthrough: boolean;
  sharedDisk: boolean;
}

/** One `virsh dumpxml` file as the domain it describes; ImportError when it is not one. */
export function readDomain(file: SourceFile): Domain {
  const xml = utf8Text(file);
  const domain: Domain = { file: file.path, nics: [], passthrough: false, sharedDisk: false };
  const stack: string[] = [];
  let text = '';
  let root: string | undefined;
  let problem: string | undefined;
  let memoryUnit = 'kib';
  let inInterfaceSource = false;
  const parser = new Parser();
  parser.on('error', (error) => {
    problem ??= error.message.split('\n')[0];
    parser.stop();
  });
  parser.on('openTag', (name, attrs, decode, selfClosing) => {
    const path = stack.join('/');
    if (root === undefined) {
      root = name;
      if (name !== 'domain') {
        problem ??= `is not a libvirt domain: its root element is <${name}>, not <domain> (virsh dumpxml writes one)`;
        parser.stop();
      }
    }
    const a = () => Object.fromEntries(Object.entries(attrs()).map(([k, v]) => [k, decode(v)]));
    if (path === 'domain' && name === 'memory') memoryUnit = (a().unit ?? 'KiB').toLowerCase();
    if (path === 'domain' && name === 'cpu') domain.cpuMode = a().mode;
    if (path === 'domain/devices' && name === 'hostdev') domain.passthrough = true;
    if (path === 'domain/devices/disk' && name === 'shareable') domain.sharedDisk = true;
    if (path === 'domain/devices/interface' && name === 'source' && !inInterfaceSource) {
      const { network, bridge } = a();
      const source = network ?? bridge;
      if (source && !domain.nics.includes(source)) domain.nics.push(source);
      inInterfaceSource = true;
    }
    if (path === 'domain/devices' && name === 'interface') inInterfaceSource = false;
    text = '';
    if (!selfClosing) stack.push(name);
  });
  parser.on('text', (value, decode) => {
    text += decode(value);
  });
  parser.on('cdata', (value) => {
    text += value;
  });
  parser.on('closeTag', (name, _decode, selfClosing) => {
    if (selfClosing) return;
    stack.pop();
    const path = stack.join('/');
    const value = text.trim();
    if (path === 'domain' && name === 'name') domain.name = value;
    if (path === 'domain' && name === 'uuid') domain.uuid = value;
    if (path === 'domain' && name === 'vcpu') {
      const n = Number(value);
      if (/^\d+$/.test(value) && n >= 1) domain.vcpus = n;
    }
    if (path === 'domain' && name === 'memory') {
      const factor = MEMORY_UNITS.get(memoryUnit);
      if (!/^\d+$/.test(value)) domain.memoryProblem = `<memory> '${value}' is not a number`;
      else if (factor === undefined) domain.memoryProblem = `<memory unit='${memoryUnit}'> is not a unit libvirt knows`;
      else domain.memory = Number(value) * factor;
    }
    if (path === 'domain/cpu' && name === 'model') domain.cpuModel = value;
    text = '';
  });
  parser.parse(xml);
  if (root === undefined) problem = 'is not XML: no element in it (virsh dumpxml writes one <domain>)';
  if (problem && /end of file/i.test(problem) && stack.length > 0) problem = `is truncated: <${stack[stack.length - 1]}> is never closed`;
  if (problem) throw new ImportError(file.path, problem.startsWith('is ') ? problem : `is not well-formed XML (${problem})`);
  if (stack.length > 0) throw new ImportError(file.path, `is truncated: <${stack[stack.length - 1]}> is never closed`);
  return domain;
}

interface DirtyRate {
  mibPerSecond?: number;
  status?: string;
  start?: string;
  period?: string;
}

/** `virsh domstats --dirtyrate`: per domain, its `dirtyrate.*` fields. ImportError when it is something else. */
export function readDirtyRates(file: SourceFile): Map<string, DirtyRate> {
  const rates = new Map<string, DirtyRate>();
  let current: DirtyRate | undefined;
  const lines = utf8Text(file)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const domain = /^Domain:\s*'(.*)'$/.exec(line);
    if (domain) {
      current = {};
      rates.set(domain[1], current);
      return;
    }
    const field = /^([\w.]+)=(.*)$/.exec(line);
    if (!field || !current) {
      throw new ImportError(file.path, `is not the output of virsh domstats --dirtyrate (line ${i + 1}: '${line.slice(0, 60)}')`);
    }
    const [, key, value] = field;
    if (key === 'dirtyrate.megabytes_per_second') current.mibPerSecond = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    else if (key === 'dirtyrate.calc_status') current.status = value;
    else if (key === 'dirtyrate.calc_start_time') current.start = value;
    else if (key === 'dirtyrate.calc_period') current.period = value;
  });
  if (rates.size === 0) throw new ImportError(file.path, 'is not the output of virsh domstats --dirtyrate (no "Domain: \'…\'" line)');
  return rates;
}

/** Reads the domains (and dirty rates) and writes the `.vmm` text. Throws ImportError for a file that is not what it claims. */
export function importLibvirt(files: readonly SourceFile[], options: LibvirtOptions): ImportResult {
  const messages: string[] = [];
  const domains = files.map(readDomain);
  const rates = options.dirtyrate ? readDirtyRates(options.dirtyrate) : undefined;
  const readable = domains.filter((d) => {
    const why = !d.name ? 'has no <name>' : d.memory === undefined ? (d.memoryProblem ?? 'has no <memory>') : d.memory <= 0 ? 'has <memory> 0' : undefined;
    if (why) messages.push(`${d.file}: the domain ${why}; skipped`);
    return !why;
  });
  if (readable.length === 0) return { text: '', messages, vms: 0, sites: 0, memory: 0 };

  const site = new NameTable('site').allocate(options.site);
  const siteNotes = site.renamed ? [`name given with --site: ${quoted(options.site)}`] : [];
  const netTable = new NameTable('net');
  const netNames = [...new Set(readable.flatMap((d) => d.nics))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const netIds = new Map<string, string>();
  const networks: ImportedNetwork[] = netNames.map((n) => {
    const { id, renamed } = netTable.allocate(n);
    netIds.set(n, id);
    return { id, sites: [site.id], notes: renamed ? [`name in the export: ${quoted(n)}`] : [] };
  });

  const vmTable = new NameTable('vm');
  const matched = new Set<string>();
  const vms: ImportedVm[] = readable.map((d) => {
    const name = d.name as string;
    const { id, renamed } = vmTable.allocate(name);
    const notes: string[] = [`from ${d.file}`];
    if (renamed) notes.push(`name in the export: ${quoted(name)}`);
    const vm: ImportedVm = { id, site: site.id, memory: d.memory as number, vcpus: d.vcpus, devices: [], notes, inventoryId: d.uuid };
    if (d.nics.length > 0) {
      vm.network = netIds.get(d.nics[0]);
      if (d.nics.length > 1)
        notes.push(
          `other NICs: ${d.nics
            .slice(1)
            .map((n) => netIds.get(n))
            .join(', ')}`,
        );
    }
    if (d.cpuMode === 'host-model' || d.cpuMode === 'host-passthrough' || d.cpuMode === 'maximum') {
      notes.push(`<cpu mode='${d.cpuMode}'>: the baseline is the host's, which dumpxml does not name; cpu left out`);
    } else if (d.cpuModel) {
      const baseline = baselineOfQemuModel(d.cpuModel);
      if (baseline) vm.cpu = baseline;
      else notes.push(`CPU model '${d.cpuModel}' has no baseline in spec §4.1; cpu left out`);
    }
    if (d.passthrough) vm.devices.push('passthrough');
    if (d.sharedDisk) vm.devices.push('shared-disk');
    const rate = rates?.get(name);
    if (rate && options.dirtyrate) {
      matched.add(name);
      const from = options.dirtyrate.path;
      if (rate.status !== undefined && rate.status !== '2') {
        messages.push(`${from}: domain '${name}': the measurement is not complete (dirtyrate.calc_status=${rate.status}); no dirty-rate`);
      } else if (rate.mibPerSecond === undefined || Number.isNaN(rate.mibPerSecond)) {
        messages.push(`${from}: domain '${name}' has no dirtyrate.megabytes_per_second; no dirty-rate`);
      } else if (rate.mibPerSecond === 0) {
        notes.push(`dirty rate measured 0 MiB/s (${from}); a dirty-rate must be above 0, so none is written`);
      } else {
        vm.dirtyRate = rate.mibPerSecond * MIB;
        notes.push(`dirty-rate measured by virsh domdirtyrate-calc: calc_start_time ${rate.start ?? '?'}, calc_period ${rate.period ?? '?'} s`);
      }
    }
    return vm;
  });
  for (const name of rates?.keys() ?? []) {
    if (!matched.has(name)) messages.push(`${options.dirtyrate?.path}: domain '${name}' is not among the domains imported; its dirty rate is not used`);
  }

  const remarks = [
    `${vms.length} vm(s) at site ${site.id}.`,
    ...(messages.length > 0 ? [`What the import said (${messages.length}):`, ...messages.slice(0, 20).map((m) => `  ${m}`)] : []),
    ...(messages.length > 20 ? [`  … and ${messages.length - 20} more (vmm import prints them all on standard error)`] : []),
    'No disk sizes: virsh dumpxml has none, so disk is left out (add it where a migration copies disks).',
    ...(options.dirtyrate
      ? []
      : ['No dirty-rate: measure it with virsh domdirtyrate-calc, then import again with --dirtyrate (the output of virsh domstats --dirtyrate).']),
  ];
  const text = emit({
    command: `vmm import libvirt --site ${site.id}`,
    sources: [...files.map((f) => f.path), ...(options.dirtyrate ? [`${options.dirtyrate.path} (dirty rates)`] : [])],
    remarks,
    todo: [
      'the other sites and the links between them: link A <-> B { rtt = …  bandwidth = … }',
      'datastores and disk sizes',
      'policies, and the migrate intents',
    ],
    sites: [{ id: site.id, notes: siteNotes }],
    datastores: [],
    networks,
    vms,
  });
  return { text, messages, vms: vms.length, sites: 1, memory: vms.reduce((n, v) => n + v.memory, 0) };
}
