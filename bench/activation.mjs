// Extension activation time, outside VS Code. Loads the bundled client (dist/extension.cjs, from
// `npm run build`) in a plain node process, with a stub in place of the `vscode` module, and
// times what VS Code times when it activates an extension:
//
//   load      require('dist/extension.cjs')               VS Code's codeLoadingTime
//   call      activate(context), until it returns          VS Code's activateCallTime
//   resolve   from that return until its promise resolves  VS Code's activateResolvedTime
//
// VS Code's "Activation: N ms" (Developer: Show Running Extensions) is load + call; `resolve` is
// shown apart, in Developer: Startup Performance. Here `activate` awaits client.start(), so
// `resolve` is the real language client forking the real dist/server.cjs over IPC, the
// initialize/initialized handshake, and the client registering the features the server announced
// (against the stub). Each run is a fresh node process; the figures are medians of the runs.
//
// Not included: node's own start-up and the extension host's (VS Code has both running before it
// activates anything), reading package.json and resolving the activation event, the real `vscode`
// API's cost behind each call (the stub returns at once), and the first check of an open document
// (no document is open). Not a test: it prints figures.
//
//   node bench/activation.mjs [RUNS]     (default 10)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'extension.cjs');
const server = path.join(root, 'dist', 'server.cjs');

if (process.argv[2] === '--child') await child();
else parent(Number(process.argv[2] ?? 10));

