/**
 * The plan in the editor: `VMM: Generate Migration Plan` opens the Markdown plan beside the source
 * and the topology with the schedule's timeline beside it; both follow edits to the source. `VMM: Save Plan As…` writes the
 * Markdown or JSON plan, asking before it replaces a file.
 */
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { insideFolder, revealPath } from './reveal';

interface PlanResponse {
  ok: boolean;
  markdown: string;
  json?: string;
  svg: string;
  /** The schedule as a timeline (absent when the file has errors). */
  timeline?: string;
  errors: number;
}

const SCHEME = 'vmm-plan';

/** What `vmm/export` answers (server/src/features/exports.ts). */
interface ExportResponse {
  ok: boolean;
  text?: string;
  message?: string;
  errors: number;
}

/** The formats of `VMM: Export Plan…` (spec §12), with what each writes. */
const EXPORTS = [
  {
    format: 'virsh',
    label: 'virsh (libvirt)',
    detail: 'a POSIX sh script for the kvm and qemu intents',
    ext: 'virsh.sh',
    filter: 'Shell script',
    extensions: ['sh'],
  },
  {
    format: 'powercli',
    label: 'PowerCLI (vSphere, HCX)',
    detail: 'a PowerShell script for the vmware-*, metro and hcx intents',
    ext: 'powercli.ps1',
    filter: 'PowerShell script',
    extensions: ['ps1'],
  },
  {
    format: 'forklift',
    label: 'Forklift (KubeVirt)',
    detail: 'Forklift NetworkMap, StorageMap, Plan and Migration YAML for the kvm and qemu intents',
    ext: 'forklift.yaml',
    filter: 'YAML',
    extensions: ['yaml', 'yml'],
  },
] as const;

function planUri(source: vscode.Uri): vscode.Uri {
  const name = source.path
    .split('/')
    .pop()!
    .replace(/\.vmm$/, '');
  return vscode.Uri.from({ scheme: SCHEME, path: `/${name}.plan.md`, query: source.toString() });
}

/**
 * The file a click names, when it is inside the source's workspace folder (no folder: the source's
 * own folder); undefined otherwise, and nothing is opened. As for imports, the path is checked as
 * written and, on disk, with links resolved.
 */
async function revealTarget(source: vscode.Uri, file: unknown): Promise<vscode.Uri | undefined> {
  const root = vscode.workspace.getWorkspaceFolder(source)?.uri ?? vscode.Uri.joinPath(source, '..');
  if (root.scheme !== source.scheme || root.authority !== source.authority) return undefined;
  const resolved = revealPath(source.path, file, root.path);
  if (resolved === undefined) return undefined;
  const target = source.with({ path: resolved, query: '', fragment: '' });
  if (target.scheme !== 'file') return target;
  try {
    const [realRoot, realTarget] = await Promise.all([realpath(root.fsPath), realpath(target.fsPath)]);
    return insideFolder(vscode.Uri.file(realRoot).path, vscode.Uri.file(realTarget).path) ? target : undefined;
  } catch {
    return undefined;
  }
}

function nonce(): string {
  let text = '';
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 32; i++) text += chars.charAt(Math.floor(Math.random() * chars.length));
  return text;
}

/** The view type of the topology panel (its serializer restores it after a reload). */
export const TOPOLOGY_VIEW = 'vmmTopology';

/**
 * The webview page: the project's own SVGs inline (the topology, then the schedule's timeline), a
 * strict CSP, one nonce'd script that reports clicks and keeps the source's URI in the webview's
 * state, so that the panel is drawn again from the file after a reload.
 */
export function topologyHtml(svg: string, cspSource: string, timeline?: string, source?: string): string {
  const n = nonce();
  // In a script element: `<` escaped, so no `</script>` can end it early.
  const state = JSON.stringify({ source: source ?? null }).replace(/</g, '\\u003c');
  const body = [svg, timeline ?? ''].map((s) => s.replace(/^<\?xml[^>]*>\s*/, '')).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'nonce-${n}'; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>VMM Topology</title>
<style nonce="${n}">
  body { margin: 0; padding: 8px; background: var(--vscode-editor-background); color: var(--vscode-editor-foreground); }
  svg { max-width: 100%; height: auto; }
  [data-offset] { cursor: pointer; }
</style>
</head>
<body>
${body}
<script nonce="${n}">
  const vscode = acquireVsCodeApi();
  vscode.setState(${state});
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-offset]') : null;
    if (target) vscode.postMessage({ type: 'reveal', offset: Number(target.getAttribute('data-offset')), file: target.getAttribute('data-file') });
  });
</script>
</body>
</html>`;
}

const TOPOLOGY_OPTIONS: vscode.WebviewOptions & vscode.WebviewPanelOptions = { enableScripts: true, localResourceRoots: [] };

function topologyTitle(source: vscode.Uri): string {
  return `VMM Topology: ${source.path.split('/').pop()}`;
}

/** A page of one sentence, without scripts. */
function messageHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none';"><title>VMM Topology</title></head><body><p>${escaped}</p></body></html>`;
}

