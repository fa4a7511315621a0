/**
 * A sheet as rows of cells, read from a workbook or a CSV file, with its columns found by name:
 * either header style RVTools writes (`Memory`, `vInfoMemory`), without regard to case or
 * surrounding spaces (spec §11).
 */

export type Cell = string | number | boolean | Date | null | undefined;

export interface Sheet {
  /** The sheet's name as RVTools calls it (`vInfo`). */
  name: string;
  /** Where it came from, for messages: `example1.xlsx sheet vInfo`, `RVTools_tabvInfo.csv`. */
  where: string;
  /** The file, for messages. */
  file: string;
  header: Cell[];
  /** Data rows with what names them in messages (`row 12`, `line 12`). */
  rows: { at: string; cells: Cell[] }[];
}

/** A column: its plain name and its prefixed name. */
export interface Column {
  plain: string;
  prefixed: string;
}

export const col = (plain: string, prefixed: string): Column => ({ plain, prefixed });

const key = (header: Cell) => (header === null || header === undefined ? '' : String(header).trim().toLowerCase());

/** The cells of a sheet by column, and the values they hold. */
export class Columns {
  private readonly index: ReadonlyMap<string, number>;

  constructor(readonly sheet: Sheet) {
    const index = new Map<string, number>();
    sheet.header.forEach((h, i) => {
      const k = key(h);
      if (k !== '' && !index.has(k)) index.set(k, i);
    });
    this.index = index;
  }

  has(column: Column): boolean {
    return this.at(column) !== undefined;
  }

  private at(column: Column): number | undefined {
    return this.index.get(column.plain.toLowerCase()) ?? this.index.get(column.prefixed.toLowerCase());
  }

  /** The columns of `wanted` this sheet lacks, named both ways (`VM (vInfoVMName)`). */
  missing(wanted: readonly Column[]): string[] {
    return wanted.filter((c) => !this.has(c)).map((c) => `${c.plain} (${c.prefixed})`);
  }

  /** The cell's text, trimmed; undefined when empty. */
  text(cells: readonly Cell[], column: Column): string | undefined {
    const i = this.at(column);
    if (i === undefined) return undefined;
    const value = cells[i];
    if (value === null || value === undefined) return undefined;
    const text = value instanceof Date ? value.toISOString() : String(value).trim();
    return text === '' ? undefined : text;
  }

  /** The cell as a number: undefined when empty, NaN when it holds something else. */
  number(cells: readonly Cell[], column: Column): number | undefined {
    const i = this.at(column);
    if (i === undefined) return undefined;
    const value = cells[i];
    if (typeof value === 'number') return value;
    const text = this.text(cells, column);
    if (text === undefined) return undefined;
    return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  }

  /** The cell as a boolean (`True`, `False`, as RVTools writes them): undefined when empty or anything else. */
  flag(cells: readonly Cell[], column: Column): boolean | undefined {
    const i = this.at(column);
    if (i === undefined) return undefined;
    const value = cells[i];
    if (typeof value === 'boolean') return value;
    const text = this.text(cells, column)?.toLowerCase();
    return text === 'true' ? true : text === 'false' ? false : undefined;
  }
}

/** Whether a row holds nothing at all (a workbook's formatted but empty rows). */
export function emptyRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
}
