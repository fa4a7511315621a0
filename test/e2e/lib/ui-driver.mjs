// The scenarios' driver for code-server: everything goes through the workbench UI with the
// keyboard and the mouse, as a person would, and every check waits on the UI's own state (the
// Problems view's rows, squiggles, quick-input and action-list rows, the hover) with a timeout;
// there is no fixed sleep. Each wait also fails at once when the log watch sees a crash.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { walkthroughStep } from '../scenarios.mjs';

const TIMEOUT = Number(process.env.VMM_E2E_TIMEOUT ?? 30_000);
const SEVERITY = { Error: 'error', Warning: 'warning', Info: 'info' };
const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ');

export class UiDriver {
  /**
   * @param {import('playwright-core').Page} page a page on code-server with `folder` open
   * @param {{ folder: string, artifacts: string, watch: import('./log-watch.mjs').LogWatch }} options
   */
  constructor(page, { folder, artifacts, watch }) {
    this.page = page;
    this.folder = folder;
    this.artifacts = artifacts;
    this.watch = watch;
  }

  /** Polls fn until it returns a value other than undefined/false, or fails after timeout; a crash fails it at once. */
  async until(fn, what, timeout = TIMEOUT) {
    const started = Date.now();
    const deadline = started + timeout;
    const debug = (outcome) => process.env.VMM_E2E_DEBUG && process.stderr.write(`[e2e] ${Date.now() - started} ms ${outcome}: ${what}\n`);
    let last;
    let lastError;
    const crashed = this.watch?.crashed();
    crashed?.catch(() => undefined);
    for (;;) {
      if (this.watch?.crash) throw this.watch.crash;
      try {
        last = await fn();
        lastError = undefined;
        if (last !== undefined && last !== false) {
          debug('ok');
          return last;
        }
      } catch (e) {
        lastError = e;
      }
      if (Date.now() > deadline) {
        debug('timed out');
        const seen = lastError ? `error: ${lastError.message}` : `last seen: ${typeof last === 'string' ? last : JSON.stringify(last, null, 1)}`;
        throw new Error(`timed out after ${timeout} ms waiting for ${what} (${seen})`);
      }
      // Look again shortly (a polling interval: the wait itself ends on the state, or the timeout).
      await Promise.race([this.page.waitForTimeout(100), crashed].filter(Boolean));
    }
  }

  /** Waits for the workbench and the explorer listing the workspace. */
  async ready() {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.until(
      async () => (await this.page.locator('.explorer-folders-view .monaco-list-row').count()) > 0,
      'the explorer to list the workspace',
      60_000,
    );
  }

