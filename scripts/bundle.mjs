// Bundles the CLI (and, when present, the language server and the extension client) into dist/ as CommonJS.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'server/src/cli/bin.ts', out: 'dist/vmm.cjs', banner: '#!/usr/bin/env node' },
  { in: 'server/src/main.ts', out: 'dist/server.cjs' },
  { in: 'client/src/extension.ts', out: 'dist/extension.cjs', external: ['vscode'] },
].filter((e) => existsSync(e.in));

await Promise.all(
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
      sourcemap: false,
      minify: false,
      logLevel: 'warning',
    }),
  ),
);
