/** What `VMM: Import Inventory…` decides from file names alone (no vscode here, so it is tested as it is). */
import * as path from 'node:path';

export type Kind = 'rvtools' | 'libvirt';

/** The kind the files are, when their extensions say it. */
export function kindOfFiles(files: readonly string[]): Kind | undefined {
  if (files.length === 0) return undefined;
  if (files.every((f) => /\.xml$/i.test(f))) return 'libvirt';
  if (files.every((f) => /\.(xlsx|csv)$/i.test(f))) return 'rvtools';
  return undefined;
}

/** Where the `.vmm` goes: beside the first file, named after the workbook, the CSV files' folder, or the site. */
export function outputPath(kind: Kind, files: readonly string[], site?: string): string {
  const first = files[0];
  const folder = path.dirname(first);
  if (kind === 'libvirt') return path.join(folder, `${(site ?? 'libvirt').replace(/[^A-Za-z0-9_.-]/g, '-')}.vmm`);
  if (/\.xlsx$/i.test(first)) return path.join(folder, `${path.basename(first).replace(/\.xlsx$/i, '')}.vmm`);
  return path.join(folder, `${path.basename(folder) || 'rvtools'}.vmm`);
}
