/** Figures as engineers read them: rates in bits per second, sizes in binary units, times in h/m/s. */

function trim(n: number, digits: number): string {
  const s = n.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function significant(n: number): string {
  if (n >= 100) return trim(n, 0);
  if (n >= 10) return trim(n, 1);
  return trim(n, 2);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never (does not converge)';
  if (seconds === 0) return '0 s';
  if (seconds < 1) return `${significant(seconds * 1000)} ms`;
  if (seconds < 60) return `${significant(seconds)} s`;
  const total = Math.round(seconds);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} m` : `${h} h`;
  return s > 0 ? `${m} m ${s} s` : `${m} m`;
}

/** bytes/s → Mbps or Gbps (bits). */
export function formatRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e12) return `${significant(bits / 1e12)} Tbps`;
  if (bits >= 1e9) return `${significant(bits / 1e9)} Gbps`;
  if (bits >= 1e6) return `${significant(bits / 1e6)} Mbps`;
  return `${significant(bits / 1e3)} Kbps`;
}

export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes)) return '∞';
  if (bytes >= 2 ** 40) return `${significant(bytes / 2 ** 40)} TiB`;
  if (bytes >= 2 ** 30) return `${significant(bytes / 2 ** 30)} GiB`;
  if (bytes >= 2 ** 20) return `${significant(bytes / 2 ** 20)} MiB`;
  if (bytes >= 2 ** 10) return `${significant(bytes / 2 ** 10)} KiB`;
  return `${trim(bytes, 0)} B`;
}

export function formatDistance(km: number): string {
  return `${significant(km)} km`;
}

export function formatPercent(fraction: number): string {
  return `${significant(fraction * 100)}%`;
}
