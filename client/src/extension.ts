/**
 * The VS Code side: starts the vmm language server (the bundled dist/server.cjs, over IPC) and
 * registers the commands. All language knowledge is in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PlanView } from './plan';
import { TASK_TYPE, VmmTaskProvider } from './tasks';
import { InventoryImport } from './import';
import { StatusItem } from './status';
import { Walkthrough } from './walkthrough';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'vmm' }],
    synchronize: {
      configurationSection: 'vmm',
      // The project config (vmm.config.json) is read again by the server when it changes.
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.vmm'), vscode.workspace.createFileSystemWatcher('**/vmm.config.json')],
    },
    middleware: {
      provideCodeLenses: (document, token, next) =>
        vscode.workspace.getConfiguration('vmm', document).get('codeLens.enabled', true) ? next(document, token) : [],
    },
  };
  client = new LanguageClient('vmm', 'VMM Language Server', serverOptions, clientOptions);
  const plans = new PlanView(client);
  const status = new StatusItem(client, String(context.extension.packageJSON.version));
  const inventories = new InventoryImport(context.asAbsolutePath(path.join('dist', 'vmm.cjs')));
  context.subscriptions.push(
    plans,
    status,
    new Walkthrough(),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new VmmTaskProvider(context.asAbsolutePath(path.join('dist', 'vmm.cjs')))),
    inventories,
    vscode.commands.registerCommand('vmm.importInventory', (uri?: vscode.Uri, selected?: vscode.Uri[]) => inventories.run(uri, selected)),
    vscode.commands.registerCommand('vmm.generatePlan', (uri?: vscode.Uri) => plans.generate(uri)),
    vscode.commands.registerCommand('vmm.showTopology', (uri?: vscode.Uri) => plans.showTopologyCommand(uri)),
    vscode.commands.registerCommand('vmm.savePlan', (uri?: vscode.Uri) => plans.saveAs(uri)),
    vscode.commands.registerCommand('vmm.exportPlan', (uri?: vscode.Uri) => plans.exportPlan(uri)),
    vscode.commands.registerCommand('vmm.restartServer', async () => {
      await client?.restart();
    }),
    // The code lens on each migrate shows its estimate; clicking it reveals the intent.
    vscode.commands.registerCommand('vmm.showEstimate', async (uri: string) => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      await vscode.window.showTextDocument(document);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('vmm.codeLens.enabled')) void vscode.commands.executeCommand('editor.action.refreshCodeLenses');
    }),
  );
  plans.ready = client.start();
  await plans.ready;
  await status.update();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
