// Makes the end-to-end tooling present: the Debian packages it needs and test/e2e/node_modules
// (code-server, playwright-core, @vscode/test-electron, pinned by test/e2e/package-lock.json).
// Installs what is missing when it can (root with apt-get; npm), otherwise stops naming exactly
// what is missing and how to get it. Run alone: `node test/e2e/setup.mjs`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, cpSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const e2eDir = dirname(fileURLToPath(import.meta.url));
export const root = join(e2eDir, '..', '..');
export const chromiumPath = process.env.VMM_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const codeServerEntry = join(e2eDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** What the run needs at all times, and what only installing code-server (native modules, ripgrep) needs. */
const RUN_PACKAGES = ['chromium', 'fonts-dejavu-core']; // the font: readable screenshots
const INSTALL_PACKAGES = ['ripgrep', 'build-essential', 'python3', 'pkg-config', 'libkrb5-dev'];

const log = (message) => process.stderr.write(`[e2e] ${message}\n`);

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** The lock file's hash, kept in node_modules after an install: a changed lock means a new install. */
const stamp = join(e2eDir, 'node_modules', '.vmm-e2e-lock');
const lockHash = () =>
  existsSync(join(e2eDir, 'package-lock.json'))
    ? createHash('sha256')
        .update(readFileSync(join(e2eDir, 'package-lock.json')))
        .digest('hex')
    : 'none';

export function toolingInstalled() {
  return (
    existsSync(codeServerEntry) &&
    existsSync(join(e2eDir, 'node_modules', 'playwright-core', 'package.json')) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === lockHash()
  );
}

/** The Debian packages: installed with apt-get when root, else a message naming them. */
function ensureSystemPackages(needInstall) {
  const wanted = needInstall ? [...RUN_PACKAGES, ...INSTALL_PACKAGES] : RUN_PACKAGES;
  const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
  let missing;
  if (hasDpkg) missing = wanted.filter((p) => !installed(p));
  else missing = existsSync(chromiumPath) && (!needInstall || spawnSync('rg', ['--version']).status === 0) ? [] : wanted;
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!hasDpkg || !isRoot || spawnSync('apt-get', ['--version']).status !== 0) {
    const how = hasDpkg
      ? `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`
      : `install the equivalents of the Debian packages ${missing.join(', ')} (set VMM_E2E_CHROMIUM to the Chromium binary if it is not /usr/bin/chromium)`;
    throw new Error(
      `the end-to-end tests need the Debian packages ${missing.join(', ')}, which are missing, and this is not root with apt-get, so they are not installed here. Install them: ${how}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/**
 * code-server's @vscode/ripgrep postinstall downloads ripgrep from GitHub; it looks first in a cache
 * under $TMPDIR. A tarball holding Debian's rg placed there makes the install work offline.
 */
function seedRipgrepCache(tmp) {
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) throw new Error(`${rg} is missing: install the Debian package ripgrep`);
  const staging = join(tmp, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  cpSync(rg, join(staging, 'rg'));
  chmodSync(join(staging, 'rg'), 0o755);
  const cache = join(tmp, 'vscode-ripgrep-cache-1.15.11');
  mkdirSync(cache, { recursive: true });
  const targets = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };
  const target = targets[process.arch];
  if (!target) throw new Error(`no ripgrep cache name known for ${process.arch}`);
  run('tar', ['czf', join(cache, `ripgrep-v13.0.0-10-${target}.tar.gz`), '-C', staging, 'rg']);
}

/** test/e2e/node_modules from the lock file (npm ci), or from package.json when there is no lock yet. */
function ensureNodeModules() {
  if (toolingInstalled()) return;
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'vmm-e2e-install-'));
  try {
    seedRipgrepCache(tmp);
    const env = {
      ...process.env,
      TMPDIR: tmp,
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
      npm_config_yes: 'true', // a postinstall runs `npx node-gyp`, which asks without a TTY
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
    };
    const lock = existsSync(join(e2eDir, 'package-lock.json'));
    log(`installing the e2e tooling into test/e2e/node_modules (npm ${lock ? 'ci' : 'install'}; about 2 minutes)`);
    run('npm', [lock ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: e2eDir, env });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(stamp, lockHash());
  if (!toolingInstalled()) throw new Error('npm finished but code-server or playwright-core is not in test/e2e/node_modules');
  log(`e2e tooling installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export function ensureTooling() {
  const needInstall = !toolingInstalled();
  ensureSystemPackages(needInstall);
  ensureNodeModules();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensureTooling();
  } catch (e) {
    log(e.message);
    process.exit(1);
  }
}
