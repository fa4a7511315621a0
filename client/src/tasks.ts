/**
 * `vmm: check` as a task: the bundled CLI (dist/vmm.cjs) run over the workspace folder's .vmm
 * files, its text output read by the contributed problem matcher `$vmm` so that the findings land
 * in Problems like any linter's. A tasks.json entry `{ "type": "vmm", "command": "check" }` may
 * name its own `files` (paths relative to the folder) and `args` (more options, such as
 * `--format`, `--severity VMM303=off`); the project's vmm.config.json applies as for any CLI run.
 */
import * as vscode from 'vscode';

export const TASK_TYPE = 'vmm';

export interface VmmTaskDefinition extends vscode.TaskDefinition {
  command: 'check';
  files?: string[];
  args?: string[];
}

/** The CLI's arguments for a task: `check`, its extra options, then its files. */
export function taskArguments(definition: VmmTaskDefinition, found: readonly string[]): string[] {
  return [definition.command, ...(definition.args ?? []), ...(definition.files && definition.files.length > 0 ? definition.files : found)];
}

/** The .vmm files of a folder, relative to it with `/`, sorted (node_modules and dot folders left out). */
async function vmmFiles(folder: vscode.WorkspaceFolder): Promise<string[]> {
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.vmm'), '{**/node_modules/**,**/.*/**}');
  return found.map((uri) => vscode.workspace.asRelativePath(uri, false)).sort();
}

export class VmmTaskProvider implements vscode.TaskProvider {
  constructor(private readonly cli: string) {}

  private task(folder: vscode.WorkspaceFolder, definition: VmmTaskDefinition, files: readonly string[]): vscode.Task {
    // VS Code's own runtime runs the CLI (as Node, without Electron): no Node.js needs to be installed.
    const execution = new vscode.ProcessExecution(process.execPath, [this.cli, ...taskArguments(definition, files)], {
      cwd: folder.uri.fsPath,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const task = new vscode.Task(definition, folder, definition.command, 'vmm', execution, '$vmm');
    task.group = vscode.TaskGroup.Build;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
    task.detail = `vmm check over ${definition.files?.join(' ') ?? 'the folder’s .vmm files'}; findings in Problems`;
    return task;
  }

  async provideTasks(): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const files = await vmmFiles(folder);
      if (files.length > 0) tasks.push(this.task(folder, { type: TASK_TYPE, command: 'check' }, files));
    }
    return tasks;
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    const definition = task.definition as VmmTaskDefinition;
    if (definition.command !== 'check' || typeof task.scope !== 'object') return undefined;
    const files = definition.files && definition.files.length > 0 ? definition.files : await vmmFiles(task.scope);
    return this.task(task.scope, definition, files);
  }
}
