// Runs every test with node's own runner: unit tests compiled beside their sources in out/, and
// the .mjs tests under test/. Node 20 has no glob in --test, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, pattern, found = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (entry === 'node_modules' || entry === 'e2e') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) find(path, pattern, found);
    else if (pattern.test(entry)) found.push(path);
  }
  return found;
}

const files = [...find('out', /\.test\.js$/), ...find('test', /\.test\.mjs$/)].sort();
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], { stdio: 'inherit' });
process.exit(result.status ?? 1);