  async #quickInput(prefixKey, text, rowPattern) {
    await this.#pick(prefixKey, text, rowPattern);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  /** Opens a quick input, types, and chooses the row that matches (else Enter); the widget may stay open for a list that follows. */
  async #pick(prefixKey, text, rowPattern) {
    const { page } = this;
    await page.keyboard.press(prefixKey);
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(text);
    if (rowPattern) {
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: rowPattern }).first();
      await this.until(async () => (await row.count()) > 0 && (await row.isVisible()), `a quick-input row ${rowPattern}`);
      await row.click();
    } else {
      await page.keyboard.press('Enter');
    }
  }

  /** Runs a command from the palette (F1), choosing the row that matches. */
  async #command(text, rowPattern) {
    await this.#quickInput('F1', `>${text}`, rowPattern);
  }

  /** Opens a file of the workspace's top folder from the explorer (a double click), else with Quick Open (Ctrl+P). */
  async open(file) {
    const { page } = this;
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${file}"]`).first();
    const listed = await this.until(async () => (await row.count()) > 0, `${file} in the explorer`, 10_000).catch(() => false);
    if (listed && !file.includes('/'))
      await row.dblclick(); // a double click opens it pinned, the focus in the editor
    else await this.#quickInput('Control+P', file, file);
    // By its resource name: a webview titled after the file (the topology) has the file's name in its text too.
    const tab = page.locator(`.tabs-container .tab.active[data-resource-name="${file.split('/').pop()}"]`);
    await tab.waitFor({ timeout: TIMEOUT });
    await this.until(async () => (await page.locator('.editor-instance .monaco-editor.focused .view-lines').count()) > 0, `the editor of ${file} focused`);
    // The language mode in the status bar says the extension's language is on.
    await this.until(
      async () =>
        /VMM/.test(
          norm(
            await page
              .locator('#status\\.editor\\.mode')
              .textContent()
              .catch(() => ''),
          ),
        ),
      'the language mode VMM in the status bar',
    );
    this.file = file;
  }

  /** Moves the cursor with Go to Line/Column (Ctrl+G). */
  async goTo({ line, character }) {
    await this.#quickInput('Control+G', `:${line + 1}:${character + 1}`);
    await this.until(
      async () =>
        norm(
          await this.page
            .locator('#status\\.editor\\.selection')
            .textContent()
            .catch(() => ''),
        ).includes(`Ln ${line + 1}, Col ${character + 1}`),
      `the cursor at ${line + 1}:${character + 1}`,
    );
  }

  /** Opens the Problems view from the status bar's problems item, the editor keeping the focus. */
  async #showProblems() {
    const panel = this.page.locator('.markers-panel');
    if (await panel.isVisible().catch(() => false)) return;
    await this.page.locator('#status\\.problems').click();
    await panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    // Back to the editor, the Problems view staying open.
    await this.page.keyboard.press('Control+1');
  }

  /**
   * The Problems view's rendered rows for one file (the list is virtual: keep scenarios to fewer
   * problems than the panel shows, about 10), with their aria-label (severity, message, line) and
   * their code.
   */
  async #problemRows(file) {
    return this.page.evaluate((file) => {
      const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')];
      const result = [];
      let current;
      for (const row of rows) {
        const resource = row.querySelector('.file-icon, .monaco-icon-label');
        const marker = row.querySelector('.marker-message-details, .marker-message');
        if (!marker && resource) {
          current = (row.getAttribute('aria-label') ?? row.textContent ?? '').includes(file);
          continue;
        }
        if (!current || !marker) continue;
        const label = row.getAttribute('aria-label') ?? '';
        result.push({ label, text: row.textContent ?? '', code: row.querySelector('.marker-code, .code')?.textContent ?? '' });
      }
      return result;
    }, file);
  }

  async waitForProblems(file, predicate, what) {
    await this.#showProblems();
    return this.until(async () => {
      // A task's terminal may come to the front meanwhile: the Problems view is shown again.
      await this.#showProblems();
      const rows = await this.#problemRows(file);
      const problems = rows.map((r) => {
        const m = /^(Error|Warning|Info)(?: generated by [^:]*)?: ([\s\S]*) at line (\d+) and character (\d+)\./.exec(norm(r.label));
        const code = /VMM\d{3}/.exec(r.code || r.text)?.[0] ?? '';
        return m ? { severity: SEVERITY[m[1]], code, message: m[2], line: Number(m[3]) - 1 } : { severity: '?', code, message: norm(r.text), line: -1 };
      });
      return predicate(problems) ? problems : ((this.lastProblems = problems), undefined);
    }, `the Problems view to show, for ${file}, ${what}`).catch((e) => {
      throw new Error(
        `${e.message}\nProblems view rows:\n${(this.lastProblems ?? []).map((p) => `  ${p.severity} ${p.code} line ${p.line + 1}: ${p.message}`).join('\n')}`,
      );
    });
  }

  /** The number of error squiggles drawn in the active editor once predicate(number) holds; the cursor is moved to position first (revealing it). */
  async waitForErrorSquiggles(position, predicate, what) {
    if (position) await this.goTo(position);
    const squiggles = this.page.locator('.editor-instance .monaco-editor.focused .squiggly-error');
    return this.until(async () => {
      const n = await squiggles.count();
      return predicate(n) ? { n } : undefined;
    }, `error squiggles: ${what}`).then((r) => r.n);
  }

  async waitForCodeLens(pattern) {
    const lenses = this.page.locator('.editor-instance .monaco-editor.focused .codelens-decoration');
    return this.until(async () => (await lenses.allInnerTexts()).map(norm).find((t) => pattern.test(t)), `a code lens matching ${pattern}`);
  }

  async hover(position, pattern) {
    await this.goTo(position);
    const hover = this.page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .monaco-hover-content').first();
    return this.until(async () => {
      if (!(await hover.isVisible().catch(() => false))) {
        await this.page.keyboard.press('Control+K');
        await this.page.keyboard.press('Control+I');
        await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
      }
      const text = norm(await hover.innerText().catch(() => ''));
      return pattern.test(text) ? text : undefined;
    }, `a hover matching ${pattern}`);
  }

  async quickFix(position, titlePrefix) {
    const { page } = this;
    await this.goTo(position);
    const rows = page.locator('.action-widget .monaco-list-row.action');
    await this.until(async () => {
      if ((await rows.count()) === 0) {
        await page.keyboard.press('Control+.');
        await rows
          .first()
          .waitFor({ state: 'visible', timeout: 5000 })
          .catch(() => undefined);
      }
      return (await rows.count()) > 0;
    }, 'the quick-fix list (Ctrl+.)');
    const titles = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))).map((t) => norm(t).trim());
    if (!titles.some((t) => t.startsWith(titlePrefix))) throw new Error(`no quick fix "${titlePrefix}…" among:\n${titles.join('\n')}`);
    // Down to the fix with the keyboard, as the list is meant to be used, then Enter.
    const focused = page.locator('.action-widget .monaco-list-row.action.focused');
    await this.until(async () => {
      const label = norm(await focused.getAttribute('aria-label').catch(() => ''));
      if (label.startsWith(titlePrefix)) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    }, `the quick fix "${titlePrefix}…" focused`);
    await this.screenshot('quick-fix-list');
    await page.keyboard.press('Enter');
    await page
      .locator('.action-widget')
      .waitFor({ state: 'hidden', timeout: TIMEOUT })
      .catch(() => undefined);
    return titles;
  }

  async rename(position, newName) {
    const { page } = this;
    await this.goTo(position);
    await page.keyboard.press('F2');
    const input = page.locator('.rename-box input, .rename-box .rename-input').first();
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(newName);
    await this.screenshot('rename-input');
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  /** The visible text of the active editor (small files: every line is rendered). */
  async waitForEditorText(pattern) {
    const lines = this.page.locator('.editor-instance .monaco-editor.focused .view-lines');
    return this.until(async () => {
      const text = norm(await lines.innerText().catch(() => ''));
      return pattern.test(text) ? text : undefined;
    }, `the editor's text to match ${pattern}`);
  }

  async saveAll() {
    await this.#command('File: Save All Files', /File: Save All Files/);
    await this.until(async () => (await this.page.locator('.tabs-container .tab.dirty').count()) === 0, 'every editor saved');
  }

  async runCommand(_id, title) {
    await this.#command(title, title);
  }

  /** Runs a command from the explorer's context menu on a file of the top folder (a right click, then the menu item by its title). */
  async explorerCommand(file, _id, title) {
    const { page } = this;
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${file}"]`).first();
    await this.until(async () => (await row.count()) > 0, `${file} in the explorer`);
    await row.click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-item', { hasText: title }).first();
    await this.until(async () => (await item.count()) > 0 && (await item.isVisible()), `the context menu item ${title}`);
    // The menu acts on the item the pointer is over when Enter is pressed (a plain click can land before it is armed).
    await item.hover();
    await page.keyboard.press('Enter');
    await this.until(async () => !(await item.isVisible().catch(() => false)), 'the context menu closed');
  }

  /** Another group's editor; a tab there that is not in front is clicked, as a person would, to read it. */
  async waitForEditorBeside(predicate, what) {
    const { page } = this;
    return this.until(async () => {
      const groups = page.locator('.editor-group-container');
      const n = await groups.count();
      for (let i = 0; i < n; i++) {
        const group = groups.nth(i);
        const names = (await group.locator('.tab .label-name').allInnerTexts()).map((t) => norm(t).trim());
        if (names.includes(this.file)) continue;
        for (const name of names) {
          const tab = group.locator('.tab', { has: page.locator('.label-name', { hasText: name }) }).first();
          if (!(await tab.getAttribute('class'))?.includes('active')) await tab.click();
          const text = norm(
            await group
              .locator('.view-lines')
              .first()
              .innerText({ timeout: 1000 })
              .catch(() => ''),
          );
          if (predicate({ name, text })) return { name, text };
        }
      }
      return undefined;
    }, what);
  }

  /** A webview tab titled titlePrefix…, and its content's text (inside the webview's frames) once it matches pattern. */
  async waitForWebview(titlePrefix, pattern) {
    const { page } = this;
    const tab = page.locator('.tabs-container .tab', { hasText: titlePrefix }).first();
    await this.until(
      async () =>
        (await tab.count()) > 0 &&
        norm(await tab.innerText())
          .trim()
          .startsWith(titlePrefix),
      `a tab titled "${titlePrefix}…"`,
    );
    if (!(await tab.getAttribute('class'))?.includes('active')) await tab.click();
    return this.until(
      async () => {
        for (const frame of page.frames()) {
          const text = norm(
            await frame
              .locator('body')
              .innerText({ timeout: 500 })
              .catch(() => ''),
          );
          if (frame === page.mainFrame() || !`${frame.url()} ${frame.parentFrame()?.url()}`.includes('webview') || !text) continue;
          if (!pattern || pattern.test(text)) return text;
        }
        return undefined;
      },
      `the webview "${titlePrefix}…" to show ${pattern ?? 'something'}`,
    );
  }

  /** Opens the walkthrough from the palette (Welcome: Open Walkthrough…), opens the step by its title and clicks its button. */
  async walkthroughStep(id, stepId) {
    const { page } = this;
    const { walkthrough, step, button } = walkthroughStep(id, stepId);
    const container = page.locator('.gettingStartedContainer');
    if (!(await container.isVisible().catch(() => false))) {
      // The palette, then the walkthrough list in the same quick input (it does not close between).
      await this.#pick('F1', '>Welcome: Open Walkthrough', /Welcome: Open Walkthrough/);
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: walkthrough.title }).first();
      await this.until(async () => (await row.count()) > 0 && (await row.isVisible()), `the walkthrough "${walkthrough.title}" in the quick pick`);
      await row.click();
      await container.waitFor({ state: 'visible', timeout: TIMEOUT });
    }
    const title = page.locator('.getting-started-step', { hasText: step.title }).first();
    await this.until(async () => (await title.count()) > 0 && (await title.isVisible()), `the step "${step.title}"`);
    const link = page.locator('.getting-started-step.expanded .monaco-button, .getting-started-step.expanded a', { hasText: button }).first();
    await this.until(async () => {
      if ((await link.count()) > 0 && (await link.isVisible())) return true;
      await title.click();
      return false;
    }, `the step "${step.title}" open with its button "${button}"`);
    await this.screenshot(`walkthrough-${stepId}`);
    await link.click();
  }

  /**
   * Tasks: Run Task from the palette, then the task by its label (in the provider's group when the
   * list shows one). The list is made while extensions activate for it, and on a loaded machine it
   * can come up without the provider's entry: then it is closed and asked for again (three times).
   */
  async runTask(label) {
    let seen = [];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#runTaskOnce(label, (names) => (seen = names));
        return;
      } catch (error) {
        if (attempt >= 3) throw new Error(`${error.message}; the task list last showed: ${JSON.stringify(seen)}`, { cause: error });
        await this.page.keyboard.press('Escape');
      }
    }
  }

  async #runTaskOnce(label, saw) {
    const { page } = this;
    await this.#pick('F1', '>Tasks: Run Task', /^Tasks: Run Task/);
    const [type] = label.split(':');
    // The palette closes and the task list opens (a moment without a quick input between): done once the task row was clicked and the list closed.
    let chosen = false;
    await this.until(
      async () => {
        const open = await page.locator('.quick-input-widget').isVisible();
        if (!open) return chosen;
        const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
        // Each row by its label (the first of its label names): the task itself, else its provider's group.
        const names = (await rows.evaluateAll((els) => els.map((e) => (e.querySelector('.label-name')?.textContent ?? e.textContent ?? '').trim()))).map(norm);
        saw(names);
        const [, name] = /^[^:]+: (.*)$/.exec(label) ?? [undefined, label];
        let at = names.findIndex((n) => n === label || n === name);
        if (at < 0) at = names.findIndex((n) => n === type);
        if (at < 0) return false;
        await rows.nth(at).click();
        chosen = true;
        return false;
      },
      `the task "${label}" chosen`,
      TIMEOUT / 3,
    );
  }

  /** Developer: Reload Window, then the workbench ready again. */
  async reload() {
    const { page } = this;
    const loaded = page.waitForEvent('load', { timeout: 60_000 });
    await this.#command('Developer: Reload Window', /Developer: Reload Window/);
    await loaded;
    await this.ready();
  }

  async screenshot(name) {
    mkdirSync(this.artifacts, { recursive: true });
    await this.page.screenshot({ path: join(this.artifacts, `${name}.png`) });
  }
}
