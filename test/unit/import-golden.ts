/**
 * The golden files of `vmm import` (test/golden/import/): each is what one command line writes on
 * standard output, run from the repository's root so that the paths it names are the same on every
 * machine. `npm run golden:update` rewrites them; review the diff.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vmmAsync } from '../../server/src/cli/testing.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const importGoldenDir = path.join(root, 'test', 'golden', 'import');
export const EXAMPLE1 = 'test/fixtures/import/example1/example1.xlsx';
const F = 'test/fixtures/import';

export const IMPORT_GOLDENS: readonly { file: string; args: string[] }[] = [
  { file: 'rvtools-csv.vmm', args: ['rvtools', `${F}/rvtools-plain`, `${F}/rvtools-second`] },
  { file: 'rvtools-csv-by-cluster.vmm', args: ['rvtools', `${F}/rvtools-plain`, '--site-by', 'cluster'] },
  { file: 'example1.vmm', args: ['rvtools', EXAMPLE1] },
  { file: 'libvirt.vmm', args: ['libvirt', `${F}/libvirt`, '--site', 'kvm east', '--dirtyrate', `${F}/dirtyrate.txt`] },
];

/** `vmm import ARGS` run from the repository's root. */
export async function runImportAtRoot(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const before = process.cwd();
  process.chdir(root);
  try {
    return await vmmAsync('import', ...args);
  } finally {
    process.chdir(before);
  }
}
