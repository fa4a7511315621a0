/**
 * The vmm language server: wires an LSP connection (stdio, IPC or a socket, as the client asks) to
 * the providers in lsp/. All language knowledge is in the checker library; this file only routes.
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { format } from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { existsSync } from 'node:fs';
import {
  createConnection,
  DiagnosticSeverity,
  IPCMessageReader,
  IPCMessageWriter,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  StreamMessageWriter,
  type MessageReader,
  type MessageWriter,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node.js';
import { readSettings } from './features/settings.js';
import { codeActions, FIX_ALL, resolveCodeAction } from './lsp/codeActions.js';
import { codeLenses } from './lsp/codeLens.js';
import { completion } from './lsp/completion.js';
import { configDiagnostics } from './lsp/config.js';
import { pathToUri, toLspDiagnostic, uriToPath } from './lsp/convert.js';
import { CONFIG_FILE } from './config.js';
import { foldingRanges } from './lsp/folding.js';
import { formatting } from './lsp/formatting.js';
import { hover } from './lsp/hover.js';
import { definition, prepareRename, references, rename } from './lsp/navigation.js';
import { plan, type PlanParams } from './lsp/plan.js';
import { status, type StatusParams } from './lsp/status.js';
import { VERSION } from './version.js';
import { exportRequest, type ExportParams } from './lsp/export.js';
import { legend, semanticTokens } from './lsp/semanticTokens.js';
import { documentSymbols, workspaceSymbols } from './lsp/symbols.js';
import { EditorDocument } from './lsp/document.js';
import { LifecycleReader, RecoveringReader } from './lsp/transport.js';
import { Workspace } from './lsp/workspace.js';

/** A full garbage collection, for the memory figures (V8's own `gc`, reached without a command-line flag). */
function collectGarbage(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  } catch {
    // figures without the collection, then
  }
}

export interface ServerOptions {
  /**
   * Milliseconds to wait after an edit before checking while the user is typing (an edit within
   * this long of the last one, or with a check still pending); an edit after a pause is checked at
   * once. A newer edit restarts the wait.
   */
  debounce?: number;
}

/** The folder of the rule pages shipped beside the bundle, linked from every diagnostic. */
function docsBase(): string | undefined {
  const here = typeof __dirname !== 'undefined' ? __dirname : path.dirname(process.argv[1] ?? '.');
  for (const up of ['..', '../..', '../../..']) {
    const dir = path.resolve(here, up, 'docs', 'rules');
    if (existsSync(dir)) return pathToUri(dir);
  }
  return undefined;
}

/** What the server offers (LSP `initialize`). */
function capabilities(): InitializeResult['capabilities'] {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
    codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL], resolveProvider: true },
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['=', ' ', ','] },
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    foldingRangeProvider: true,
    semanticTokensProvider: { legend, full: true },
    codeLensProvider: { resolveProvider: false },
    documentFormattingProvider: true,
  };
}

