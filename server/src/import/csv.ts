/**
 * A CSV file RVTools writes, one per sheet: UTF-8 (a BOM allowed), CRLF or LF, comma-separated (or
 * semicolon or tab, as the header line shows). Anything but UTF-8 is refused rather than decoded
 * into replacement characters.
 */
import { parse } from 'csv-parse/sync';
import { ImportError, type SourceFile } from './inventory.js';
import type { Cell } from './table.js';

export interface CsvTable {
  header: Cell[];
  rows: { at: string; cells: Cell[] }[];
}

/** The text of a UTF-8 file, or an ImportError saying what it is instead. */
export function utf8Text(file: SourceFile): string {
  const bytes = file.bytes;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportError(file.path, 'is UTF-16 text, not UTF-8; export it again as UTF-8 (Excel: "CSV UTF-8")');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // The first byte that breaks UTF-8: a prefix that decodes (as the start of a stream) stays so when cut shorter.
    const decodes = (n: number) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
        return true;
      } catch {
        return false;
      }
    };
    if (decodes(bytes.length)) throw new ImportError(file.path, 'is not UTF-8 (it ends inside a multi-byte sequence); export it again as UTF-8');
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const mid = Math.floor((good + bad) / 2);
      if (decodes(mid)) good = mid;
      else bad = mid;
    }
    const first = good;
    const line = bytes.subarray(0, first).filter((b) => b === 0x0a).length + 1;
    const hex = (bytes[first] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new ImportError(file.path, `is not UTF-8 (byte 0x${hex} on line ${line}); export it again as UTF-8`);
  }
}

/** The delimiter of the header line: the most frequent of comma, semicolon and tab outside quotes. */
function delimiterOf(text: string): string {
  const end = text.search(/\r?\n/);
  const line = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/**
 * The header and rows of a CSV file. A record that cannot be read (an unclosed quote) is skipped and
 * named in `skipped` with its line.
 */
export function readCsv(file: SourceFile, skipped: string[]): CsvTable {
  const text = utf8Text(file);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        // `records` counts the header and the records read before this one.
        const at = error && typeof error.records === 'number' ? ` record ${error.records + 1}` : '';
        const why =
          error?.code === 'CSV_QUOTE_NOT_CLOSED'
            ? 'a quote opens there and is never closed (the rest of the file is that record)'
            : (error?.message ?? 'a record that cannot be read');
        skipped.push(`${file.path}${at}: ${why}; skipped`);
        return undefined;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new ImportError(file.path, `is not a CSV file that can be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const [first, ...rest] = records;
  if (!first) throw new ImportError(file.path, 'is empty: no header line');
  return { header: first.record, rows: rest.map((r) => ({ at: `line ${r.info.lines}`, cells: r.record })) };
}
