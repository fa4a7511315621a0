/**
 * `vmm import rvtools` (spec §11): RVTools exports — `.xlsx` workbooks or the CSV files RVTools
 * writes one per sheet — turned into sites, datastores, networks and vms. Pure: files come in as
 * bytes, text goes out; reading folders is the shells' part.
 */
import { cpuBaselines } from '../model/schema.js';
import { readCsv } from './csv.js';
import { emit } from './emit.js';
import {
  ImportError,
  type ImportedDatastore,
  type ImportedNetwork,
  type ImportedSite,
  type ImportedVm,
  type ImportResult,
  type SourceFile,
} from './inventory.js';
import { identifierOf, NameTable, quoted } from './names.js';
import { col, Columns, emptyRow, type Column, type Sheet } from './table.js';
import { readWorkbook } from './xlsx.js';

/** One export: a workbook, or the CSV files of one RVTools run. */
export interface RvtoolsExport {
  /** What names the export in messages: the workbook, or the folder of the CSV files. */
  label: string;
  files: SourceFile[];
}

export interface RvtoolsOptions {
  /** A site per datacenter (default), or per `<Datacenter>.<Cluster>`. */
  siteBy?: 'datacenter' | 'cluster';
  /** What one workbook's XML may inflate to (bytes). */
  maxInflated?: number;
}

const MIB = 2 ** 20;

/** The columns read, in both header styles (spec §11's table). */
const C = {
  vInfo: {
    vm: col('VM', 'vInfoVMName'),
    id: col('VM ID', 'vInfoObjectID'),
    template: col('Template', 'vInfoTemplate'),
    power: col('Powerstate', 'vInfoPowerstate'),
    memory: col('Memory', 'vInfoMemory'),
    cpus: col('CPUs', 'vInfoCPUs'),
    inUse: col('In Use MiB', 'vInfoInUse'),
    provisioned: col('Provisioned MiB', 'vInfoProvisioned'),
    path: col('Path', 'vInfoPath'),
    networks: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => col(`Network #${n}`, `vInfoNetwork${n}`)),
    datacenter: col('Datacenter', 'vInfoDataCenter'),
    cluster: col('Cluster', 'vInfoCluster'),
    host: col('Host', 'vInfoHost'),
    evc: col('min Required EVC Mode Key', 'vInfominRequiredEVCModeKey'),
  },
  vHost: {
    host: col('Host', 'vHostName'),
    datacenter: col('Datacenter', 'vHostDatacenter'),
    cluster: col('Cluster', 'vHostCluster'),
    current: col('Current EVC', 'vHostCurrentEVC'),
    max: col('Max EVC', 'vHostMaxEVC'),
  },
  vMemory: { vm: col('VM', 'vMemoryVMName'), id: col('VM ID', 'vMemoryObjectID'), consumed: col('Consumed', 'vMemoryConsumed') },
  vNetwork: {
    vm: col('VM', 'vNetworkVMName'),
    id: col('VM ID', 'vNetworkObjectID'),
    network: col('Network', 'vNetworkName'),
    directPath: col('Direct Path IO', 'vNetworkDirectPathIO'),
  },
  vDatastore: { name: col('Name', 'vDatastoreName'), capacity: col('Capacity MiB', 'vDatastoreCapacity'), hosts: col('Hosts', 'vDatastoreHosts') },
  vDisk: {
    vm: col('VM', 'vDiskVMName'),
    id: col('VM ID', 'vDiskObjectID'),
    raw: col('Raw', 'vDiskRaw'),
    rawMode: col('Raw Comp. Mode', 'vDiskRawCompMode'),
    sharing: col('Sharing mode', 'vDiskSharingMode'),
  },
  vUSB: { vm: col('VM', 'vUSBVMName'), id: col('VM ID', 'vUSBObjectID') },
} as const;

type SheetName = keyof typeof C;
const SHEETS = Object.keys(C) as SheetName[];