/** The requests answered from the checked documents: each converts between LSP and a feature of the checker. */
function serveFeatures(connection: Connection, workspace: Workspace): void {
  connection.onCodeAction((params) => codeActions(workspace, params));
  connection.onCodeActionResolve((action) => resolveCodeAction(workspace, action));
  connection.onHover((params) => hover(workspace, params));
  connection.onCompletion((params) => completion(workspace, params));
  connection.onDefinition((params) => definition(workspace, params));
  connection.onReferences((params) => references(workspace, params));
  connection.onPrepareRename((params) => prepareRename(workspace, params));
  connection.onRenameRequest((params) => rename(workspace, params));
  connection.onDocumentSymbol((params) => documentSymbols(workspace, params));
  connection.onWorkspaceSymbol((params) => workspaceSymbols(workspace, params));
  connection.onFoldingRanges((params) => foldingRanges(workspace, params));
  connection.languages.semanticTokens.on((params) => semanticTokens(workspace, params));
  connection.onCodeLens((params) => codeLenses(workspace, params));
  connection.onDocumentFormatting((params) => formatting(workspace, params));
  // For the benchmark: the server's own memory figures, the heap as used and as live after a full collection.
  connection.onRequest('vmm/memory', () => {
    const before = process.memoryUsage();
    collectGarbage();
    const after = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    return { heapUsedMB: mb(before.heapUsed), liveHeapMB: mb(after.heapUsed), rssMB: mb(before.rss), rssAfterMB: mb(after.rss) };
  });
  connection.onRequest('vmm/plan', (params: PlanParams, token) => plan(workspace, params, token));
  connection.onRequest('vmm/export', (params: ExportParams, token) => exportRequest(workspace, params, token));
  connection.onRequest('vmm/status', (params: StatusParams) => status(workspace, params, VERSION));
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const workspace = new Workspace();
  workspace.docsBase = docsBase();
  const debounce = options.debounce ?? 50;
  const pending = new Map<string, NodeJS.Timeout>();
  let supportsConfiguration = false;

  const publish = (uri: string) => {
    const document = workspace.documents.get(uri);
    const notChecked = workspace.notChecked(uri);
    if (document && notChecked) {
      const start = { line: 0, character: 0 };
      void connection.sendDiagnostics({
        uri,
        version: document.version,
        diagnostics: [{ range: { start, end: start }, severity: DiagnosticSeverity.Information, source: 'vmm', message: notChecked }],
      });
      return;
    }
    const result = workspace.result(uri);
    if (!result || !document) return;
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics: result.diagnostics.map((d, i) => toLspDiagnostic(result, d, i)) });
  };
  /** Checks after a pause in typing; an edit that arrives first replaces the pending check, so stale work is never done. */
  const schedule = (uri: string, delay = debounce) => {
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        try {
          publish(uri);
        } catch (error) {
          connection.console.error(`vmm: checking ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
        }
      }, delay),
    );
  };
  const recheckDependents = (uri: string) => {
    const dependents = workspace.dependents(uri);
    workspace.invalidate(dependents);
    for (const d of dependents) schedule(d);
  };
  /** Each bad setting is said once (settings are read again on every change). */
  const reported = new Set<string>();
  const useSettings = (settings: unknown) => {
    const { severities, problems } = readSettings(settings);
    for (const problem of problems) {
      if (reported.has(problem)) continue;
      reported.add(problem);
      connection.console.warn(`vmm: ${problem}`);
      // A notification (window/showMessage), not a request the client might not answer.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `VMM settings: ${problem}` });
    }
    workspace.severities = severities;
  };
  const applySettings = (settings: unknown) => {
    useSettings(settings);
    workspace.invalidate();
    for (const uri of workspace.documents.keys()) schedule(uri, 0);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    workspace.folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (workspace.folders.length === 0 && params.rootUri) workspace.folders = [uriToPath(params.rootUri)];
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    if (params.initializationOptions !== undefined) useSettings(params.initializationOptions);
    return {
      capabilities: capabilities(),
      serverInfo: { name: 'vmm', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (!supportsConfiguration) return;
    try {
      applySettings(await connection.workspace.getConfiguration('vmm'));
    } catch {
      // a client without configuration support keeps the defaults
    }
  });
  connection.onDidChangeConfiguration(async (change) => {
    if (supportsConfiguration) {
      try {
        applySettings(await connection.workspace.getConfiguration('vmm'));
        return;
      } catch {
        // fall through to the pushed settings
      }
    }
    applySettings((change.settings as { vmm?: unknown } | undefined)?.vmm);
  });

  connection.onDidOpenTextDocument(({ textDocument }) => {
    workspace.documents.set(textDocument.uri, EditorDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
    const known = workspace.loadedConfigs().length;
    workspace.configOf(uriToPath(textDocument.uri));
    if (workspace.loadedConfigs().length !== known) publishConfigProblems([]);
    schedule(textDocument.uri, 0);
    recheckDependents(textDocument.uri);
  });
  /** When each document last changed: an edit after a pause is checked at once, one while typing after a pause in it. */
  const lastEdit = new Map<string, number>();
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const document = workspace.documents.get(textDocument.uri);
    if (!document) return;
    workspace.documents.set(textDocument.uri, EditorDocument.update(document, contentChanges, textDocument.version));
    const now = performance.now();
    const typing = now - (lastEdit.get(textDocument.uri) ?? -Infinity) < debounce || pending.has(textDocument.uri);
    lastEdit.set(textDocument.uri, now);
    schedule(textDocument.uri, typing ? debounce : 0);
    recheckDependents(textDocument.uri);
  });
  connection.onDidCloseTextDocument(({ textDocument }) => {
    clearTimeout(pending.get(textDocument.uri));
    pending.delete(textDocument.uri);
    workspace.close(textDocument.uri);
    lastEdit.delete(textDocument.uri);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    recheckDependents(textDocument.uri);
  });
  /** Each project config's problems, as diagnostics on the config file (cleared when it has none). */
  const publishConfigProblems = (before: readonly string[]) => {
    const now = workspace.loadedConfigs();
    for (const config of now) void connection.sendDiagnostics({ uri: pathToUri(config.file), diagnostics: configDiagnostics(config) });
    for (const file of before) if (!now.some((c) => c.file === file)) void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
  };
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE}`))) {
      const before = workspace.loadedConfigs().map((c) => c.file);
      workspace.forgetConfigs();
      for (const uri of workspace.documents.keys()) workspace.result(uri);
      publishConfigProblems(before);
      for (const uri of workspace.documents.keys()) schedule(uri, 0);
    }
    for (const change of changes) recheckDependents(change.uri);
  });

  serveFeatures(connection, workspace);

  connection.listen();
}

