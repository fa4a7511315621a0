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
    // The bundles were built before the tests (npm test runs npm run package first): vscode:prepublish is told so.
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, VMM_PREPUBLISH_BUILT: '1' },
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
      'dist/vmm.cjs',
      'THIRD-PARTY-NOTICES.md',
      'images/icon.png',
      'schemas/vmm.config.schema.json',
    ]) {
      assert.ok(entries.includes(required), `${required} is in the package`);
    }
    // The README's pictures show on the extension's page, which reads them from the package.
    const pictures = [...readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)]
      .map((m) => m[1])
      .filter((p) => !/^[a-z]+:/.test(p));
    assert.ok(pictures.length > 0);
    for (const picture of pictures) assert.ok(entries.includes(picture), `${picture} (shown in the README) is in the package`);
    // Every link of the README resolves inside the package or is an https address (the extension's page has no other).
    const links = [...readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
    assert.ok(links.length > 40, `${links.length} links`);
    const dead = links.filter((l) => !l.startsWith('#') && !l.startsWith('https://') && !entries.includes(decodeURIComponent(l.split('#')[0])));
    assert.deepEqual(dead, [], 'links of the README that do not resolve inside the package');
    // What the manifest points at is in the package too.
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      icon: string;
      contributes: Record<string, { path?: string; url?: string }[]>;
    };
    assert.ok(entries.includes(manifest.icon), manifest.icon);
    for (const [point, items] of Object.entries(manifest.contributes)) {
      if (!Array.isArray(items)) continue;
      for (const item of items) {
        for (const file of [item.path, item.url].filter((f): f is string => typeof f === 'string' && f.startsWith('./'))) {
          assert.ok(entries.includes(file.slice(2)), `${point}: ${file} is in the package`);
        }
      }
    }
    for (const e of entries) {
      assert.ok(!e.startsWith('node_modules/'), `${e}: no node_modules`);
      assert.ok(!/\.(ts|map)$/.test(e), `${e}: no sources or maps`);
      assert.ok(!/^(out|test|server|client|scripts)\//.test(e), `${e}: no build or test folders`);
      assert.ok(!e.startsWith('samples/') || e.endsWith('.vmm'), `${e}: only the samples themselves (the README and the walkthrough open them)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('vsce ls lists what the package holds: the bundles without their maps, the notices, the icon', () => {
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const listed = r.stdout.split('\n').filter((l) => l !== '');
  for (const file of [
    'dist/server.cjs',
    'dist/extension.cjs',
    'dist/vmm.cjs',
    'THIRD-PARTY-NOTICES.md',
    'images/icon.png',
    'README.md',
    'samples/topology.vmm',
    'docs/cli.md',
  ]) {
    assert.ok(listed.includes(file), `${file} listed`);
  }
  assert.deepEqual(
    listed.filter((f) => f.endsWith('.map') || f.endsWith('.ts') || f.startsWith('node_modules/')),
    [],
  );
});

test('the manifest: public repository, bugs and homepage; vscode:prepublish builds; no activation event VS Code derives itself', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    repository: { url: string };
    bugs: { url: string };
    homepage: string;
    scripts: Record<string, string>;
    activationEvents: string[];
    contributes: { languages: { id: string }[]; commands: { command: string }[] };
  };
  for (const url of [manifest.repository.url, manifest.bugs.url, manifest.homepage]) assert.match(url, /^https:\/\//);
  assert.equal(manifest.scripts['vscode:prepublish'], 'node scripts/prepublish.mjs');
  assert.match(readFileSync(path.join(root, 'scripts', 'prepublish.mjs'), 'utf8'), /'npm', \['run', 'build'\]/);
  // VS Code (1.74+) activates on a contributed language, command, task type or walkthrough by itself.
  const derived = new Set([
    ...manifest.contributes.languages.map((l) => `onLanguage:${l.id}`),
    ...manifest.contributes.commands.map((c) => `onCommand:${c.command}`),
    'onTaskType:vmm',
  ]);
  assert.deepEqual(
    manifest.activationEvents.filter((e) => derived.has(e)),
    [],
  );
});

test('the bundles are minified with their maps beside them (not linked), and THIRD-PARTY-NOTICES.md names every package they contain', () => {
  for (const bundle of ['vmm.cjs', 'server.cjs', 'extension.cjs']) {
    const text = readFileSync(path.join(root, 'dist', bundle), 'utf8');
    // Minified: long lines (what newlines remain are inside template literals).
    const lines = text.split('\n');
    assert.ok(text.length / lines.length > 1000, `${bundle}: ${lines.length} lines for ${text.length} characters, not minified`);
    assert.ok(!text.includes('sourceMappingURL'), `${bundle} links no map`);
    const map = JSON.parse(readFileSync(path.join(root, 'dist', `${bundle}.map`), 'utf8')) as { version: number; sources: string[] };
    assert.equal(map.version, 3);
    assert.ok(map.sources.some((s) => s.includes('server/src/') || s.includes('client/src/')));
  }
  const bundled = JSON.parse(readFileSync(path.join(root, 'dist', 'bundled-packages.json'), 'utf8')) as Record<string, string>;
  assert.ok('chevrotain' in bundled && 'vscode-languageclient' in bundled, Object.keys(bundled).join(', '));
  const notices = readFileSync(path.join(root, 'THIRD-PARTY-NOTICES.md'), 'utf8');
  for (const [name, version] of Object.entries(bundled)) assert.ok(notices.includes(`\n## ${name} ${version}\n`), `${name} ${version} in the notices`);
  assert.match(notices, /\| chevrotain \| [\d.]+ \| Apache-2\.0 \|/);
  assert.match(notices, /Apache License\s+Version 2\.0/);
});