/** The columns a sheet must have to be the sheet it claims to be. */
function required(name: SheetName, siteBy: 'datacenter' | 'cluster'): Column[] {
  switch (name) {
    case 'vInfo':
      return [C.vInfo.vm, C.vInfo.memory, C.vInfo.datacenter, ...(siteBy === 'cluster' ? [C.vInfo.cluster] : [])];
    case 'vHost':
      return [C.vHost.host, C.vHost.datacenter, ...(siteBy === 'cluster' ? [C.vHost.cluster] : [])];
    case 'vMemory':
      return [C.vMemory.vm, C.vMemory.consumed];
    case 'vNetwork':
      return [C.vNetwork.vm, C.vNetwork.network];
    case 'vDatastore':
      return [C.vDatastore.name];
    case 'vDisk':
      return [C.vDisk.vm];
    case 'vUSB':
      return [C.vUSB.vm];
  }
}

function sheetNamed(name: string): SheetName | undefined {
  return SHEETS.find((s) => s.toLowerCase() === name.trim().toLowerCase());
}

const basename = (p: string) => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

/** The sheet a CSV file holds: from its name (`RVTools_tabvInfo.csv`), else from a prefixed header (`vInfoVMName`). */
function csvSheet(file: string, header: readonly unknown[]): SheetName | undefined {
  const stem = basename(file)
    .replace(/\.csv$/i, '')
    .replace(/^RVTools_tab/i, '');
  const named = sheetNamed(stem);
  if (named) return named;
  const keys = header.map((h) =>
    String(h ?? '')
      .trim()
      .toLowerCase(),
  );
  return SHEETS.find((s) => keys.includes((s === 'vHost' ? C.vHost.host : s === 'vDatastore' ? C.vDatastore.name : C[s].vm).prefixed.toLowerCase()));
}

/** The sheets of one export this import reads, by name; the others are left alone. */
async function sheetsOf(ex: RvtoolsExport, options: RvtoolsOptions, messages: string[]): Promise<{ sheets: Map<SheetName, Columns>; read: string[] }> {
  const sheets = new Map<SheetName, Columns>();
  const read: string[] = [];
  const add = (name: SheetName, sheet: Sheet) => {
    const before = sheets.get(name);
    if (before)
      throw new ImportError(sheet.file, `holds a second ${name} sheet for ${ex.label} (the first is ${before.sheet.where}); give each export on its own`);
    sheets.set(name, new Columns(sheet));
  };
  for (const file of ex.files) {
    if (/\.xlsx$/i.test(file.path)) {
      const workbook = await readWorkbook(file, (sheet) => sheetNamed(sheet) !== undefined, options.maxInflated);
      const names = workbook.names;
      for (const s of workbook.sheets) {
        const name = sheetNamed(s.name);
        if (!name) continue;
        const [header = [], ...rows] = s.rows;
        add(name, { name, file: file.path, where: `${file.path} sheet ${s.name}`, header, rows: rows.map((cells, i) => ({ at: `row ${i + 2}`, cells })) });
      }
      if (!sheets.has('vInfo')) {
        throw new ImportError(file.path, `is not an RVTools export: it has no vInfo sheet (its sheets: ${names.join(', ') || 'none'})`);
      }
      read.push(`${file.path} (sheets ${SHEETS.filter((s) => sheets.has(s)).join(', ')})`);
    } else {
      const table = readCsv(file, messages);
      const name = csvSheet(file.path, table.header);
      if (!name) {
        throw new ImportError(
          file.path,
          "is not an RVTools CSV: its name is not RVTools_tab<sheet>.csv and its header is not a sheet's (vInfo needs VM and Memory, or vInfoVMName and vInfoMemory)",
        );
      }
      add(name, { name, file: file.path, where: file.path, header: table.header, rows: table.rows });
      read.push(file.path);
    }
  }
  if (!sheets.has('vInfo')) throw new ImportError(ex.label, 'has no vInfo sheet (RVTools_tabvInfo.csv): it is what vms are read from');
  const siteBy = options.siteBy ?? 'datacenter';
  for (const [name, columns] of sheets) {
    const missing = columns.missing(required(name, siteBy));
    if (missing.length > 0) {
      throw new ImportError(columns.sheet.where, `is not an RVTools ${name} sheet: it has no column ${missing.join(', ')}`);
    }
  }
  return { sheets, read };
}

interface Host {
  site: string;
  cluster?: string;
  /** Current EVC, else Max EVC. */
  mode?: string;
}

