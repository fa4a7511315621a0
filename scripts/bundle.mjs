// Bundles the CLI, the language server and the extension client into dist/ as minified CommonJS,
// each with its source map beside it (dist/*.map, left out of the .vsix by .vscodeignore), and
// writes THIRD-PARTY-NOTICES.md: the licence of every package the bundles contain, read from the
// bundles' own metafiles (a test holds the file to what the bundles hold).
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const entries = [
  { in: 'server/src/cli/bin.ts', out: 'dist/vmm.cjs', banner: '#!/usr/bin/env node' },
  { in: 'server/src/main.ts', out: 'dist/server.cjs' },
  { in: 'client/src/extension.ts', out: 'dist/extension.cjs', external: ['vscode'] },
].filter((e) => existsSync(e.in));

const results = await Promise.all(
  entries.map((e) =>
    build({
      entryPoints: [e.in],
      outfile: e.out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: e.external ?? [],
      banner: e.banner ? { js: e.banner } : undefined,
      // The map beside the bundle, not linked from it: a stack trace can be mapped back, and the .vsix ships no map.
      sourcemap: 'external',
      sourcesContent: false,
      minify: true,
      // Class and function names kept: error messages and stacks still name them.
      keepNames: true,
      metafile: true,
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);

/** The package a bundled input belongs to (`node_modules/@scope/name/...`), the last node_modules in its path. */
function packageOf(input) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
  return m ? { name: m[1], dir: input.slice(0, m.index + m[0].length - 1).replace(/^\//, '') } : undefined;
}

/** The packages each bundle contains: name → { version, license, text of its licence file, bundles }. */
const packages = new Map();
results.forEach((result, i) => {
  for (const input of Object.keys(result.metafile.inputs)) {
    const found = packageOf(input);
    if (!found) continue;
    const known = packages.get(found.name);
    if (known) {
      known.bundles.add(entries[i].out);
      continue;
    }
    const manifest = JSON.parse(readFileSync(join(found.dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(found.dir).find((f) => /^(licen[sc]e|copying)(\.(md|txt))?$/i.test(f));
    packages.set(found.name, {
      version: manifest.version,
      license: typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'see its licence'),
      repository: typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url,
      text: licenseFile ? readFileSync(join(found.dir, licenseFile), 'utf8').trim() : undefined,
      bundles: new Set([entries[i].out]),
    });
  }
});

const sorted = [...packages.entries()].sort(([a], [b]) => a.localeCompare(b));
const notices = [
  '# Third-party notices',
  '',
  'The bundles of vmm (`dist/vmm.cjs`, `dist/server.cjs`, `dist/extension.cjs`) contain the code of the',
  'packages below, each under its own licence, reproduced here. This file is written by',
  '`scripts/bundle.mjs` from what esbuild put in the bundles.',
  '',
  '| package | version | licence | in |',
  '|---|---|---|---|',
  ...sorted.map(([name, p]) => `| ${name} | ${p.version} | ${p.license} | ${[...p.bundles].map((b) => b.replace('dist/', '')).join(', ')} |`),
  '',
  ...sorted.flatMap(([name, p]) => [
    `## ${name} ${p.version}`,
    '',
    `Licence: ${p.license}${p.repository ? ` · source: ${String(p.repository).replace(/^git\+/, '')}` : ''}`,
    '',
    p.text ? '```text\n' + p.text.replace(/```/g, "'''") + '\n```' : '(The package ships no licence file; its package.json names the licence above.)',
    '',
  ]),
].join('\n');
writeFileSync('THIRD-PARTY-NOTICES.md', notices);
writeFileSync(
  join(dirname(entries[0].out), 'bundled-packages.json'),
  JSON.stringify(Object.fromEntries(sorted.map(([n, p]) => [n, p.version])), null, 2) + '\n',
);
