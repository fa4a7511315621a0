// The extension-host side of the @vscode/test-electron run (extensionTestsPath): runs the same
// scenarios (test/e2e/scenarios.mjs) through the vscode API driver, one after the other, each on
// a fresh copy of samples/ in the workspace folder the runner opened. Prints one line per
// scenario and a closing "N passed, N failed, N skipped"; throws when one failed, which makes
// VS Code exit non-zero.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vscode = require('vscode');
const { ApiDriver } = require('./api-driver.cjs');

async function run() {
  const e2e = path.join(__dirname, '..');
  const { scenarios, workspaceFor, Skip } = await import(pathToFileURL(path.join(e2e, 'scenarios.mjs')).href);
  const { LogWatch } = await import(pathToFileURL(path.join(e2e, 'lib', 'log-watch.mjs')).href);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('no workspace folder: the runner opens a copy of samples/');
  const only = process.env.VMM_E2E_ONLY ? new RegExp(process.env.VMM_E2E_ONLY) : undefined;
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  for (const scenario of scenarios) {
    const skip = only && !only.test(scenario.title) ? 'not selected by VMM_E2E_ONLY' : undefined;
    if (skip) {
      counts.skipped++;
      console.log(`﹣ ${scenario.title} # SKIP ${skip}`);
      continue;
    }
    // A fresh copy of the samples and the scenario's files (the folder itself stays: it is the workspace).
    const fresh = `${folder}.fresh`;
    workspaceFor(scenario, fresh);
    for (const entry of fs.readdirSync(folder)) fs.rmSync(path.join(folder, entry), { recursive: true, force: true });
    fs.cpSync(fresh, folder, { recursive: true });
    fs.rmSync(fresh, { recursive: true, force: true });
    const watch = process.env.VMM_E2E_LOGS ? new LogWatch([process.env.VMM_E2E_LOGS]).start() : undefined;
    const driver = new ApiDriver({ folder, watch });
    const started = Date.now();
    try {
      await scenario.run(driver);
      counts.passed++;
      console.log(`✔ ${scenario.title} (${Date.now() - started} ms)`);
    } catch (error) {
      if (error instanceof Skip) {
        counts.skipped++;
        console.log(`﹣ ${scenario.title} # SKIP ${error.message}`);
        continue;
      }
      counts.failed++;
      failures.push(`${scenario.title}: ${error.stack ?? error}`);
      console.log(`✖ ${scenario.title} (${Date.now() - started} ms)\n${error.stack ?? error}`);
    } finally {
      watch?.stop();
      await driver.reset();
    }
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  if (counts.failed) throw new Error(`${counts.failed} end-to-end scenario(s) failed:\n${failures.join('\n')}`);
}

module.exports = { run };
