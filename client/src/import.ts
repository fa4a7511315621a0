/**
 * `VMM: Import Inventory…` (spec §11): asks for the kind and the files (or takes the files chosen in
 * the explorer), writes the `.vmm` beside them, asking before it replaces one, and opens it. The
 * import itself is the bundled CLI (`dist/vmm.cjs import …`) run in a child process, so the editor
 * and the command line read every export the same way and say the same about bad input.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { kindOfFiles, outputPath, type Kind } from './import-paths';

const KINDS: (vscode.QuickPickItem & { inventory: Kind })[] = [
  { label: 'RVTools export', description: '.xlsx workbook, or the .csv files of its sheets', inventory: 'rvtools' },
  { label: 'libvirt domains', description: 'virsh dumpxml files (.xml) of one site', inventory: 'libvirt' },
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(cli: string, args: string[], token: vscode.CancellationToken): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    token.onCancellationRequested(() => child.kill());
  });
}

export class InventoryImport implements vscode.Disposable {
  private readonly output = vscode.window.createOutputChannel('VMM Import');

  constructor(private readonly cli: string) {}

  dispose(): void {
    this.output.dispose();
  }

  /** The command: `uri` and `selected` are the explorer's file and selection when run from its menu. */
  async run(uri?: vscode.Uri, selected?: vscode.Uri[]): Promise<void> {
    let uris = selected && selected.length > 0 ? selected : uri ? [uri] : [];
    let kind = kindOfFiles(uris.map((u) => u.fsPath));
    if (!kind) {
      const picked = await vscode.window.showQuickPick(KINDS, { title: 'VMM: Import Inventory', placeHolder: 'What kind of inventory?' });
      if (!picked) return;
      kind = picked.inventory;
    }
    if (uris.length === 0 || kindOfFiles(uris.map((u) => u.fsPath)) !== kind) {
      const chosen = await vscode.window.showOpenDialog({
        title: kind === 'rvtools' ? 'The RVTools export (.xlsx, or the .csv files of its sheets)' : 'The virsh dumpxml files of one site',
        canSelectMany: true,
        openLabel: 'Import',
        filters: kind === 'rvtools' ? { 'RVTools export': ['xlsx', 'csv'] } : { 'virsh dumpxml': ['xml'] },
      });
      if (!chosen || chosen.length === 0) return;
      uris = chosen;
    }
    if (uris.some((u) => u.scheme !== 'file')) {
      void vscode.window.showErrorMessage('VMM: Import Inventory reads files on this machine only.');
      return;
    }
    const files = uris.map((u) => u.fsPath);
    const args: string[] = ['import', kind, ...files];
    let site: string | undefined;
    if (kind === 'libvirt') {
      site = await vscode.window.showInputBox({
        title: 'VMM: Import Inventory',
        prompt: 'The site these domains run at (virsh dumpxml does not say)',
        value: 'kvm',
        validateInput: (v) => (v.trim() === '' ? 'A site name is needed' : undefined),
      });
      if (site === undefined) return;
      args.push('--site', site.trim());
      const withRates = await vscode.window.showQuickPick(
        [
          { label: 'No dirty rates', rates: false },
          { label: 'Add dirty rates…', description: 'the output of virsh domstats --dirtyrate', rates: true },
        ],
        { title: 'VMM: Import Inventory', placeHolder: 'Measured dirty rates (virsh domdirtyrate-calc, then domstats --dirtyrate)?' },
      );
      if (!withRates) return;
      if (withRates.rates) {
        const rates = await vscode.window.showOpenDialog({ title: 'The output of virsh domstats --dirtyrate', canSelectMany: false, openLabel: 'Use' });
        if (!rates || rates.length === 0) return;
        args.push('--dirtyrate', rates[0].fsPath);
      }
    }
    const target = outputPath(kind, files, site);
    const targetUri = vscode.Uri.file(target);
    let exists = true;
    try {
      await vscode.workspace.fs.stat(targetUri);
    } catch {
      exists = false;
    }
    if (exists) {
      const answer = await vscode.window.showWarningMessage(`${path.basename(target)} exists. Replace it?`, { modal: true }, 'Replace');
      if (answer !== 'Replace') return;
    }
    args.push('-o', target, ...(exists ? ['--force'] : []));
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `VMM: importing ${files.length === 1 ? path.basename(files[0]) : `${files.length} files`}…`,
        cancellable: true,
      },
      (_progress, token) => runCli(this.cli, args, token),
    );
    this.output.appendLine(`$ vmm ${args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`);
    if (result.stderr) this.output.append(result.stderr);
    if (result.stdout) this.output.append(result.stdout);
    if (result.code !== 0) {
      const first = result.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit ${result.code}`;
      // Not awaited: the command is done when the import is; the message stays until it is dismissed.
      void vscode.window.showErrorMessage(`VMM: nothing imported. ${first.replace(/^vmm: /, '')}`, 'Show Output').then((action) => {
        if (action) this.output.show(true);
      });
      return;
    }
    const document = await vscode.workspace.openTextDocument(targetUri);
    await vscode.window.showTextDocument(document);
    const said = result.stderr.split('\n').filter((l) => l.trim() !== '').length;
    const summary = result.stdout
      .trim()
      .replace(/^.*: imported /, 'imported ')
      .replace(/; \d+ message\(s\) above$/, '');
    void vscode.window
      .showInformationMessage(`VMM: ${summary}${said > 0 ? ' (see the output for what was not read)' : ''}`, ...(said > 0 ? ['Show Output'] : []))
      .then((action) => {
        if (action) this.output.show(true);
      });
  }
}