/** A vInfo row as read, before names are given out. */
interface RawVm {
  name: string;
  where: string;
  site: string;
  cluster?: string;
  vmId?: string;
  memoryMiB: number;
  vcpus?: number;
  diskMiB?: number;
  datastore?: string;
  nics: string[];
  evc?: string;
  host?: string;
  poweredOff: boolean;
  powerstate?: string;
  consumedMiB?: number;
  devices: Set<string>;
  hosts: ReadonlyMap<string, Host>;
}

const baselineIndex = (mode: string): { vendor: 'intel' | 'amd'; index: number } | undefined => {
  for (const vendor of ['intel', 'amd'] as const) {
    const index = (cpuBaselines[vendor] as readonly string[]).indexOf(mode);
    if (index >= 0) return { vendor, index };
  }
  return undefined;
};

/** `[ds-01] web/web.vmx` → `ds-01`. */
function datastoreOfPath(path: string | undefined): string | undefined {
  const m = path ? /^\s*\[([^\]]+)\]/.exec(path) : null;
  return m ? m[1].trim() || undefined : undefined;
}

const siteName = (datacenter: string, cluster: string | undefined, siteBy: 'datacenter' | 'cluster') =>
  siteBy === 'cluster' ? `${datacenter}.${cluster ?? ''}` : datacenter;

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A datastore as the exports see it: its capacity (the largest given), the sites of its hosts, where it was first named. */
interface SeenDatastore {
  capacityMiB?: number;
  sites: Set<string>;
  where: string;
}

/** What the exports' sheets give, before names are given out. */
interface Inventory {
  /** What the import says: rows skipped, values left out, rows not joined. */
  messages: string[];
  /** The files read, with the sheets of each workbook. */
  sources: string[];
  /** The vms of every vInfo sheet, in the order the exports gave them. */
  raws: RawVm[];
  templates: number;
  /** Datastores of vDatastore, by name. */
  datastores: Map<string, SeenDatastore>;
  /** Every host's site and mode, for the sites' cpu. */
  hosts: Host[];
}

/** Says that a row of a sheet is skipped, and why. */
function skip(messages: string[], sheet: Sheet, at: string, why: string): void {
  messages.push(`${sheet.where} ${at}: ${why}; skipped`);
}

/** Reads every export's sheets, one export after the other: hosts, then vms, then what the other sheets add to them. */
async function readExports(exports: readonly RvtoolsExport[], options: RvtoolsOptions): Promise<Inventory> {
  const siteBy = options.siteBy ?? 'datacenter';
  const inventory: Inventory = { messages: [], sources: [], raws: [], templates: 0, datastores: new Map(), hosts: [] };
  const { messages } = inventory;
  for (const ex of exports) {
    const { sheets, read } = await sheetsOf(ex, options, messages);
    inventory.sources.push(...read);
    const vHost = sheets.get('vHost');
    const hosts = new Map<string, Host>();
    if (vHost) readHosts(vHost, siteBy, hosts, inventory.hosts, messages);
    const vms = readVms(sheets.get('vInfo') as Columns, hosts, siteBy, messages);
    for (const raw of vms.raws) inventory.raws.push(raw);
    inventory.templates += vms.templates;
    joinSheets(sheets, joinerOf(vms.raws, messages));
    const vDatastore = sheets.get('vDatastore');
    if (vDatastore) readDatastores(vDatastore, hosts, inventory.datastores, messages);
  }
  return inventory;
}

/**
 * The hosts of a vHost sheet, each with its site and EVC mode: by name into `hosts` (the last row
 * of a name wins), and every row into `all`. A host without a site is skipped.
 */
function readHosts(vHost: Columns, siteBy: 'datacenter' | 'cluster', hosts: Map<string, Host>, all: Host[], messages: string[]): void {
  for (const row of vHost.sheet.rows) {
    if (emptyRow(row.cells)) continue;
    const name = vHost.text(row.cells, C.vHost.host);
    const dc = vHost.text(row.cells, C.vHost.datacenter);
    const cluster = vHost.text(row.cells, C.vHost.cluster);
    if (!name || !dc || (siteBy === 'cluster' && !cluster)) {
      skip(messages, vHost.sheet, row.at, `host ${name ? `'${name}' ` : ''}has no ${!name ? 'Host' : !dc ? 'Datacenter' : 'Cluster'}`);
      continue;
    }
    const host: Host = {
      site: siteName(dc, cluster, siteBy),
      cluster,
      mode: vHost.text(row.cells, C.vHost.current) ?? vHost.text(row.cells, C.vHost.max),
    };
    hosts.set(name, host);
    all.push(host);
  }
}

