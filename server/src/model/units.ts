/** Units of spec §2, each with its dimension and its factor to the canonical unit. */
export type Dimension = 'time' | 'size' | 'rate' | 'distance' | 'ratio';

export interface Unit {
  dimension: Dimension;
  /** Multiply by this to get seconds, bytes, bytes/s, km or a fraction. */
  factor: number;
}

const table: [string, Dimension, number][] = [
  ['ms', 'time', 1e-3],
  ['s', 'time', 1],
  ['m', 'time', 60],
  ['min', 'time', 60],
  ['h', 'time', 3600],
  ['d', 'time', 86400],
  ['B', 'size', 1],
  ['KB', 'size', 1e3],
  ['kB', 'size', 1e3],
  ['MB', 'size', 1e6],
  ['GB', 'size', 1e9],
  ['TB', 'size', 1e12],
  ['KiB', 'size', 2 ** 10],
  ['MiB', 'size', 2 ** 20],
  ['GiB', 'size', 2 ** 30],
  ['TiB', 'size', 2 ** 40],
  ['Kbps', 'rate', 1e3 / 8],
  ['kbps', 'rate', 1e3 / 8],
  ['Mbps', 'rate', 1e6 / 8],
  ['Gbps', 'rate', 1e9 / 8],
  ['Tbps', 'rate', 1e12 / 8],
  ['B/s', 'rate', 1],
  ['KB/s', 'rate', 1e3],
  ['kB/s', 'rate', 1e3],
  ['MB/s', 'rate', 1e6],
  ['GB/s', 'rate', 1e9],
  ['TB/s', 'rate', 1e12],
  ['KiB/s', 'rate', 2 ** 10],
  ['MiB/s', 'rate', 2 ** 20],
  ['GiB/s', 'rate', 2 ** 30],
  ['TiB/s', 'rate', 2 ** 40],
  ['km', 'distance', 1],
  ['mi', 'distance', 1.609344],
  ['%', 'ratio', 0.01],
];

export const units: ReadonlyMap<string, Unit> = new Map(table.map(([name, dimension, factor]) => [name, { dimension, factor }]));

export const unitNames: readonly string[] = table.map(([name]) => name);

export function unitsOf(dimension: Dimension): string[] {
  return table.filter(([, d]) => d === dimension).map(([name]) => name);
}

export const dimensionWords: Record<Dimension, string> = {
  time: 'a time',
  size: 'a data size',
  rate: 'a data rate',
  distance: 'a distance',
  ratio: 'a percentage',
};

export const exampleUnits: Record<Dimension, string> = {
  time: 'ms, s, min, h, d',
  size: 'MB, GB, GiB, TiB',
  rate: 'Mbps, Gbps, MB/s, MiB/s',
  distance: 'km, mi',
  ratio: '%',
};
