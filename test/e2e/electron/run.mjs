// The same scenarios in a downloaded VS Code (Electron) through @vscode/test-electron 2.5.x, for a
// machine that can download VS Code (it cannot run on the offline CI machine). `npm run
// test:e2e:electron` builds first; on Linux without a display, run it under `xvfb-run -a`.
//   VMM_E2E_VSCODE   the VS Code version (default 1.100.3, the one code-server 4.100.3 embeds;
//                    'stable' for the newest)
//   VMM_E2E_ONLY     a regular expression: only the scenarios whose titles match
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const e2e = join(here, '..');
const root = join(e2e, '..', '..');
const require = createRequire(join(e2e, 'package.json'));

let testElectron;
try {
  testElectron = require('@vscode/test-electron');
} catch {
  console.error(
    '[e2e] @vscode/test-electron is not installed in test/e2e/node_modules: run `npm ci --prefix test/e2e` (or `node test/e2e/setup.mjs` on Debian)',
  );
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'extension.cjs')) || !existsSync(join(root, 'dist', 'server.cjs'))) {
  console.error('[e2e] dist/extension.cjs or dist/server.cjs is missing: run npm run build first');
  process.exit(1);
}

const home = mkdtempSync(join(tmpdir(), 'vmm-e2e-electron-'));
const workspace = join(home, 'workspace');
const logs = join(home, 'logs');
cpSync(join(root, 'samples'), workspace, { recursive: true });
mkdirSync(logs, { recursive: true });
let code = 1;
try {
  code = await testElectron.runTests({
    version: process.env.VMM_E2E_VSCODE ?? '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(here, 'suite.cjs'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-telemetry',
      '--user-data-dir',
      join(home, 'user-data'),
      '--logsPath',
      logs,
    ],
    extensionTestsEnv: { VMM_E2E_LOGS: logs, VMM_E2E_ONLY: process.env.VMM_E2E_ONLY ?? '' },
  });
} catch (error) {
  console.error(`[e2e] the test-electron run failed: ${error?.message ?? error}`);
  if (readdirSync(logs).length > 0) {
    const artifacts = join(e2e, 'artifacts', 'electron-logs');
    rmSync(artifacts, { recursive: true, force: true });
    cpSync(logs, artifacts, { recursive: true });
    console.error(`[e2e] VS Code's logs: ${artifacts}`);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
process.exit(code);