/** The vms of a vInfo sheet, in its order, and how many templates it holds (not vms: left out). */
function readVms(info: Columns, hosts: ReadonlyMap<string, Host>, siteBy: 'datacenter' | 'cluster', messages: string[]): { raws: RawVm[]; templates: number } {
  const raws: RawVm[] = [];
  let templates = 0;
  for (const row of info.sheet.rows) {
    if (emptyRow(row.cells)) continue;
    // A template (with a name: a row without one is skipped as such) is not a vm.
    if (info.text(row.cells, C.vInfo.vm) && info.flag(row.cells, C.vInfo.template)) {
      templates++;
      continue;
    }
    const raw = readVm(info, row, hosts, siteBy, messages);
    if (raw) raws.push(raw);
  }
  return { raws, templates };
}

/** One vInfo row (not a template) as a vm; undefined (and said) when it has no name, no memory or no site. */
function readVm(
  info: Columns,
  row: Sheet['rows'][number],
  hosts: ReadonlyMap<string, Host>,
  siteBy: 'datacenter' | 'cluster',
  messages: string[],
): RawVm | undefined {
  const { cells } = row;
  const vi = C.vInfo;
  const name = info.text(cells, vi.vm);
  if (!name) {
    skip(messages, info.sheet, row.at, 'no VM name');
    return undefined;
  }
  const memory = info.number(cells, vi.memory);
  if (memory === undefined || Number.isNaN(memory) || memory <= 0) {
    skip(messages, info.sheet, row.at, `vm '${name}' has ${memory === undefined ? 'no Memory' : `Memory '${info.text(cells, vi.memory)}', not a size in MiB`}`);
    return undefined;
  }
  const dc = info.text(cells, vi.datacenter);
  const cluster = info.text(cells, vi.cluster);
  if (!dc || (siteBy === 'cluster' && !cluster)) {
    skip(messages, info.sheet, row.at, `vm '${name}' has no ${!dc ? 'Datacenter' : 'Cluster (--site-by cluster)'}`);
    return undefined;
  }
  const cpus = info.number(cells, vi.cpus);
  if (cpus !== undefined && !(Number.isInteger(cpus) && cpus >= 1))
    messages.push(`${info.sheet.where} ${row.at}: vm '${name}' has CPUs '${info.text(cells, vi.cpus)}'; vcpus left out`);
  const inUse = info.number(cells, vi.inUse);
  const provisioned = info.number(cells, vi.provisioned);
  const disk = inUse !== undefined && !Number.isNaN(inUse) ? inUse : provisioned;
  const power = info.text(cells, vi.power);
  const nics: string[] = [];
  for (const c of vi.networks) {
    const n = info.text(cells, c);
    if (n && !nics.includes(n)) nics.push(n);
  }
  return {
    name,
    where: `${info.sheet.where} ${row.at}`,
    site: siteName(dc, cluster, siteBy),
    cluster,
    vmId: info.text(cells, vi.id),
    memoryMiB: memory,
    vcpus: cpus !== undefined && Number.isInteger(cpus) && cpus >= 1 ? cpus : undefined,
    diskMiB: disk !== undefined && !Number.isNaN(disk) && disk >= 0 ? disk : undefined,
    datastore: datastoreOfPath(info.text(cells, vi.path)),
    nics,
    evc: info.text(cells, vi.evc),
    host: info.text(cells, vi.host),
    poweredOff: power?.toLowerCase() === 'poweredoff',
    powerstate: power,
    devices: new Set(),
    hosts,
  };
}

/** Finds the vInfo vm a row of another sheet is about. */
type Joiner = (sheet: Columns, cells: readonly unknown[], at: string, vmCol: Column, idCol?: Column) => RawVm | undefined;

