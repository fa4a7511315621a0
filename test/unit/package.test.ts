import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Names in a zip's central directory (signature 0x02014b50). */
function zipEntries(zip: Buffer): string[] {
  const names: string[] = [];
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (zip.readUInt32LE(i) !== 0x02014b50) continue;
    const nameLength = zip.readUInt16LE(i + 28);
    const extraLength = zip.readUInt16LE(i + 30);
    const commentLength = zip.readUInt16LE(i + 32);
    names.push(zip.toString('utf8', i + 46, i + 46 + nameLength));
    i += 46 + nameLength + extraLength + commentLength - 1;
  }
  return names;
}

test('the .vsix holds the bundles and static contributions, and no node_modules, sources or maps', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-vsix-'));
  try {
    const out = path.join(dir, 'vmm.vsix');
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const entries = zipEntries(readFileSync(out))
      .filter((e) => e.startsWith('extension/'))
      .map((e) => e.slice('extension/'.length));
    for (const required of [
      'package.json',
      'readme.md',
      'LICENSE.txt',
      'changelog.md',
      'dist/extension.cjs',
      'dist/server.cjs',
      'dist/vmm.cjs',
      'grammar/vmm.tmLanguage.json',
      'snippets/vmm.json',
      'language-configuration.json',
      'docs/rules/VMM301.md',
    ]) {
      assert.ok(entries.includes(required), `${required} is in the package`);
    }
    // The README's pictures show on the extension's page, which reads them from the package.
    const pictures = [...readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)]
      .map((m) => m[1])
      .filter((p) => !/^[a-z]+:/.test(p));
    assert.ok(pictures.length > 0);
    for (const picture of pictures) assert.ok(entries.includes(picture), `${picture} (shown in the README) is in the package`);
    for (const e of entries) {
      assert.ok(!e.startsWith('node_modules/'), `${e}: no node_modules`);
      assert.ok(!/\.(ts|map)$/.test(e), `${e}: no sources or maps`);
      assert.ok(!/^(out|test|server|client|scripts|samples)\//.test(e), `${e}: no build or test folders`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