export class PlanView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly plans = new Map<string, PlanResponse>();
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, this),
      // The topology panels survive a reload: VS Code keeps their state (the source's URI), this draws them again.
      vscode.window.registerWebviewPanelSerializer(TOPOLOGY_VIEW, { deserializeWebviewPanel: (panel, state) => this.restoreTopology(panel, state) }),
      // The plan follows edits to its source.
      vscode.workspace.onDidChangeTextDocument((e) => {
        const key = e.document.uri.toString();
        if (!this.plans.has(key)) return;
        clearTimeout(this.timers.get(key));
        this.timers.set(
          key,
          setTimeout(() => void this.refresh(e.document.uri), 400),
        );
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const known = this.plans.get(uri.query);
    // A plan tab VS Code restored after a reload: made again from its source.
    if (!known) void this.restorePlan(vscode.Uri.parse(uri.query));
    return known?.markdown ?? '# Migration plan\n\nGenerating…\n';
  }

  private async restorePlan(source: vscode.Uri): Promise<void> {
    try {
      await vscode.workspace.openTextDocument(source);
      if (await this.request(source)) this.changed.fire(planUri(source));
    } catch {
      // the source is gone: the tab keeps saying so
    }
  }

  /** Resolves once the language client runs (a panel restored at activation asks before it does). */
  ready: Promise<void> = Promise.resolve();

  private async request(source: vscode.Uri, token?: vscode.CancellationToken): Promise<PlanResponse | undefined> {
    await this.ready;
    const response = await this.client.sendRequest<PlanResponse | null>('vmm/plan', { uri: source.toString() }, token);
    if (!response) return undefined;
    this.plans.set(source.toString(), response);
    return response;
  }

  private async refresh(source: vscode.Uri): Promise<void> {
    const response = await this.request(source);
    if (!response) return;
    this.changed.fire(planUri(source));
    const panel = this.panels.get(source.toString());
    if (panel) panel.webview.html = topologyHtml(response.svg, panel.webview.cspSource, response.timeline, source.toString());
  }

  /** The source a command applies to: the argument (explorer, title bar), else the active .vmm editor (else the only one visible). */
  private source(argument?: vscode.Uri): vscode.Uri | undefined {
    if (argument instanceof vscode.Uri) return argument;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'vmm') return editor.document.uri;
    if (editor?.document.uri.scheme === SCHEME) return vscode.Uri.parse(editor.document.uri.query);
    // No text editor in front (a walkthrough's button, a webview): the one visible vmm editor.
    const visible = vscode.window.visibleTextEditors.filter((e) => e.document.languageId === 'vmm');
    if (!editor && visible.length === 1) return visible[0].document.uri;
    void vscode.window.showErrorMessage('VMM: open a .vmm file to generate its migration plan.');
    return undefined;
  }

  async generate(argument?: vscode.Uri): Promise<void> {
    const source = this.source(argument);
    if (!source) return;
    const document = await vscode.workspace.openTextDocument(source);
    const response = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `VMM: planning ${source.path.split('/').pop()}`, cancellable: true },
      async (progress, token) => {
        progress.report({ message: 'checking and forming waves…' });
        return this.request(document.uri, token);
      },
    );
    if (!response) return;
    const plan = await vscode.workspace.openTextDocument(planUri(document.uri));
    this.changed.fire(plan.uri);
    await vscode.languages.setTextDocumentLanguage(plan, 'markdown');
    // The plan beside the source, the topology beside the plan: all three visible at once.
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === document.uri.toString());
    const sourceColumn = shown?.viewColumn ?? vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One;
    await vscode.window.showTextDocument(plan, { viewColumn: sourceColumn + 1, preview: false, preserveFocus: true });
    if (!response.ok) {
      void vscode.window.showWarningMessage(
        `VMM: no plan, the file has ${response.errors} error${response.errors === 1 ? '' : 's'}; the plan view lists them.`,
      );
    }
    this.showTopology(document.uri, response, sourceColumn + 2);
  }

  private showTopology(source: vscode.Uri, response: PlanResponse, column: vscode.ViewColumn = vscode.ViewColumn.Beside): void {
    let panel = this.panels.get(source.toString());
    if (!panel) {
      panel = vscode.window.createWebviewPanel(TOPOLOGY_VIEW, topologyTitle(source), { viewColumn: column, preserveFocus: true }, TOPOLOGY_OPTIONS);
      this.adopt(panel, source);
    }
    panel.webview.html = topologyHtml(response.svg, panel.webview.cspSource, response.timeline, source.toString());
  }

  /** A topology panel of a source: kept by its URI, following edits, and revealing what a click names. */
  private adopt(panel: vscode.WebviewPanel, source: vscode.Uri): void {
    const key = source.toString();
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    panel.webview.onDidReceiveMessage(async (message: { type: string; offset: number; file?: unknown }) => {
      if (message.type !== 'reveal' || !Number.isFinite(message.offset)) return;
      // data-file is relative to the planned file (a declaration from an imported file).
      const target = message.file ? await revealTarget(source, message.file) : source;
      if (!target) return;
      const document = await vscode.workspace.openTextDocument(target);
      const position = document.positionAt(message.offset);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
    });
  }

  /**
   * A topology panel VS Code restores after a reload (its serializer): drawn again from the source
   * as it is now, the URI read from the webview's state. A state without a source, or a source
   * that is gone, leaves a page that says so.
   */
  async restoreTopology(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = TOPOLOGY_OPTIONS;
    const written = (state as { source?: unknown } | undefined)?.source;
    const source = typeof written === 'string' ? vscode.Uri.parse(written) : undefined;
    if (!source) {
      panel.webview.html = messageHtml('This topology view has no file to draw: run VMM: Show Topology again.');
      return;
    }
    const existing = this.panels.get(source.toString());
    if (existing && existing !== panel) existing.dispose();
    this.adopt(panel, source);
    panel.title = topologyTitle(source);
    try {
      await vscode.workspace.openTextDocument(source);
      const response = await this.request(source);
      if (!response) throw new Error('no plan');
      panel.webview.html = topologyHtml(response.svg, panel.webview.cspSource, response.timeline, source.toString());
    } catch {
      panel.webview.html = messageHtml(`${source.path.split('/').pop()} cannot be read any more: its topology is not drawn.`);
    }
  }

  async showTopologyCommand(argument?: vscode.Uri): Promise<void> {
    const source = this.source(argument);
    if (!source) return;
    await vscode.workspace.openTextDocument(source);
    const response = this.plans.get(source.toString()) ?? (await this.request(source));
    if (response) this.showTopology(source, response);
  }

  async saveAs(argument?: vscode.Uri): Promise<void> {
    const source = this.source(argument);
    if (!source) return;
    await vscode.workspace.openTextDocument(source);
    const response = await this.request(source);
    if (!response) return;
    if (!response.ok) {
      void vscode.window.showErrorMessage(`VMM: no plan to save, the file has ${response.errors} error${response.errors === 1 ? '' : 's'}.`);
      return;
    }
    const base = source.path.replace(/\.vmm$/, '.plan.md');
    const target = await vscode.window.showSaveDialog({
      defaultUri: source.with({ path: base }),
      filters: { 'Markdown plan': ['md'], 'JSON plan': ['json'] },
      saveLabel: 'Save plan',
    });
    if (!target) return;
    // Never replace a file without asking (whatever the dialog did).
    try {
      await vscode.workspace.fs.stat(target);
      const answer = await vscode.window.showWarningMessage(`${target.path.split('/').pop()} exists. Replace it?`, { modal: true }, 'Replace');
      if (answer !== 'Replace') return;
    } catch {
      // does not exist: nothing to ask
    }
    const text = target.path.endsWith('.json') ? response.json! : response.markdown;
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    void vscode.window.showInformationMessage(`VMM: plan saved to ${target.fsPath}`);
  }

  /** `VMM: Export Plan…`: pick the tool, save its export, never replacing a file without asking. */
  async exportPlan(argument?: vscode.Uri): Promise<void> {
    const source = this.source(argument);
    if (!source) return;
    const picked = await vscode.window.showQuickPick(
      EXPORTS.map((e) => ({ label: e.label, detail: e.detail, format: e })),
      { title: 'VMM: Export Plan', placeHolder: 'The tool that runs the migrations' },
    );
    if (!picked) return;
    const format = picked.format;
    await vscode.workspace.openTextDocument(source);
    const response = await this.client.sendRequest<ExportResponse | null>('vmm/export', { uri: source.toString(), format: format.format });
    if (!response) return;
    if (!response.ok || response.text === undefined) {
      void vscode.window.showErrorMessage(`VMM: ${response.message ?? 'nothing to export'}.`);
      return;
    }
    const target = await vscode.window.showSaveDialog({
      defaultUri: source.with({ path: source.path.replace(/\.vmm$/, '') + `.${format.ext}` }),
      filters: { [format.filter]: [...format.extensions] },
      saveLabel: 'Export plan',
    });
    if (!target) return;
    if (!(await this.mayWrite(target))) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(response.text, 'utf8'));
    void vscode.window.showInformationMessage(`VMM: ${format.label} export saved to ${target.fsPath}`);
  }

  /** Never replace a file without asking (whatever the dialog did). */
  private async mayWrite(target: vscode.Uri): Promise<boolean> {
    try {
      await vscode.workspace.fs.stat(target);
    } catch {
      return true; // does not exist: nothing to ask
    }
    const answer = await vscode.window.showWarningMessage(`${target.path.split('/').pop()} exists. Replace it?`, { modal: true }, 'Replace');
    return answer === 'Replace';
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const p of this.panels.values()) p.dispose();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