/** The vInfo vm a row of another sheet is about: by VM ID where both have it, else by name (said when the name is not one vm's). */
function joinerOf(raws: readonly RawVm[], messages: string[]): Joiner {
  const byId = new Map<string, RawVm>();
  const byName = new Map<string, RawVm | null>();
  for (const raw of raws) {
    if (raw.vmId) byId.set(raw.vmId, raw);
    byName.set(raw.name, byName.has(raw.name) ? null : raw);
  }
  return (sheet, cells, at, vmCol, idCol) => {
    const c = cells as Parameters<Columns['text']>[0];
    const id = idCol ? sheet.text(c, idCol) : undefined;
    if (id !== undefined) {
      const found = byId.get(id);
      if (found) return found;
    }
    const name = sheet.text(c, vmCol);
    if (name === undefined) return undefined;
    const found = byName.get(name);
    if (found === null) messages.push(`${sheet.sheet.where} ${at}: VM '${name}' names more than one vm of vInfo; not joined`);
    // Both have a VM ID and they differ: another vm of the same name.
    if (found && id !== undefined && found.vmId !== undefined) return undefined;
    return found ?? undefined;
  };
}

/** What vMemory, vNetwork, vDisk and vUSB add to the vms they are about: consumed memory, NICs, devices. */
function joinSheets(sheets: ReadonlyMap<SheetName, Columns>, joined: Joiner): void {
  const vMemory = sheets.get('vMemory');
  for (const row of vMemory?.sheet.rows ?? []) {
    if (!vMemory || emptyRow(row.cells)) continue;
    const vm = joined(vMemory, row.cells, row.at, C.vMemory.vm, C.vMemory.id);
    const consumed = vMemory.number(row.cells, C.vMemory.consumed);
    if (vm && consumed !== undefined && !Number.isNaN(consumed)) vm.consumedMiB = consumed;
  }
  const vNetwork = sheets.get('vNetwork');
  for (const row of vNetwork?.sheet.rows ?? []) {
    if (!vNetwork || emptyRow(row.cells)) continue;
    const vm = joined(vNetwork, row.cells, row.at, C.vNetwork.vm, C.vNetwork.id);
    if (!vm) continue;
    const network = vNetwork.text(row.cells, C.vNetwork.network);
    if (network && !vm.nics.includes(network)) vm.nics.push(network);
    if (vNetwork.flag(row.cells, C.vNetwork.directPath)) vm.devices.add('passthrough');
  }
  const vDisk = sheets.get('vDisk');
  for (const row of vDisk?.sheet.rows ?? []) {
    if (!vDisk || emptyRow(row.cells)) continue;
    const vm = joined(vDisk, row.cells, row.at, C.vDisk.vm, C.vDisk.id);
    if (!vm) continue;
    const physical = vDisk.flag(row.cells, C.vDisk.raw) && /physical/i.test(vDisk.text(row.cells, C.vDisk.rawMode) ?? '');
    const multiWriter = /multi-?writer/i.test(vDisk.text(row.cells, C.vDisk.sharing) ?? '');
    if (physical || multiWriter) vm.devices.add('shared-disk');
  }
  const vUSB = sheets.get('vUSB');
  for (const row of vUSB?.sheet.rows ?? []) {
    if (!vUSB || emptyRow(row.cells)) continue;
    joined(vUSB, row.cells, row.at, C.vUSB.vm, C.vUSB.id)?.devices.add('usb');
  }
}

/** The datastores of a vDatastore sheet, added to `datastores`: the largest capacity given, the sites of the hosts it lists. */
function readDatastores(vDatastore: Columns, hosts: ReadonlyMap<string, Host>, datastores: Map<string, SeenDatastore>, messages: string[]): void {
  for (const row of vDatastore.sheet.rows) {
    if (emptyRow(row.cells)) continue;
    const name = vDatastore.text(row.cells, C.vDatastore.name);
    if (!name) {
      skip(messages, vDatastore.sheet, row.at, 'no datastore Name');
      continue;
    }
    const capacity = vDatastore.number(row.cells, C.vDatastore.capacity);
    const entry = datastores.get(name) ?? { sites: new Set<string>(), where: `${vDatastore.sheet.where} ${row.at}` };
    if (capacity !== undefined && !Number.isNaN(capacity) && capacity >= 0) entry.capacityMiB = Math.max(entry.capacityMiB ?? 0, capacity);
    for (const h of (vDatastore.text(row.cells, C.vDatastore.hosts) ?? '').split(/[,;]/)) {
      const host = hosts.get(h.trim());
      if (host) entry.sites.add(host.site);
    }
    datastores.set(name, entry);
  }
}

