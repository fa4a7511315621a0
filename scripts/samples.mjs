// The main job on the bundled samples: checks each one with the CLI and prints what it says.
// Samples are meant to show findings, so errors in them are expected; only a crash (exit 2) fails.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const files = readdirSync('samples')
  .filter((f) => f.endsWith('.vmm'))
  .sort();
let crashed = false;
for (const file of files) {
  console.log(`\n== samples/${file}`);
  const r = spawnSync(process.execPath, ['dist/vmm.cjs', 'check', `samples/${file}`], { encoding: 'utf8' });
  process.stdout.write(r.stdout || '(no diagnostics)\n');
  process.stdout.write(r.stderr);
  if (r.status === 2) crashed = true;
}
process.exit(crashed ? 1 : 0);
