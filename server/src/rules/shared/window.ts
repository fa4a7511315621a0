import { formatRate } from '../../format.js';

// What VMM107 (the TCP window) says about rates, kept apart so that other rules can state a window
// the same way.

function significant(n: number): string {
  const digits = n >= 100 ? 0 : n >= 10 ? 1 : 2;
  const s = n.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * bytes/s in decimal byte units (`26.2 MB/s`, `1.25 GB/s`): what a window divided by an RTT gives,
 * so that an engineer can redo the division (4 MiB ÷ 0.16 s = 26.2 MB/s).
 */
export function formatByteRate(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1e12) return `${significant(bytesPerSecond / 1e12)} TB/s`;
  if (bytesPerSecond >= 1e9) return `${significant(bytesPerSecond / 1e9)} GB/s`;
  if (bytesPerSecond >= 1e6) return `${significant(bytesPerSecond / 1e6)} MB/s`;
  if (bytesPerSecond >= 1e3) return `${significant(bytesPerSecond / 1e3)} kB/s`;
  return `${significant(bytesPerSecond)} B/s`;
}

/** A rate in bytes, then in bits as links are written: `26.2 MB/s (210 Mbps)`. */
export function formatBothRates(bytesPerSecond: number): string {
  return `${formatByteRate(bytesPerSecond)} (${formatRate(bytesPerSecond)})`;
}