/** Sites: every site a vm or a host is at, named in the order of their names; `siteId` gives a site's identifier by its name in the export. */
function placeSites(raws: readonly RawVm[], hosts: readonly Host[]): { sites: ImportedSite[]; siteId: (name: string) => string } {
  const siteNames = [...new Set([...raws.map((r) => r.site), ...hosts.map((h) => h.site)])].sort(byCode);
  const siteTable = new NameTable('site');
  const siteIds = new Map(siteNames.map((n) => [n, siteTable.allocate(n)]));
  const sites = siteNames.map((n) => {
    const { id, renamed } = siteIds.get(n) as { id: string; renamed: boolean };
    const site: ImportedSite = { id, notes: renamed ? [`name in the export: ${quoted(n)}`] : [] };
    siteCpu(
      site,
      hosts.filter((h) => h.site === n && h.mode !== undefined),
    );
    return site;
  });
  return { sites, siteId: (n) => (siteIds.get(n) as { id: string }).id };
}

/**
 * A site's cpu, from the EVC modes of its hosts: the latest baseline where they are all baselines
 * of one vendor, else left out and said; the modes by cluster noted where the clusters differ.
 */
function siteCpu(site: ImportedSite, hosts: readonly Host[]): void {
  if (hosts.length === 0) return;
  const modes = [...new Set(hosts.map((h) => h.mode as string))].sort(byCode);
  const unknown = modes.filter((m) => !baselineIndex(m));
  const vendors = new Set(modes.map((m) => baselineIndex(m)?.vendor).filter((v) => v !== undefined));
  const latest = (list: readonly string[]) =>
    list.reduce((best, m) => ((baselineIndex(m)?.index ?? -1) > (baselineIndex(best)?.index ?? -1) ? m : best), list[0]);
  const clusters = [...new Set(hosts.map((h) => h.cluster ?? ''))].sort(byCode);
  if (clusters.length > 1 || unknown.length > 0 || vendors.size > 1) {
    const per = clusters.map((c) => {
      const own = [...new Set(hosts.filter((h) => (h.cluster ?? '') === c).map((h) => h.mode as string))].sort(byCode);
      const mixed = own.some((m) => !baselineIndex(m)) || new Set(own.map((m) => baselineIndex(m)?.vendor)).size > 1;
      return `${c === '' ? '(no cluster)' : c} ${mixed ? own.join('/') : latest(own)}`;
    });
    site.notes.push(`EVC by cluster: ${per.join(', ')}`);
  }
  if (unknown.length > 0) site.notes.push(`EVC mode ${unknown.map((m) => `'${m}'`).join(', ')} is not a baseline of spec §4.1: cpu left out`);
  else if (vendors.size > 1) site.notes.push('hosts of two CPU vendors (Intel and AMD): no one baseline; cpu left out');
  else site.cpu = latest(modes);
}

/**
 * Datastores: those of vDatastore and those vms' paths name; each at the lexically first site it is
 * seen from (its hosts', else its vms'). One seen from no site is left out, and listed in `unplaced`.
 */
function placeDatastores(
  seen: ReadonlyMap<string, SeenDatastore>,
  raws: readonly RawVm[],
  siteId: (name: string) => string,
): { datastores: ImportedDatastore[]; dsIds: ReadonlyMap<string, string>; unplaced: string[] } {
  const all = new Map(seen);
  for (const r of raws) if (r.datastore && !all.has(r.datastore)) all.set(r.datastore, { sites: new Set<string>(), where: r.where });
  const dsTable = new NameTable('ds');
  const dsIds = new Map<string, string>();
  const datastores: ImportedDatastore[] = [];
  const unplaced: string[] = [];
  for (const name of [...all.keys()].sort(byCode)) {
    const entry = all.get(name) as SeenDatastore;
    const from = entry.sites.size > 0 ? [...entry.sites] : raws.filter((r) => r.datastore === name).map((r) => r.site);
    const at = [...new Set(from)].map(siteId).sort(byCode);
    if (at.length === 0) {
      unplaced.push(name);
      continue;
    }
    const { id, renamed } = dsTable.allocate(name);
    dsIds.set(name, id);
    const notes = renamed ? [`name in the export: ${quoted(name)}`] : [];
    if (at.length > 1) notes.push(`seen from ${at.join(', ')} (stretched storage?): placed at ${at[0]}`);
    datastores.push({ id, site: at[0], capacity: entry.capacityMiB !== undefined ? entry.capacityMiB * MIB : undefined, notes });
  }
  return { datastores, dsIds, unplaced };
}

