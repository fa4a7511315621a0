/**
 * Drives the real language server (the bundle dist/server.cjs) over stdio JSON-RPC, as an editor
 * does. Cursor positions are marked in test text with `<|>`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import type { Diagnostic, LogMessageParams, Position, PublishDiagnosticsParams, Range, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Splits `<|>` out of a text: the clean text and the cursor position. */
export function cursor(source: string): { text: string; position: Position; offset: number } {
  const offset = source.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> in test text');
  const text = source.slice(0, offset) + source.slice(offset + 3);
  const before = text.slice(0, offset).split('\n');
  return { text, offset, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

export function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < position.line; i++) offset += lines[i].length + 1;
  return offset + position.character;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let result = text;
  for (const e of sorted) result = result.slice(0, offsetAt(text, e.range.start)) + e.newText + result.slice(offsetAt(text, e.range.end));
  return result;
}

export class Server {
  private process!: ChildProcess;
  connection!: MessageConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
  /** What the server logged as errors (window/logMessage of type Error). */
  readonly errors: string[] = [];
  /** What the server showed the user (window/showMessage), as `type: message`. */
  readonly shown: string[] = [];
  stderr = '';
  /** Node options for the server process (before the script). */
  nodeArgs: string[] = [];

  async start(initializationOptions?: unknown, workspaceFolder = root): Promise<void> {
    this.process = spawn(process.execPath, [...this.nodeArgs, path.join(root, 'dist', 'server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest('workspace/configuration', () => [null]);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.shown.push(`${params.type}: ${params.message}`);
    });
    this.connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      if (params.type === 1) this.errors.push(params.message);
    });
    this.connection.listen();
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: `file://${workspaceFolder}`, name: 'test' }],
      capabilities: { workspace: { configuration: false } },
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.process.kill();
  }

  uri(name: string): string {
    return `file://${path.join(root, 'test', 'lsp', 'fixtures', name)}`;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    this.diagnostics.delete(uri);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmm', version: 1, text } });
  }

  /** Replaces the whole text (a full-document change). */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const old = this.texts.get(uri) ?? '';
    this.texts.set(uri, text);
    const lines = old.split('\n');
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, text }],
    });
  }

  /** Sends ranged changes, as an editor does while typing; the text kept here follows them. */
  async edit(uri: string, changes: { range: Range; text: string }[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    // Each change against the text the one before left, its offsets read off a fresh copy (the
    // library's incremental update miscounts lines when a change joins or splits a \r\n).
    let text = this.texts.get(uri) ?? '';
    for (const change of changes) {
      const document = TextDocument.create(uri, 'vmm', version - 1, text);
      const [from, to] = [document.offsetAt(change.range.start), document.offsetAt(change.range.end)].sort((a, b) => a - b);
      text = text.slice(0, from) + change.text + text.slice(to);
    }
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The last diagnostics published for a document, whatever their version. */
  lastPublished(uri: string): PublishDiagnosticsParams | undefined {
    return this.diagnostics.get(uri);
  }

  /** Whether the server process is still running. */
  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Waits (polling the notifications, up to a timeout) for the diagnostics of the current version of a document. */
  async diagnosticsOf(uri: string, timeoutMs = 10000): Promise<Diagnostic[]> {
    const published = await this.publishedWhen(uri, (p) => p?.version === this.versions.get(uri), timeoutMs);
    return published!.diagnostics;
  }

  /** Waits (up to a timeout) until the last diagnostics published for a document satisfy a condition. */
  async publishedWhen(
    uri: string,
    ok: (published: PublishDiagnosticsParams | undefined) => boolean,
    timeoutMs = 10000,
  ): Promise<PublishDiagnosticsParams | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const published = this.diagnostics.get(uri);
      if (published && ok(published)) return published;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no diagnostics as awaited for ${uri} (version ${this.versions.get(uri)}) within ${timeoutMs} ms; last: ${JSON.stringify(published)?.slice(0, 300)}; stderr: ${this.stderr}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }
}
