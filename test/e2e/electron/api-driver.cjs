// The scenarios' driver inside VS Code's extension host (@vscode/test-electron, or code-server's
// extension host): the same steps as the UI driver, through the vscode API — the diagnostics the
// Problems view shows, the hover, code-action and rename providers the editor calls.
'use strict';
const path = require('node:path');
const vscode = require('vscode');

const TIMEOUT = Number(process.env.VMM_E2E_TIMEOUT || 30000);
const SEVERITY = ['error', 'warning', 'info', 'hint'];

function text(content) {
  if (typeof content === 'string') return content;
  if (content && typeof content.value === 'string') return content.value;
  return '';
}

class ApiDriver {
  /** @param {{ folder: string, watch?: { crash?: Error } }} options */
  constructor({ folder, watch }) {
    this.folder = folder;
    this.watch = watch;
  }

  uri(file) {
    return vscode.Uri.file(path.join(this.folder, file));
  }

  async until(fn, what, timeout = TIMEOUT) {
    const deadline = Date.now() + timeout;
    let last;
    let lastError;
    for (;;) {
      if (this.watch && this.watch.crash) throw this.watch.crash;
      try {
        last = await fn();
        lastError = undefined;
        if (last !== undefined && last !== false) return last;
      } catch (e) {
        lastError = e;
      }
      if (Date.now() > deadline) {
        const seen = lastError ? `error: ${lastError.message}` : `last seen: ${typeof last === 'string' ? last : JSON.stringify(last, null, 1)}`;
        throw new Error(`timed out after ${timeout} ms waiting for ${what} (${seen})`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async open(file) {
    const document = await vscode.workspace.openTextDocument(this.uri(file));
    this.editor = await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
    await this.until(() => document.languageId === 'vmm', `${file} in language vmm (is ${document.languageId})`);
    const extension = vscode.extensions.getExtension('vmm.vmm');
    if (!extension) throw new Error('the extension vmm.vmm is not installed');
    await this.until(() => extension.isActive, 'the extension vmm.vmm active');
    this.file = file;
  }

  async waitForProblems(file, predicate, what) {
    const uri = this.uri(file);
    let last = [];
    return this.until(() => {
      last = vscode.languages.getDiagnostics(uri).map((d) => ({
        severity: SEVERITY[d.severity],
        code: typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code ?? ''),
        message: d.message,
        line: d.range.start.line,
      }));
      return predicate(last) ? last : undefined;
    }, `the diagnostics of ${file} to be ${what}`).catch((e) => {
      throw new Error(`${e.message}\ndiagnostics:\n${last.map((p) => `  ${p.severity} ${p.code} line ${p.line + 1}: ${p.message}`).join('\n')}`);
    });
  }

  async waitForErrorSquiggles(at, predicate, what) {
    const editor = vscode.window.activeTextEditor;
    if (at) this.position(at);
    return this.until(() => {
      const n = editor ? vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length : 0;
      return predicate(n) ? { n } : undefined;
    }, `error diagnostics: ${what}`).then((r) => r.n);
  }

  position({ line, character }) {
    const position = new vscode.Position(line, character);
    if (this.editor) this.editor.selection = new vscode.Selection(position, position);
    return position;
  }

  async hover(at, pattern) {
    const uri = vscode.window.activeTextEditor.document.uri;
    const position = this.position(at);
    return this.until(async () => {
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) || [];
      const all = hovers.flatMap((h) => h.contents.map(text)).join('\n');
      return pattern.test(all) ? all : undefined;
    }, `a hover matching ${pattern}`);
  }

  async waitForCodeLens(pattern) {
    const uri = vscode.window.activeTextEditor.document.uri;
    return this.until(async () => {
      const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 100)) || [];
      return lenses.map((l) => (l.command ? l.command.title : '')).find((t) => pattern.test(t));
    }, `a code lens matching ${pattern}`);
  }

  async quickFix(at, titlePrefix) {
    const uri = vscode.window.activeTextEditor.document.uri;
    const position = this.position(at);
    let titles = [];
    const action = await this.until(async () => {
      const actions =
        (await vscode.commands.executeCommand(
          'vscode.executeCodeActionProvider',
          uri,
          new vscode.Range(position, position),
          vscode.CodeActionKind.QuickFix.value,
        )) || [];
      titles = actions.map((a) => a.title);
      return actions.find((a) => a.title.startsWith(titlePrefix));
    }, `a quick fix "${titlePrefix}…"`).catch((e) => {
      throw new Error(`${e.message}; offered:\n${titles.join('\n')}`);
    });
    if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) throw new Error(`the edit of "${action.title}" was not applied`);
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments || []));
    return titles;
  }

  async rename(at, newName) {
    const uri = vscode.window.activeTextEditor.document.uri;
    const position = this.position(at);
    const edit = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', uri, position, newName);
    if (!edit || !(await vscode.workspace.applyEdit(edit))) throw new Error(`the rename to ${newName} gave no edit or was not applied`);
  }

  async waitForEditorText(pattern) {
    return this.until(() => {
      const t = vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.getText();
      return t && pattern.test(t) ? t : undefined;
    }, `the editor's text to match ${pattern}`);
  }

  async saveAll() {
    await vscode.workspace.saveAll(false);
  }

  async runCommand(id) {
    await vscode.commands.executeCommand(id);
  }

  async explorerCommand(file, id) {
    const uri = this.uri(file);
    await vscode.commands.executeCommand(id, uri, [uri]);
  }

  async waitForEditorBeside(predicate, what) {
    const source = this.editor;
    return this.until(() => {
      for (const e of vscode.window.visibleTextEditors) {
        if (source && e.viewColumn === source.viewColumn) continue;
        const candidate = { name: path.basename(e.document.uri.path), text: e.document.getText() };
        if (candidate.name !== this.file && predicate(candidate)) return candidate;
      }
      return undefined;
    }, what);
  }

  /** The pattern is for the UI driver, which reads the webview's content; the API cannot. */
  async waitForWebview(titlePrefix) {
    await this.until(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith(titlePrefix)),
      `a webview titled "${titlePrefix}…"`,
    );
  }

  /** The walkthrough opened as the UI opens it; the step's button is its command link, run. */
  async walkthroughStep(id, step) {
    const { walkthroughStep } = await import(require('node:url').pathToFileURL(path.join(__dirname, '..', 'scenarios.mjs')).href);
    const { command } = walkthroughStep(id, step);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `vmm.vmm#${id}`, false);
    await vscode.commands.executeCommand(command);
  }

  /** The task the providers give under that label, run. */
  async runTask(label) {
    const task = await this.until(
      async () => (await vscode.tasks.fetchTasks()).find((t) => `${t.source}: ${t.name}` === label || t.name === label),
      `the task ${label}`,
    );
    await vscode.tasks.executeTask(task);
  }

  async reload() {
    const { Skip } = await import(require('node:url').pathToFileURL(path.join(__dirname, '..', 'scenarios.mjs')).href);
    throw new Skip('a window reload would end the extension host this suite runs in');
  }

  async screenshot() {
    // No screen to take here: the UI run (code-server) takes them.
  }

  /** Between scenarios: every editor closed unsaved. */
  async reset() {
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (!tab.isDirty || !(tab.input instanceof vscode.TabInputText)) continue;
      await vscode.window.showTextDocument(tab.input.uri, { viewColumn: tab.group.viewColumn, preview: false });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.window.tabGroups.close(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs),
      true,
    );
    this.editor = undefined;
    this.file = undefined;
  }
}

module.exports = { ApiDriver };
