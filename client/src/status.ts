/**
 * The language status item of `vmm` documents (the `{}` beside the language mode in the status
 * bar): the profile in force for the file and its counts, with the server's and the extension's
 * versions in its detail. The server says all of it (`vmm/status`, server/src/features/status.ts);
 * this only shows it for the active editor, again when its diagnostics change.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What `vmm/status` answers. */
interface DocumentStatus {
  version: string;
  profile: string;
  errors: number;
  warnings: number;
  infos: number;
  text: string;
  detail: string;
  severity: 'error' | 'warning' | 'info';
}

const SEVERITY = {
  error: vscode.LanguageStatusSeverity.Error,
  warning: vscode.LanguageStatusSeverity.Warning,
  info: vscode.LanguageStatusSeverity.Information,
} as const;

export class StatusItem implements vscode.Disposable {
  readonly item = vscode.languages.createLanguageStatusItem('vmm.status', { language: 'vmm' });
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly extensionVersion: string,
  ) {
    this.item.name = 'VMM';
    this.item.text = 'VMM';
    this.item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.later(0)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.later(50);
      }),
    );
  }

  /** Asks again after a pause (diagnostics come in bursts while typing). */
  private later(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  async update(): Promise<DocumentStatus | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'vmm' || !this.client.isRunning()) return undefined;
    this.item.busy = true;
    try {
      const status = await this.client.sendRequest<DocumentStatus | null>('vmm/status', { uri: document.uri.toString() });
      if (!status) return undefined;
      this.item.text = status.text;
      const versions = status.version === this.extensionVersion ? '' : ` (extension ${this.extensionVersion})`;
      this.item.detail = `${status.detail}${versions}`;
      this.item.severity = SEVERITY[status.severity];
      return status;
    } catch {
      return undefined;
    } finally {
      this.item.busy = false;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.item.dispose();
  }
}
