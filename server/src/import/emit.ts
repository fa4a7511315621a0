/**
 * An inventory written as `.vmm` text: a header comment listing the sources and what is still to
 * add, then sites, datastores and networks by name, then the vms site by site (in the order the
 * sources gave them). The text is passed through the formatter, so it is what `vmm format` writes.
 */
import { format } from '../features/format.js';
import type { ImportedVm, Inventory } from './inventory.js';
import { oneLine } from './names.js';

const UNITS: readonly (readonly [string, number])[] = [
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
];

/** A size in the largest binary unit that states it exactly (16384 MiB → `16GiB`, 2224 MiB → `2224MiB`). */
export function sizeLiteral(bytes: number): string {
  if (Number.isInteger(bytes)) {
    if (bytes === 0) return '0B';
    for (const [unit, factor] of UNITS) if (bytes % factor === 0) return `${bytes / factor}${unit}`;
    return `${bytes}B`;
  }
  // A fraction of a byte cannot be stated exactly in any unit: MiB with what the figure carries.
  return `${Number((bytes / 2 ** 20).toPrecision(12))}MiB`;
}

/** A rate in bytes per second, the same way (`5MiB/s`). */
export function rateLiteral(bytesPerSecond: number): string {
  return `${sizeLiteral(bytesPerSecond)}/s`;
}

/** A string value of the language: `"…"` with `\"` and `\\`, one line. */
export function stringLiteral(text: string): string {
  return `"${oneLine(text).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const comment = (line: string) => (line === '' ? '//' : `// ${line}`);

function vmBody(vm: ImportedVm): string[] {
  const lines: string[] = [];
  if (vm.inventoryId !== undefined) lines.push(`id = ${stringLiteral(vm.inventoryId)}`);
  lines.push(`memory = ${sizeLiteral(vm.memory)}`);
  if (vm.vcpus !== undefined) lines.push(`vcpus = ${vm.vcpus}`);
  if (vm.resident !== undefined) lines.push(`resident = ${sizeLiteral(vm.resident)}`);
  if (vm.disk !== undefined) lines.push(`disk = ${sizeLiteral(vm.disk)}`);
  if (vm.datastore !== undefined) lines.push(`datastore = ${vm.datastore}`);
  if (vm.network !== undefined) lines.push(`network = ${vm.network}`);
  if (vm.cpu !== undefined) lines.push(`cpu = ${vm.cpu}`);
  if (vm.devices.length > 0) lines.push(`devices = ${vm.devices.join(', ')}`);
  if (vm.dirtyRate !== undefined) lines.push(`dirty-rate = ${rateLiteral(vm.dirtyRate)}`);
  return lines;
}

function declaration(notes: readonly string[], head: string, body: readonly string[]): string {
  const text = [...notes.map(comment), body.length === 0 ? head : `${head} {\n${body.map((l) => `  ${l}`).join('\n')}\n}`];
  return text.join('\n');
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The `.vmm` text of an inventory, formatted. */
export function emit(inventory: Inventory): string {
  const header = [
    `Imported by ${inventory.command} from:`,
    ...inventory.sources.map((s) => `  ${s}`),
    ...inventory.remarks,
    'Still to add:',
    ...inventory.todo.map((t) => `  - ${t}`),
  ];
  const parts: string[] = [header.map(comment).join('\n')];
  const sites = [...inventory.sites].sort(byId);
  for (const site of sites) parts.push(declaration(site.notes, `site ${site.id}`, site.cpu ? [`cpu = ${site.cpu}`] : []));
  for (const ds of [...inventory.datastores].sort(byId)) {
    parts.push(declaration(ds.notes, `datastore ${ds.id} at ${ds.site}`, ds.capacity !== undefined ? [`capacity = ${sizeLiteral(ds.capacity)}`] : []));
  }
  for (const net of [...inventory.networks].sort(byId)) parts.push(declaration(net.notes, `network ${net.id}`, [`sites = ${net.sites.join(', ')}`]));
  const order = new Map(sites.map((s, i) => [s.id, i]));
  const vms = inventory.vms.map((vm, i) => ({ vm, i })).sort((a, b) => (order.get(a.vm.site) ?? 0) - (order.get(b.vm.site) ?? 0) || a.i - b.i);
  for (const { vm } of vms) parts.push(declaration(vm.notes, `vm ${vm.id} at ${vm.site}`, vmBody(vm)));
  return format(parts.join('\n\n') + '\n');
}
