// npm run test:e2e (after npm run package): makes the tooling present (setup.mjs), then runs the
// end-to-end scenarios in code-server with node's test runner. Arguments go to `node --test`, e.g.
// `npm run test:e2e -- --test-name-pattern=rename`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { e2eDir, ensureTooling, root } from './setup.mjs';

const started = Date.now();
try {
  ensureTooling();
} catch (e) {
  process.stderr.write(`[e2e] ${e.message}\n`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-concurrency=1', ...process.argv.slice(2), join(e2eDir, 'code-server.test.mjs')],
  { stdio: 'inherit', cwd: root },
);
process.stderr.write(`[e2e] done in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in test/e2e/artifacts/\n`);
process.exit(result.status ?? 1);