function parent(runs) {
  for (const file of [bundle, server]) {
    if (!existsSync(file)) {
      console.error(`${path.relative(root, file)} is missing: run npm run build first`);
      process.exit(2);
    }
  }
  const samples = [];
  // One run at a time: the machine may be measuring something else too.
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) {
      console.error(`run ${i + 1} failed (status ${r.status}):\n${r.stderr}${r.stdout}`);
      process.exit(1);
    }
    samples.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }
  const median = (key) => {
    const xs = samples.map((s) => s[key]).sort((a, b) => a - b);
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  };
  const range = (key) => {
    const xs = samples.map((s) => s[key]);
    return `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
  };
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  const size = (file) => `${(statSync(file).size / 1024).toFixed(0)} KiB`;
  const rows = [
    ['require dist/extension.cjs (codeLoadingTime)', 'load'],
    ['activate() until it returns (activateCallTime)', 'call'],
    ['**load + call: what VS Code shows as activation**', 'activation'],
    ['activate() promise resolves (activateResolvedTime: server forked, initialized)', 'resolve'],
    ['load + call + resolve', 'total'],
  ];
  console.log(`Extension activation, median of ${runs} runs, each in a fresh node ${process.version} process (vscode stubbed)\n`);
  console.log('| step | median | range |');
  console.log('|---|---:|---:|');
  for (const [label, key] of rows) console.log(`| ${label} | ${fmt(median(key))} | ${range(key)} |`);
  console.log(`\nEach run forked dist/server.cjs once and registered ${samples[0].registered} language providers after the handshake.`);
  console.log(`\nBundle: dist/extension.cjs ${size(bundle)} (the client; the server, dist/server.cjs, ${size(server)}, runs in its own process).`);
}

async function child() {
  const require = createRequire(import.meta.url);
  const Module = require('node:module');
  const vscode = stub();
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  // Evidence that the real server ran: one fork of dist/server.cjs, and the providers the client
  // registers only once the server's initialize result has named its capabilities.
  const cp = require('node:child_process');
  const fork = cp.fork;
  const forked = [];
  cp.fork = function (module, ...rest) {
    forked.push(module);
    return fork.call(this, module, ...rest);
  };
  const subscriptions = [];
  const context = {
    subscriptions,
    extensionPath: root,
    extensionUri: vscode.Uri.file(root),
    asAbsolutePath: (relative) => path.join(root, relative),
    globalState: memento(),
    workspaceState: memento(),
    environmentVariableCollection: {},
    extensionMode: 1,
    logUri: vscode.Uri.file(path.join(root, 'out')),
    storageUri: undefined,
    globalStorageUri: vscode.Uri.file(path.join(root, 'out')),
  };

  const t0 = performance.now();
  const extension = require(bundle);
  const t1 = performance.now();
  const pending = extension.activate(context);
  const t2 = performance.now();
  await pending;
  const t3 = performance.now();

  await extension.deactivate();
  for (const d of subscriptions) d?.dispose?.();
  const load_ = t1 - t0;
  const call = t2 - t1;
  const resolve = t3 - t2;
  const registered = vscode.languages.registered;
  if (forked.length !== 1 || path.resolve(forked[0]) !== server || registered === 0) {
    console.error(`the server did not start as expected: forked ${JSON.stringify(forked)}, ${registered} provider(s) registered`);
    process.exit(1);
  }
  console.log(JSON.stringify({ load: load_, call, activation: load_ + call, resolve, total: t3 - t0, registered }));
  process.exit(0);
}

function memento() {
  const values = new Map();
  return {
    get: (k, d) => (values.has(k) ? values.get(k) : d),
    update: async (k, v) => void values.set(k, v),
    keys: () => [...values.keys()],
    setKeysForSync() {},
  };
}

/**
 * A stand-in for the `vscode` module: the classes and calls the extension and vscode-languageclient
 * use while loading and starting, each doing nothing (or the least that lets start-up go on);
 * anything else is a callable, extendable placeholder.
 */
function stub() {
  class Disposable {
    constructor(f) {
      this.f = f;
    }
    static from(...ds) {
      return new Disposable(() => ds.forEach((d) => d?.dispose?.()));
    }
    dispose() {
      this.f?.();
      this.f = undefined;
    }
  }
  const none = () => new Disposable();
  class EventEmitter {
    listeners = new Set();
    event = (listener) => {
      this.listeners.add(listener);
      return new Disposable(() => this.listeners.delete(listener));
    };
    fire(e) {
      for (const l of this.listeners) l(e);
    }
    dispose() {
      this.listeners.clear();
    }
  }
  class Uri {
    constructor(scheme, authority, p, query, fragment) {
      Object.assign(this, { scheme, authority, path: p, query, fragment });
    }
    static file(p) {
      return new Uri('file', '', p.split(path.sep).join('/'), '', '');
    }
    static parse(s) {
      const u = new URL(s);
      return new Uri(u.protocol.slice(0, -1), u.host, decodeURIComponent(u.pathname), u.search.slice(1), u.hash.slice(1));
    }
    static joinPath(u, ...parts) {
      return u.with({ path: path.posix.join(u.path, ...parts) });
    }
    get fsPath() {
      return this.path;
    }
    with(change) {
      return new Uri(
        change.scheme ?? this.scheme,
        change.authority ?? this.authority,
        change.path ?? this.path,
        change.query ?? this.query,
        change.fragment ?? this.fragment,
      );
    }
    toString() {
      return `${this.scheme}://${this.authority}${this.path}`;
    }
    toJSON() {
      return { scheme: this.scheme, authority: this.authority, path: this.path, query: this.query, fragment: this.fragment };
    }
  }
  const outputChannel = (name) => {
    const noop = () => {};
    return {
      name,
      append: noop,
      appendLine: noop,
      replace: noop,
      clear: noop,
      show: noop,
      hide: noop,
      dispose: noop,
      trace: noop,
      debug: noop,
      info: noop,
      warn: noop,
      error: noop,
      logLevel: 0,
      onDidChangeLogLevel: none,
    };
  };
  const configuration = () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => {} });
  const diagnostics = () => {
    const map = new Map();
    return {
      name: 'vmm',
      set: (u, d) => map.set(String(u), d),
      delete: (u) => map.delete(String(u)),
      clear: () => map.clear(),
      forEach: () => {},
      get: (u) => map.get(String(u)),
      has: (u) => map.has(String(u)),
      dispose: () => map.clear(),
    };
  };
  // Namespaces: an onDid…/onWill… name is an event, a register…/create… name returns a disposable.
  const namespace = (fixed) =>
    new Proxy(fixed, {
      get(target, prop) {
        if (prop in target) return target[prop];
        if (typeof prop !== 'string') return undefined;
        if (/^on(Did|Will)/.test(prop)) return none;
        if (/^register/.test(prop)) {
          return () => {
            target.registered = (target.registered ?? 0) + 1;
            return new Disposable();
          };
        }
        if (/^create/.test(prop)) return none;
        return placeholder(prop);
      },
    });
  const workspace = namespace({
    workspaceFolders: undefined,
    textDocuments: [],
    notebookDocuments: [],
    name: undefined,
    rootPath: undefined,
    isTrusted: true,
    getConfiguration: configuration,
    getWorkspaceFolder: () => undefined,
    createFileSystemWatcher: () => ({
      onDidCreate: none,
      onDidChange: none,
      onDidDelete: none,
      ignoreCreateEvents: false,
      ignoreChangeEvents: false,
      ignoreDeleteEvents: false,
      dispose() {},
    }),
    fs: { stat: async () => ({}), readFile: async () => new Uint8Array(), writeFile: async () => {} },
  });
  const window = namespace({
    activeTextEditor: undefined,
    visibleTextEditors: [],
    visibleNotebookEditors: [],
    tabGroups: { all: [], onDidChangeTabs: none, onDidChangeTabGroups: none },
    createOutputChannel: outputChannel,
    showErrorMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showInformationMessage: async () => undefined,
  });
  const commands = namespace({ registerCommand: none, executeCommand: async () => undefined, getCommands: async () => [] });
  const languages = namespace({ registered: 0, createDiagnosticCollection: diagnostics, match: () => 0, getLanguages: async () => ['vmm'] });
  const env = {
    appName: 'activation-bench',
    appRoot: root,
    language: 'en',
    machineId: 'bench',
    sessionId: 'bench',
    uriScheme: 'vscode',
    shell: '',
    uiKind: 1,
    remoteName: undefined,
    openExternal: async () => true,
  };
  const fixed = {
    version: '1.100.0',
    Disposable,
    EventEmitter,
    Uri,
    workspace,
    window,
    commands,
    languages,
    env,
    extensions: namespace({ all: [], getExtension: () => undefined }),
    notebooks: namespace({}),
    tests: namespace({}),
    debug: namespace({}),
    l10n: { t: (s) => (typeof s === 'string' ? s : s.message) },
  };
  return namespace(fixed);
}

/** A function that can be called, constructed and extended, and has any property, each one the same kind of thing. */
function placeholder(name) {
  const cache = new Map();
  const target = { [name]: function () {} }[name];
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'prototype') return t.prototype;
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      if (prop === 'name') return name;
      if (!cache.has(prop)) cache.set(prop, placeholder(`${name}.${prop}`));
      return cache.get(prop);
    },
    apply() {
      return placeholder(`${name}()`);
    },
  });
}
