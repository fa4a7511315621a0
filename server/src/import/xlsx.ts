/**
 * An `.xlsx` workbook read with read-excel-file (MIT; its universal entry works in Node and in a
 * browser). Before anything is inflated, the ZIP's central directory is read here: a file that is
 * not a ZIP, or is cut short, is named as such, and a workbook whose XML to be read would inflate
 * past `maxInflated` bytes is refused (fflate, which read-excel-file unzips with, allocates each entry at
 * the size its directory declares and writes no further, so the declared sizes bound the memory).
 * Cells are placed by their column reference (rows in RVTools exports are sparse).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/universal';
import { ImportError, type SourceFile } from './inventory.js';
import type { Cell } from './table.js';

/**
 * What the XML read from one workbook (the sheets §11 reads, shared strings, styles) may inflate to
 * by default. 20,000 VMs are some 55 MiB of it, and parsing takes 8 to 12 bytes of memory per byte
 * of XML (the bench): this bound keeps a workbook within about 3 GB (some 90,000 VMs) instead of
 * letting it run the process out of memory.
 */
export const MAX_INFLATED_BYTES = 256 * 2 ** 20;

export interface Workbook {
  sheets: { name: string; rows: Cell[][] }[];
  /** Every sheet of the workbook, read or not. */
  names: string[];
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 2 ** 32;

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** The XML entries of a ZIP and the sizes its central directory declares for them. */
export function zipEntries(file: SourceFile): { name: string; size: number }[] {
  const b = file.bytes;
  if (b.length >= 8 && u32(b, 0) === 0xe011cfd0 && u32(b, 4) === 0xe11ab1a1) {
    throw new ImportError(file.path, 'is a legacy .xls workbook, not .xlsx; save it as .xlsx (or export CSV) and import that');
  }
  if (b.length < 4 || u32(b, 0) !== 0x04034b50) throw new ImportError(file.path, 'is not an .xlsx workbook (not a ZIP archive)');
  // The end of central directory record: 22 bytes and a comment of up to 65535.
  let end = -1;
  for (let at = b.length - 22; at >= Math.max(0, b.length - 22 - 65535); at--) {
    if (u32(b, at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ImportError(file.path, 'is a truncated or corrupt workbook (its ZIP directory is missing)');
  let count = u16(b, end + 10);
  let offset = u32(b, end + 16);
  if (end >= 20 && u32(b, end - 20) === 0x07064b50) {
    const z64 = u64(b, end - 12);
    if (z64 + 56 <= b.length && u32(b, z64) === 0x06064b50) {
      count = u64(b, z64 + 32);
      offset = u64(b, z64 + 48);
    }
  }
  const entries: { name: string; size: number }[] = [];
  const decoder = new TextDecoder();
  for (let i = 0, at = offset; i < count; i++) {
    if (at + 46 > b.length || u32(b, at) !== 0x02014b50) throw new ImportError(file.path, 'is a truncated or corrupt workbook (its ZIP directory is broken)');
    let size = u32(b, at + 24);
    const nameLength = u16(b, at + 28);
    const extraLength = u16(b, at + 30);
    const commentLength = u16(b, at + 32);
    const name = decoder.decode(b.subarray(at + 46, at + 46 + nameLength));
    if (size === 0xffffffff) {
      // The ZIP64 extra field holds the real size.
      for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; e += 4 + u16(b, e + 2)) {
        if (u16(b, e) === 0x0001) {
          size = u64(b, e + 4);
          break;
        }
      }
    }
    if (name.endsWith('.xml') || name.endsWith('.xml.rels')) entries.push({ name, size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The value of an XML attribute in a start tag, its entities decoded. */
function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(':', '\\:')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  const value = m ? (m[1] ?? m[2]) : undefined;
  return value
    ?.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] as string);
}

/**
 * Every sheet `wanted` accepts, each as rows of cells (row 1 first), and the names of all the
 * workbook's sheets. The other sheets are not parsed: the workbook is unpacked here (only what is
 * needed) and handed to read-excel-file repacked without compression and without them, which also
 * spares it a worker thread per large entry.
 */
export async function readWorkbook(file: SourceFile, wanted: (sheet: string) => boolean, maxInflated = MAX_INFLATED_BYTES): Promise<Workbook> {
  const entries = zipEntries(file);
  const tooLarge = (bytes: number) =>
    new ImportError(file.path, `inflates to ${mib(bytes)} of XML, more than the ${mib(maxInflated)} vmm reads from one workbook; refused`);
  const INDEX = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels'];
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw new ImportError(file.path, 'is a ZIP archive but not an .xlsx workbook (no xl/workbook.xml)');
  const indexSize = entries.filter((e) => INDEX.includes(e.name)).reduce((n, e) => n + e.size, 0);
  if (indexSize > maxInflated) throw tooLarge(indexSize);
  const corrupt = (error: unknown) => {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    return new ImportError(file.path, `is a corrupt workbook that cannot be read (${reason})`);
  };
  let parts: Record<string, Uint8Array>;
  let names: string[];
  try {
    const index = unzipSync(file.bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' });
    const workbook = strFromU8(index['xl/workbook.xml']);
    const rels = new Map<string, string>();
    /** What read-excel-file reads besides the sheets: the index, the shared strings, the styles. */
    const needed = new Set(['[Content_Types].xml', '_rels/.rels', ...INDEX]);
    for (const m of strFromU8(index['xl/_rels/workbook.xml.rels'] ?? new Uint8Array()).matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const id = attribute(m[0], 'Id');
      const target = attribute(m[0], 'Target');
      if (!id || !target) continue;
      const file = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      rels.set(id, file);
      if (/\/(sharedStrings|styles)$/.test(attribute(m[0], 'Type') ?? '')) needed.add(file);
    }
    const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => ({
      tag: m[0],
      name: attribute(m[0], 'name') ?? '',
      path: rels.get(attribute(m[0], 'r:id') ?? ''),
    }));
    names = sheets.map((s) => s.name);
    for (const sheet of sheets) if (wanted(sheet.name) && sheet.path) needed.add(sheet.path);
    const kept = (name: string) => needed.has(name);
    // What is inflated: the index, the shared strings and styles, and the sheets read (nothing else ever is).
    const inflated = entries.filter((e) => kept(e.name)).reduce((n, e) => n + e.size, 0);
    if (inflated > maxInflated) throw tooLarge(inflated);
    parts = unzipSync(file.bytes, { filter: (f) => kept(f.name) });
    let listed = workbook;
    for (const s of sheets) if (!wanted(s.name)) listed = listed.replace(s.tag, '');
    parts['xl/workbook.xml'] = strToU8(listed);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw corrupt(error);
  }
  if (!names.some(wanted)) return { sheets: [], names };
  const packed = zipSync(parts, { level: 0 });
  const buffer = packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength) as ArrayBuffer;
  try {
    const sheets = await readXlsxFile(buffer, { trim: true });
    return { sheets: sheets.map((s) => ({ name: s.sheet, rows: s.data as Cell[][] })), names };
  } catch (error) {
    throw corrupt(error);
  }
}
