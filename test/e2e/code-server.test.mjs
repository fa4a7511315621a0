// The end-to-end scenarios in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) driven by
// Debian's Chromium through playwright-core, offline. Run by test/e2e/run.mjs (npm run test:e2e),
// which builds vmm.vsix and installs the tooling first. One code-server and one browser for the
// file; each scenario gets a fresh copy of samples/ as its workspace and a fresh page (so its own
// window and extension host), saves a screenshot under test/e2e/artifacts/, and on failure the
// code-server and extension-host logs there too. A last test runs the same scenarios through the
// vscode API (the @vscode/test-electron suite) in code-server's extension host.
import { after, before, test } from 'node:test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CodeServer } from './lib/code-server.mjs';
import { LogWatch } from './lib/log-watch.mjs';
import { UiDriver } from './lib/ui-driver.mjs';
import { root, scenarios, workspaceFor } from './scenarios.mjs';
import { chromiumPath, e2eDir } from './setup.mjs';

const vsix = process.env.VMM_E2E_VSIX ?? join(root, 'vmm.vsix');
const artifacts = join(e2eDir, 'artifacts');

let server;
let browser;
let profile;

before(async () => {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package (npm run test:e2e does)`);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  server = await CodeServer.start({ vsix });
  profile = mkdtempSync(join(tmpdir(), 'vmm-e2e-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  if (profile) rmSync(profile, { recursive: true, force: true });
  await server?.stop();
});

for (const scenario of scenarios) {
  test(scenario.title, async () => {
    const { folder, url } = server.workspace(scenario.id, (f) => workspaceFor(scenario, f));
    const page = await browser.newPage();
    const watch = new LogWatch([server.logsDir], () => server.output).start();
    let driver = new UiDriver(page, { folder, artifacts, watch });
    if (process.env.VMM_E2E_DEBUG) {
      // Logs how long each driver call takes.
      const inner = driver;
      driver = new Proxy(inner, {
        get(target, key) {
          const v = Reflect.get(target, key);
          if (typeof v !== 'function' || key === 'until') return typeof v === 'function' ? v.bind(target) : v;
          return async (...args) => {
            const t = Date.now();
            try {
              return await v.apply(target, args);
            } finally {
              process.stderr.write(`[e2e] ${Date.now() - t} ms driver.${String(key)}\n`);
            }
          };
        },
      });
    }
    try {
      const t0 = Date.now();
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      if (process.env.VMM_E2E_DEBUG) process.stderr.write(`[e2e] ${Date.now() - t0} ms page loaded\n`);
      await driver.ready();
      await scenario.run(driver);
    } catch (error) {
      const to = join(artifacts, `${scenario.id}-failure`);
      await page.screenshot({ path: join(artifacts, `${scenario.id}-failure.png`) }).catch(() => undefined);
      server.saveLogs(to);
      error.message += `\n(screenshot and logs: ${to})`;
      throw error;
    } finally {
      watch.stop();
      const t1 = Date.now();
      await page.close().catch(() => undefined);
      if (process.env.VMM_E2E_DEBUG) process.stderr.write(`[e2e] ${Date.now() - t1} ms page closed\n`);
    }
  });
}

// The same scenarios through the vscode API: the extension-host suite of the @vscode/test-electron
// variant (electron/suite.cjs), run here in code-server's extension host, so that it is kept
// working on this offline machine too. It prints one line per scenario and a closing count.
test("the same scenarios through the vscode API (the test-electron suite, in code-server's extension host)", async () => {
  const { folder } = server.workspace('api', (f) => workspaceFor({}, f));
  const page = await browser.newPage();
  const watch = new LogWatch([server.logsDir], () => server.output).start();
  const lines = [];
  try {
    const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = (Array.isArray(args) ? args : [args]).map(String).join(' ');
      if (type === 'info' || type === 'error' || type === 'warn') lines.push(line);
    });
    const url = server.testUrl(folder, join(e2eDir, 'electron', 'suite.cjs'), { VMM_E2E_LOGS: server.logsDir, VMM_E2E_ONLY: process.env.VMM_E2E_ONLY ?? '' });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the extension-host suite did not finish within 240 s')), 240_000).unref());
    const code = await Promise.race([exit, timeout, watch.crashed()]);
    const report = lines.filter((l) => /^(✔|✖|﹣|\d+ passed)/.test(l) || /^Error/.test(l));
    process.stdout.write(report.map((l) => `    ${l.split('\n').join('\n    ')}`).join('\n') + '\n');
    if (code !== 0) throw new Error(`the extension-host suite exited with ${code}:\n${report.join('\n')}`);
  } catch (error) {
    const to = join(artifacts, 'api-failure');
    server.saveLogs(to);
    error.message += `\n(logs: ${to})`;
    throw error;
  } finally {
    watch.stop();
    await page.close().catch(() => undefined);
  }
});
