// Starts code-server (VS Code 1.100.3 in the browser) in a throwaway home: its own user-data,
// extensions and config folders, HOME/XDG/TMPDIR pointed inside it (code-server writes there on
// every start), on a free port of 127.0.0.1, with the extension installed from the .vsix.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry } from '../setup.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** User settings that keep the window quiet and the run deterministic. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'files.refactoring.autoSave': false,
  'window.commandCenter': false,
  'workbench.editor.enablePreview': false,
  'problems.defaultViewMode': 'list',
  'problems.sortOrder': 'position',
};

export class CodeServer {
  /** @param {{ vsix: string }} options */
  static async start({ vsix }) {
    const cs = new CodeServer();
    await cs.#start(vsix);
    return cs;
  }

  #child;
  #onExit;
  output = '';

  async #start(vsix) {
    this.home = mkdtempSync(join(tmpdir(), 'vmm-e2e-'));
    const dir = (name) => {
      const p = join(this.home, name);
      mkdirSync(p, { recursive: true });
      return p;
    };
    this.userDataDir = dir('user-data');
    this.extensionsDir = dir('extensions');
    this.workspaces = dir('workspaces');
    this.config = join(this.home, 'config.yaml');
    writeFileSync(this.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    mkdirSync(join(this.userDataDir, 'User'), { recursive: true });
    writeFileSync(join(this.userDataDir, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    this.env = {
      ...process.env,
      HOME: dir('home'),
      XDG_CONFIG_HOME: dir('xdg-config'),
      XDG_DATA_HOME: dir('xdg-data'),
      XDG_CACHE_HOME: dir('xdg-cache'),
      TMPDIR: dir('tmp'),
      // Not inherited from a VS Code terminal or a test-electron run.
      VSCODE_IPC_HOOK_CLI: '',
      ELECTRON_RUN_AS_NODE: '',
    };
    const common = ['--config', this.config, '--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir];
    const install = spawnSync(process.execPath, [codeServerEntry, ...common, '--install-extension', vsix], { env: this.env, encoding: 'utf8' });
    this.output += `$ code-server --install-extension ${vsix}\n${install.stdout}${install.stderr}\n`;
    if (install.status !== 0 || !readdirSync(this.extensionsDir).some((d) => d.startsWith('vmm.vmm-'))) {
      throw new Error(`code-server could not install ${vsix}:\n${install.stdout}${install.stderr}`);
    }
    this.port = await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    this.#child = spawn(
      process.execPath,
      [
        codeServerEntry,
        ...common,
        '--bind-addr',
        `127.0.0.1:${this.port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--log',
        'debug',
      ],
      // Its own process group, so that stop() ends the extension hosts and language servers too.
      { env: this.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    const group = this.#child.pid;
    this.#onExit = () => {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.once('exit', this.#onExit);
    this.#child.stdout.on('data', (d) => (this.output += d));
    this.#child.stderr.on('data', (d) => (this.output += d));
    const exited = new Promise((_, reject) =>
      this.#child.once('exit', (code, signal) => reject(new Error(`code-server exited (${code ?? signal}) before it listened:\n${this.output}`))),
    );
    const deadline = Date.now() + 60_000;
    const ready = (async () => {
      for (;;) {
        try {
          const r = await fetch(`${this.url}/healthz`);
          if (r.ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`code-server did not answer on ${this.url} within 60 s:\n${this.output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await Promise.race([ready, exited]);
    this.#child.removeAllListeners('exit');
  }

  /** A workspace folder for a scenario (filled by fill(folder)), and the URL that opens it. */
  workspace(name, fill) {
    const folder = join(this.workspaces, name);
    fill(folder);
    return { folder, url: `${this.url}/?folder=${encodeURIComponent(folder)}` };
  }

  /** The folder the .vsix was installed into. */
  get extensionDir() {
    const name = readdirSync(this.extensionsDir).find((d) => d.startsWith('vmm.vmm-'));
    return join(this.extensionsDir, name);
  }

  /**
   * The URL of a window that runs an extension-host test module (what @vscode/test-electron does
   * with --extensionTestsPath; the web workbench takes it as `payload`), with the installed
   * extension as the development extension and env in the extension host's environment.
   */
  testUrl(folder, testsPath, env) {
    const remote = (p) => `vscode-remote://127.0.0.1:${this.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(this.extensionDir)],
      ['extensionTestsPath', remote(testsPath)],
      ['extensionEnvironment', JSON.stringify(env)],
    ];
    return `${this.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }

  /** code-server's log folder (extension-host logs and the extensions' output channels). */
  get logsDir() {
    return join(this.userDataDir, 'logs');
  }

  /** Copies code-server's output and its log folder (extension hosts included) into `to`. */
  saveLogs(to) {
    mkdirSync(to, { recursive: true });
    writeFileSync(join(to, 'code-server.log'), this.output);
    if (existsSync(this.logsDir)) cpSync(this.logsDir, join(to, 'logs'), { recursive: true });
  }

  async stop() {
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    // Whatever of its group is left (extension hosts, language servers).
    this.#onExit?.();
    if (this.#onExit) process.off('exit', this.#onExit);
    if (process.env.VMM_E2E_KEEP !== '1') rmSync(this.home, { recursive: true, force: true });
  }
}