/**
 * Networks: one per name, at the sites of the vms whose NICs use it; one per site where a name is
 * used at several. `netOf` gives the network of a NIC's name at a site (by its identifier).
 */
function placeNetworks(
  raws: readonly RawVm[],
  siteId: (name: string) => string,
): { networks: ImportedNetwork[]; netOf: (name: string, site: string) => string } {
  const netSites = new Map<string, Set<string>>();
  for (const r of raws) for (const n of r.nics) netSites.set(n, (netSites.get(n) ?? new Set()).add(siteId(r.site)));
  const netTable = new NameTable('net');
  const netIds = new Map<string, string>();
  const networks: ImportedNetwork[] = [];
  for (const name of [...netSites.keys()].sort(byCode)) {
    const at = [...(netSites.get(name) as Set<string>)].sort(byCode);
    const renamed = (id: string) => (id === name ? [] : [`name in the export: ${quoted(name)}`]);
    if (at.length === 1) {
      const { id } = netTable.allocate(name);
      netIds.set(`${name}\u0000${at[0]}`, id);
      networks.push({ id, sites: at, notes: renamed(id) });
      continue;
    }
    for (const site of at) {
      const { id } = netTable.allocate(`${identifierOf(name, 'net')}.${site}`);
      netIds.set(`${name}\u0000${site}`, id);
      networks.push({
        id,
        sites: [site],
        notes: [
          `${quoted(name)} is used at ${at.join(', ')}: one network per site, since an export cannot tell a stretched segment from two local ones`,
          `(if it is stretched, make it one network with sites = ${at.join(', ')})`,
        ],
      });
    }
  }
  return { networks, netOf: (name, site) => netIds.get(`${name}\u0000${site}`) as string };
}

/** Where the vms are placed: the identifiers of their sites, datastores and networks. */
interface Placed {
  siteId: (name: string) => string;
  dsIds: ReadonlyMap<string, string>;
  netOf: (name: string, site: string) => string;
}

/** Vms, in the order the exports gave them, with the names of the tables given out in that order. */
function buildVms(raws: readonly RawVm[], placed: Placed): ImportedVm[] {
  const vmTable = new NameTable('vm');
  return raws.map((r) => buildVm(r, vmTable.allocate(r.name), placed));
}

/** One vm: its figures in bytes, its places, its cpu (its EVC mode, else its host's), and notes for what the import changed or could not say. */
function buildVm(r: RawVm, { id, renamed }: { id: string; renamed: boolean }, { siteId, dsIds, netOf }: Placed): ImportedVm {
  const site = siteId(r.site);
  const notes: string[] = [];
  if (renamed) notes.push(`name in the export: ${quoted(r.name)}`);
  if (r.poweredOff) notes.push('powered off in the export');
  else if (r.powerstate && r.powerstate.toLowerCase() !== 'poweredon') notes.push(`${r.powerstate} in the export`);
  const memory = r.memoryMiB * MIB;
  const vm: ImportedVm = { id, site, memory, vcpus: r.vcpus, devices: [], notes, inventoryId: r.vmId };
  if (r.diskMiB !== undefined) vm.disk = r.diskMiB * MIB;
  if (r.datastore && dsIds.has(r.datastore)) vm.datastore = dsIds.get(r.datastore);
  if (r.nics.length > 0) {
    vm.network = netOf(r.nics[0], site);
    if (r.nics.length > 1)
      notes.push(
        `other NICs: ${r.nics
          .slice(1)
          .map((n) => netOf(n, site))
          .join(', ')}`,
      );
  }
  // What the guest has touched: vMemory's Consumed, when it is a figure below the configured memory.
  if (r.consumedMiB !== undefined && r.consumedMiB > 0 && r.consumedMiB * MIB < memory) vm.resident = r.consumedMiB * MIB;
  const mode = r.evc ?? (r.host !== undefined ? r.hosts.get(r.host)?.mode : undefined);
  if (mode !== undefined) {
    if (baselineIndex(mode)) vm.cpu = mode;
    else notes.push(`EVC mode '${mode}' is not a baseline of spec §4.1: cpu left out`);
  }
  vm.devices = ['passthrough', 'shared-disk', 'usb'].filter((d) => r.devices.has(d));
  return vm;
}

