/**
 * The walkthrough "Get started with VMM" (package.json `contributes.walkthroughs`): its sample,
 * the command of its fix step, and the context key that completes that step once the sample has
 * no error left.
 */
import * as vscode from 'vscode';

export const SAMPLE_NAME = 'walkthrough.vmm';

/** The sample: a live migration over 35 ms, beyond the metro profile's 10 ms (VMM101). */
export const SAMPLE_TEXT = [
  '// The walkthrough of the VMM extension: a live migration over a 35 ms link.',
  '// The default policy is the metro profile (max-rtt 10 ms), so the migrate is VMM101.',
  'site a',
  'site b',
  'link a <-> b { rtt = 35ms  bandwidth = 10Gbps }',
  'vm web at a { memory = 16GiB  disk = 100GiB }',
  'migrate web to b',
  '',
].join('\n');

const FIXED = 'vmm.walkthroughFixed';

export class Walkthrough implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The sample opened last (an untitled one has no name to be found by). */
  private sample: vscode.Uri | undefined;
  /** The samples seen with an error: the fix step is done when one of them has none left. */
  private readonly broken = new Set<string>();

  constructor() {
    this.disposables.push(
      vscode.commands.registerCommand('vmm.walkthrough.openSample', () => this.openSample()),
      vscode.commands.registerCommand('vmm.walkthrough.fix', () => this.fix()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) {
          if (!this.isSample(uri)) continue;
          const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
          if (errors > 0) this.broken.add(uri.toString());
          else if (this.broken.has(uri.toString())) void vscode.commands.executeCommand('setContext', FIXED, true);
        }
      }),
    );
  }

  private isSample(uri: vscode.Uri): boolean {
    return uri.toString() === this.sample?.toString() || (uri.scheme === 'file' && uri.path.endsWith(`/${SAMPLE_NAME}`));
  }

  /** Writes walkthrough.vmm in the first workspace folder (an existing one is kept as it is), or opens an untitled sample, beside the walkthrough. */
  async openSample(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    let document: vscode.TextDocument;
    if (folder) {
      const target = vscode.Uri.joinPath(folder.uri, SAMPLE_NAME);
      try {
        await vscode.workspace.fs.stat(target);
      } catch {
        await vscode.workspace.fs.writeFile(target, Buffer.from(SAMPLE_TEXT, 'utf8'));
      }
      document = await vscode.workspace.openTextDocument(target);
    } else {
      document = await vscode.workspace.openTextDocument({ language: 'vmm', content: SAMPLE_TEXT });
    }
    this.sample = document.uri;
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  /** The fix step: the sample's (else the visible vmm editor's) first error, its preferred quick fix applied. */
  async fix(): Promise<void> {
    const editors = vscode.window.visibleTextEditors.filter((e) => e.document.languageId === 'vmm');
    const editor = editors.find((e) => this.isSample(e.document.uri)) ?? editors[0];
    if (!editor) {
      void vscode.window.showErrorMessage('VMM: open the walkthrough sample first (the step above).');
      return;
    }
    const error = vscode.languages
      .getDiagnostics(editor.document.uri)
      .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
      .sort((a, b) => a.range.start.compareTo(b.range.start))[0];
    if (!error) {
      void vscode.window.showInformationMessage(`VMM: ${editor.document.uri.path.split('/').pop()} has no error to fix.`);
      return;
    }
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: new vscode.Range(error.range.start, error.range.start) });
    // The preferred quick fix is asked of the providers for the error's range and its edit applied,
    // rather than `editor.action.autoFix`, which acts on whichever editor holds the focus (the
    // Welcome page may still hold it right after the step's button is pressed).
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      error.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const preferred = (actions ?? []).find((a): a is vscode.CodeAction => 'isPreferred' in a && a.isPreferred === true && a.edit !== undefined);
    if (preferred?.edit) {
      await vscode.workspace.applyEdit(preferred.edit);
      return;
    }
    await vscode.commands.executeCommand('editor.action.autoFix');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
