// Renders the topology of a .vmm file (errors and all, as the editor's view does) to SVG, then to
// PNG with Debian's headless Chromium (apt-get install -y chromium), after `npm run build`:
//   node scripts/topology-screenshot.mjs test/fixtures/topology/estate-100.vmm docs/images/topology-100.png
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check } from '../out/server/src/checker.js';
import { nodeFileSystem } from '../out/server/src/node-fs.js';
import { topologySvg } from '../out/server/src/plan/svg.js';

const [source, png] = process.argv.slice(2);
const file = path.resolve(source);
const svg = topologySvg(check(file, readFileSync(file, 'utf8'), { workspace: process.cwd(), fs: nodeFileSystem }));
const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg);
const dir = mkdtempSync(path.join(tmpdir(), 'vmm-shot-'));
try {
  writeFileSync(path.join(dir, 'topology.svg'), svg);
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];
  flags.push('--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(dir, 'profile')}`, '--hide-scrollbars');
  const r = spawnSync(
    'chromium',
    [...flags, `--window-size=${width},${height}`, `--screenshot=${path.resolve(png)}`, pathToFileURL(path.join(dir, 'topology.svg')).href],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (r.status !== 0) throw new Error(`chromium: ${r.error?.message ?? r.stderr}`);
  console.log(`${png}: ${width} × ${height}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