/** How the server talks to its client: the transports LSP clients start a server with. */
export type Transport = { kind: 'stdio' } | { kind: 'node-ipc' } | { kind: 'socket'; port: number } | { kind: 'pipe'; name: string };

/** Connects to the client listening on a port of this machine or a named pipe; rejects with a message saying why not. */
function connectTo(transport: { kind: 'socket'; port: number } | { kind: 'pipe'; name: string }): Promise<net.Socket> {
  const where = transport.kind === 'socket' ? `127.0.0.1:${transport.port}` : `the pipe ${transport.name}`;
  return new Promise((resolve, reject) => {
    const socket = transport.kind === 'socket' ? net.createConnection(transport.port, '127.0.0.1') : net.createConnection(transport.name);
    const failed = (error: NodeJS.ErrnoException) => reject(new Error(`cannot connect to the client at ${where}${error.code ? ` (${error.code})` : ''}`));
    socket.once('error', failed);
    socket.once('connect', () => {
      socket.off('error', failed);
      resolve(socket);
    });
  });
}

/** A connection whose requests keep LSP's lifecycle (lsp/transport.ts). */
function gated(reader: MessageReader, writer: MessageWriter): Connection {
  return createConnection(ProposedFeatures.all, new LifecycleReader(reader, writer), writer);
}

/** A connection over a byte stream, read by a reader that recovers from a malformed header (said on standard error). */
function framed(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Connection {
  const log = (message: string) => process.stderr.write(`vmm server: ${message}\n`);
  return gated(new RecoveringReader(input, log), new StreamMessageWriter(output));
}

/**
 * A connection on the transport. Each is set up explicitly (not from process.argv), so a client
 * that is not there is an error: a socket or pipe nobody listens on, or --node-ipc without an IPC
 * channel. On stdio, console output goes to the client's log, never into the protocol stream.
 */
export async function connectionOn(transport: Transport): Promise<Connection> {
  switch (transport.kind) {
    case 'stdio': {
      const connection = framed(process.stdin, process.stdout);
      console.log = console.info = (...args: unknown[]) => connection.console.log(format(...args));
      console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
      console.error = (...args: unknown[]) => connection.console.error(format(...args));
      return connection;
    }
    case 'node-ipc':
      if (typeof process.send !== 'function') {
        throw new Error("--node-ipc needs a client that starts the server with an IPC channel (node's fork); from a terminal use --stdio");
      }
      return gated(new IPCMessageReader(process), new IPCMessageWriter(process));
    case 'socket':
    case 'pipe': {
      const socket = await connectTo(transport);
      return framed(socket, socket);
    }
  }
}

/**
 * The transport named among a server's arguments, as LSP clients pass it (`--stdio`, `--node-ipc`,
 * `--socket=PORT` or `--socket PORT`, `--pipe=NAME` or `--pipe NAME`); other arguments (such as
 * `--clientProcessId`) are left to the library. `vmm lsp` reads its arguments strictly instead.
 */
export function transportFromArguments(args: readonly string[]): Transport | string {
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].split(/=(.*)/s, 2);
    const value = inline ?? args[i + 1];
    if (name === '--stdio') return { kind: 'stdio' };
    if (name === '--node-ipc') return { kind: 'node-ipc' };
    if (name === '--socket') {
      const port = Number(value);
      return /^\d+$/.test(value ?? '') && port >= 1 && port <= 65535
        ? { kind: 'socket', port }
        : `--socket needs a port number from 1 to 65535; got '${value ?? ''}'`;
    }
    if (name === '--pipe') return value ? { kind: 'pipe', name: value } : '--pipe needs a name';
  }
  return 'the server needs --stdio, --node-ipc, --socket=PORT or --pipe=NAME';
}

// Started as a process (the bundle dist/server.cjs): the transport comes from the arguments.
if (process.env.VMM_SERVER_NO_AUTOSTART !== '1' && /server\.(c?js)$/.test(process.argv[1] ?? '')) {
  const transport = transportFromArguments(process.argv.slice(2));
  if (typeof transport === 'string') {
    process.stderr.write(`vmm server: ${transport}\n`);
    process.exitCode = 2;
  } else {
    // A promise that fails with nobody waiting on it would end the process (Node's default): the
    // editor would lose its diagnostics for one bug. Said on stderr (the client's output channel),
    // and the server goes on.
    process.on('unhandledRejection', (reason) => {
      const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
      process.stderr.write(`vmm server: internal error (please report it): ${text}\n`);
    });
    connectionOn(transport).then(startServer, (error: Error) => {
      process.stderr.write(`vmm server: ${error.message}\n`);
      process.exitCode = 2;
    });
  }
}
