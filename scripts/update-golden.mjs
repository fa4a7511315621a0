// Regenerates the golden files from the current checker. A deliberate act: review the diff.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderSample } from '../out/test/unit/golden.js';

const golden = path.join('test', 'golden', 'samples');
mkdirSync(golden, { recursive: true });
for (const file of readdirSync('samples').filter((f) => f.endsWith('.vmm')).sort()) {
  const target = path.join(golden, file.replace(/\.vmm$/, '.diagnostics.txt'));
  writeFileSync(target, renderSample(file));
  console.log(`wrote ${target}`);
}
