// `vscode:prepublish`, run by `vsce package` and `vsce publish`: builds the bundles the package
// ships. VMM_PREPUBLISH_BUILT=1 says they were just built (the package test, after `npm run build`),
// so that a test does not rebuild dist/ under the feet of the tests running beside it.
import { spawnSync } from 'node:child_process';

if (process.env.VMM_PREPUBLISH_BUILT !== '1') {
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(r.status ?? 1);
}