/** The remarks written at the top of the file: the counts, what the import said (the first 20), the datastores left out, the dirty rate missing. */
function remarksOf(counts: { vms: number; sites: number; templates: number }, messages: readonly string[], unplaced: readonly string[]): string[] {
  const remarks: string[] = [];
  remarks.push(`${counts.vms} vm(s) at ${counts.sites} site(s)${counts.templates > 0 ? `; ${counts.templates} template(s) skipped` : ''}.`);
  if (messages.length > 0) {
    remarks.push(`What the import said (${messages.length}):`);
    for (const m of messages.slice(0, 20)) remarks.push(`  ${m}`);
    if (messages.length > 20) remarks.push(`  … and ${messages.length - 20} more (vmm import prints them all on standard error)`);
  }
  if (unplaced.length > 0) remarks.push(`Datastores left out (no host or vm places them at a site): ${unplaced.join(', ')}.`);
  remarks.push('No dirty-rate: no RVTools sheet measures how fast a guest dirties memory (VMM204 says convergence is unchecked);');
  remarks.push('measure it with libvirt (vmm import libvirt --dirtyrate) or on the guests, and add it to each vm you move live.');
  return remarks;
}

/** Reads the exports and writes the `.vmm` text. Throws ImportError for a file that is not what it claims. */
export async function importRvtools(exports: readonly RvtoolsExport[], options: RvtoolsOptions = {}): Promise<ImportResult> {
  const { messages, sources, raws, templates, datastores: seen, hosts } = await readExports(exports, options);
  if (raws.length === 0) {
    return { text: '', messages, vms: 0, sites: 0, memory: 0 };
  }
  const { sites, siteId } = placeSites(raws, hosts);
  const { datastores, dsIds, unplaced } = placeDatastores(seen, raws, siteId);
  const { networks, netOf } = placeNetworks(raws, siteId);
  const vms = buildVms(raws, { siteId, dsIds, netOf });
  const text = emit({
    command: `vmm import rvtools${options.siteBy === 'cluster' ? ' --site-by cluster' : ''}`,
    sources,
    remarks: remarksOf({ vms: vms.length, sites: sites.length, templates }, messages, unplaced),
    todo: [
      'the links between sites: link A <-> B { rtt = …  bandwidth = … }',
      'site locations and capacities, and the networks that are stretched',
      'policies, and the migrate intents',
    ],
    sites,
    datastores,
    networks,
    vms,
  });
  return { text, messages, vms: vms.length, sites: sites.length, memory: vms.reduce((n, v) => n + v.memory, 0) };
}

const folderOf = (p: string) => {
  const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return cut < 0 ? '.' : p.slice(0, cut) || '/';
};

/**
 * The exports a list of files makes: each workbook is one; the CSV files of one folder are one (RVTools
 * writes one folder per run). In the order the files were given; a file of another kind is an ImportError.
 */
export function groupRvtoolsFiles(paths: readonly string[]): { label: string; paths: string[] }[] {
  const groups: { label: string; paths: string[] }[] = [];
  const byFolder = new Map<string, { label: string; paths: string[] }>();
  for (const p of paths) {
    if (/\.xlsx$/i.test(p)) groups.push({ label: p, paths: [p] });
    else if (/\.csv$/i.test(p)) {
      const folder = folderOf(p);
      let group = byFolder.get(folder);
      if (!group) {
        group = { label: `${folder === '.' ? 'the current folder' : folder} (CSV files)`, paths: [] };
        byFolder.set(folder, group);
        groups.push(group);
      }
      if (!group.paths.includes(p)) group.paths.push(p);
    } else
      throw new ImportError(
        p,
        /\.xls$/i.test(p) ? 'is a legacy .xls workbook; save it as .xlsx and import that' : 'is not an RVTools export (.xlsx, or the .csv files of its sheets)',
      );
  }
  return groups;
}
