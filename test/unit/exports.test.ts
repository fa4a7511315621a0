import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportExtension, exportGoldenDir, renderExports, samplesDir } from './golden.js';
import { exportFormats } from '../../server/src/plan/exports/index.js';

// Each sample has its exports (spec §12) pinned, one per format whose tool runs one of its
// intents; `npm run golden:update` regenerates them (review the diff).
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.vmm'))
  .sort();

for (const file of samples) {
  test(`sample ${file}: its exports match the golden files, and a format with nothing to run has none`, () => {
    const exported = renderExports(file);
    for (const format of exportFormats) {
      const golden = path.join(exportGoldenDir, file.replace(/\.vmm$/, `.${exportExtension[format]}`));
      const text = exported[format];
      if (text === undefined) {
        assert.ok(!existsSync(golden), `${golden} is stale: ${file} has no ${format} export; run npm run golden:update`);
        continue;
      }
      assert.ok(existsSync(golden), `missing golden export ${golden}: run npm run golden:update and review it`);
      assert.equal(text, readFileSync(golden, 'utf8'));
    }
  });
}

test('every golden export belongs to a sample and a format', () => {
  const names = new Set(samples.map((f) => f.replace(/\.vmm$/, '')));
  const extensions = Object.values(exportExtension);
  const orphans = readdirSync(exportGoldenDir).filter((f) => {
    const ext = extensions.find((e) => f.endsWith(`.${e}`));
    return !ext || !names.has(f.slice(0, -ext.length - 1));
  });
  assert.deepEqual(orphans, []);
});

test('each format has at least one sample to export, and the kvm sample exports to virsh and forklift, not powercli', () => {
  const all = samples.map(renderExports);
  for (const format of exportFormats)
    assert.ok(
      all.some((e) => e[format] !== undefined),
      `no sample exports to ${format}`,
    );
  const kvm = renderExports('kvm-libvirt.vmm');
  assert.deepEqual(Object.keys(kvm).sort(), ['forklift', 'virsh']);
  assert.equal(renderExports('metro-optimize.vmm').virsh, undefined);
});

test("the README's export excerpts are cut from the golden exports", () => {
  const readme = readFileSync(path.join(samplesDir, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Exports for the tools that migrate'));
  const excerpts = [
    ...section.matchAll(/^(virsh|PowerCLI|Forklift) \(`vmm plan samples\/([\w-]+)\.vmm --format (\w+)`, excerpt\):\n\n```\w+\n([\s\S]*?)```$/gm),
  ];
  assert.deepEqual(
    excerpts.map((m) => m[3]),
    ['virsh', 'powercli', 'forklift'],
  );
  for (const [, , sample, format, text] of excerpts) {
    const golden = readFileSync(path.join(exportGoldenDir, `${sample}.${exportExtension[format as keyof typeof exportExtension]}`), 'utf8');
    for (const part of text.split(/^ *…\n/m)) assert.ok(golden.includes(part), `README excerpt of ${sample} ${format} is not in its golden:\n${part}`);
  }
});
