// The end-to-end scenarios, written once against a small driver interface so that the same steps
// run in code-server driven through its UI by Chromium (test/e2e/code-server.test.mjs, the UI
// driver in lib/ui-driver.mjs) and inside a downloaded VS Code under @vscode/test-electron
// (test/e2e/electron/, the vscode-API driver in electron/api-driver.cjs).
//
// Each scenario runs in a workspace folder that is a throwaway copy of samples/ plus its `files`
// (name → text, written before the window opens: see workspaceFor). A driver offers:
//   folder                                   the workspace folder's path
//   open(file)                               opens a workspace file in the editor, focused
//   waitForProblems(file, predicate, what)   problems of a file once predicate(problems) holds:
//                                            [{ severity: 'error'|'warning'|'info', code, message, line }]
//                                            (line 0-based); UI: read from the Problems view
//   waitForErrorSquiggles(position, predicate, what)
//                                            the number of error markers in the active editor once
//                                            predicate(n) holds, the cursor moved to position first
//                                            (UI: squiggles drawn; API: error diagnostics)
//   hover(position, pattern)                 the hover's text at a position once it matches pattern
//   waitForCodeLens(pattern)                 the title of a code lens of the active editor once
//                                            one matches pattern (UI: drawn above its line)
//   quickFix(position, titlePrefix)          applies the quick fix whose title starts so (UI: Ctrl+.);
//                                            returns every offered title
//   rename(position, newName)                renames the symbol there (UI: F2)
//   waitForEditorText(pattern)               the active editor's text once it matches pattern
//   saveAll()                                saves every dirty editor
//   runCommand(id, title)                    runs a command (UI: from the palette, by its title)
//   explorerCommand(file, id, title)         runs a command on a workspace file from the explorer's
//                                            context menu (UI: right click, the item by its title)
//   waitForEditorBeside(predicate, what)     an editor in another group than the source's, once
//                                            predicate({ name, text }) holds
//   waitForWebview(titlePrefix, pattern)     a webview tab whose title starts so; the UI driver
//                                            also waits for its content's text to match pattern
//   walkthroughStep(id, step)                opens the walkthrough id (package.json contributes.walkthroughs)
//                                            and runs the button of its step (UI: the Welcome page,
//                                            the step clicked open, its button clicked; API: the
//                                            command its description links to)
//   runTask(label)                           runs a task the providers give (UI: Tasks: Run Task)
//   reload()                                 reloads the window (UI only: the API driver throws
//                                            Skip, as its own extension host would end)
//   screenshot(name)                         saves test/e2e/artifacts/NAME.png (UI only)
// Positions are { line, character }, 0-based, as in LSP.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const samples = join(root, 'samples');

/** The extension's manifest: the commands the scenarios run, by their palette titles. */
export const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const commands = manifest.contributes?.commands ?? [];

class AssertionError extends Error {}
function check(ok, message) {
  if (!ok) throw new AssertionError(message);
}

/** The 0-based position of the `nth` occurrence of needle in text, plus `shift` characters. */
export function positionOf(text, needle, { nth = 0, shift = 0 } = {}) {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    check(at >= 0, `"${needle}" (occurrence ${nth + 1}) is not in the text`);
  }
  const before = text.slice(0, at + shift).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** What the checker itself (the CLI over the same sources) reports for a workspace file. */
export function cliDiagnostics(folder, file) {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'vmm.cjs'), 'check', '--format', 'json', '--root', folder, join(folder, file)], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, // process.execPath is VS Code's binary under test-electron
  });
  check(r.stdout.trim().startsWith('['), `vmm check failed: ${r.stderr}`);
  return JSON.parse(r.stdout).map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: d.range.start.line }));
}

/** The plan the CLI writes for a workspace file (Markdown). */
export function cliPlan(folder, file) {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'vmm.cjs'), 'plan', join(folder, file)], {
    encoding: 'utf8',
    cwd: folder,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  check(r.status === 0, `vmm plan ${file} failed: ${r.stderr}`);
  return r.stdout;
}

/** A command's title in the palette: "Category: Title". */
function paletteTitle(id) {
  const c = commands.find((x) => x.command === id);
  check(c, `package.json contributes no command ${id}`);
  return `${c.category ? `${c.category}: ` : ''}${c.title}`;
}

const show = (ps) => ps.map((p) => `  ${p.severity} ${p.code} line ${p.line + 1}: ${p.message}`).join('\n');
const codeLines = (text) =>
  text
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, ''))
    .join('\n');
const count = (text, re) => (codeLines(text).match(re) ?? []).length;

/** The small file of the quick-fix scenario: a live migration over 35 ms, beyond metro's 10 ms. */
export const QUICKFIX_FILE = 'quickfix.vmm';
export const QUICKFIX_TEXT =
  'site a\nsite b\nlink a <-> b { rtt = 35ms  bandwidth = 10Gbps }\nvm web at a { memory = 16GiB  disk = 100GiB }\nmigrate web to b\n';

/** The file of the "Fix all" scenario: two intents over the same 35 ms link. */
export const FIXALL_FILE = 'fixall.vmm';
export const FIXALL_TEXT =
  'site a\nsite b\nlink a <-> b { rtt = 35ms  bandwidth = 10Gbps }\nvm web at a { memory = 16GiB  disk = 100GiB }\nvm api at a { memory = 8GiB  disk = 10GiB }\nmigrate web to b\nmigrate api to b\n';

/** The file of the task scenario: the quick-fix file, under a name no scenario opens. */
export const TASK_FILE = 'task.vmm';

/** Thrown by a driver that cannot take a step (the scenario is then skipped there, saying why). */
export class Skip extends Error {}

/** The walkthrough of the manifest and one of its steps. */
export function walkthroughStep(id, step) {
  const walkthrough = (manifest.contributes?.walkthroughs ?? []).find((w) => w.id === id);
  check(walkthrough, `package.json contributes no walkthrough ${id}`);
  const found = walkthrough.steps.find((s) => s.id === step);
  check(found, `the walkthrough ${id} has no step ${step}`);
  const link = /\[([^\]]+)\]\(command:([\w.]+)\)/.exec(found.description);
  check(link, `the step ${step} has no command button`);
  return { walkthrough, step: found, button: link[1], command: link[2] };
}

export const scenarios = [
  {
    id: 'diagnostics',
    title: "follow-the-sun.vmm: the checker's diagnostics in the Problems view",
    async run(d) {
      const file = 'follow-the-sun.vmm';
      const expected = cliDiagnostics(d.folder, file);
      check(
        expected.filter((p) => p.code === 'VMM301' && p.severity === 'error').length === 3,
        `the sample no longer has its three VMM301 errors:\n${show(expected)}`,
      );
      check(
        expected.some((p) => p.code === 'VMM203' && p.severity === 'warning'),
        `the sample no longer has its VMM203 warning:\n${show(expected)}`,
      );
      await d.open(file);
      const same = (a, b) => a.severity === b.severity && a.code === b.code && a.line === b.line && a.message === b.message;
      const problems = await d.waitForProblems(
        file,
        (ps) => ps.length === expected.length && expected.every((e) => ps.some((p) => same(p, e))),
        `the ${expected.length} diagnostics that vmm check reports:\n${show(expected)}`,
      );
      check(problems.filter((p) => p.code === 'VMM301' && p.severity === 'error').length === 3, 'three VMM301 errors');
      const vmm301 = problems.find((p) => p.code === 'VMM301');
      await d.waitForErrorSquiggles({ line: vmm301.line, character: 0 }, (n) => n >= 1, 'at least one on the migrate line');
      // The code lens above the migrate: its estimate.
      const lens = await d.waitForCodeLens(/3 VMs .*58 m 12 s/);
      check(
        /worst downtime 659 ms · an-03 converges with the guest throttled up to 99%/.test(lens),
        `the code lens states the worst downtime and how an-03's pre-copy ends: ${lens}`,
      );
      await d.screenshot('diagnostics');
    },
  },
  {
    id: 'hover',
    title: 'hover on a migrate: the estimate of the intent',
    async run(d) {
      const file = 'follow-the-sun.vmm';
      const text = readFileSync(join(d.folder, file), 'utf8');
      await d.open(file);
      await d.waitForProblems(file, (ps) => ps.some((p) => p.code === 'VMM203'), 'the VMM203 of the intent (the server has checked the file)');
      const hover = await d.hover(positionOf(text, 'migrate an-*', { shift: 2 }), /Estimated time of the intent/);
      const plain = hover.replace(/[*`]/g, ''); // the API driver gets the Markdown source
      check(/Estimated time of the intent:?\s*58 m 12 s/.test(plain), `the hover states the intent's time (58 m 12 s):\n${hover}`);
      check(['an-01', 'an-02', 'an-03'].every((vm) => plain.includes(vm)) && /downtime/.test(plain), `the hover lists each VM with its downtime:\n${hover}`);
      await d.screenshot('hover');
    },
  },
  {
    id: 'quick-fix',
    title: 'lightbulb on VMM101: "Use cold migration" removes the error',
    files: { [QUICKFIX_FILE]: QUICKFIX_TEXT },
    async run(d) {
      await d.open(QUICKFIX_FILE);
      const before = await d.waitForProblems(QUICKFIX_FILE, (ps) => ps.some((p) => p.code === 'VMM101'), 'a VMM101 error');
      const vmm101 = before.find((p) => p.code === 'VMM101');
      check(vmm101.severity === 'error' && vmm101.line === 4, `VMM101 is an error on the migrate line:\n${show(before)}`);
      const titles = await d.quickFix(positionOf(QUICKFIX_TEXT, 'migrate web', { shift: 2 }), 'Use cold migration');
      check(
        titles.some((t) => /^Use cold migration: .*offline.* — leaves the intent clean$/.test(t)),
        `the cold fix states its cost and, verified on a copy, that it leaves the intent clean:\n${titles.join('\n')}`,
      );
      await d.waitForEditorText(/method = cold/);
      await d.waitForProblems(QUICKFIX_FILE, (ps) => !ps.some((p) => p.code === 'VMM101' || p.severity === 'error'), 'no VMM101 and no error left');
      await d.waitForErrorSquiggles(undefined, (n) => n === 0, 'none left');
      await d.saveAll();
      const saved = readFileSync(join(d.folder, QUICKFIX_FILE), 'utf8');
      check(/migrate web to b \{\s*method = cold\s*\}/.test(saved), `the file now says method = cold:\n${saved}`);
      await d.screenshot('quick-fix');
    },
  },
  {
    id: 'fix-all',
    title: '"Fix All" runs source.fixAll.vmm: every fix that leaves nothing behind, applied',
    files: { [FIXALL_FILE]: FIXALL_TEXT },
    async run(d) {
      await d.open(FIXALL_FILE);
      await d.waitForProblems(FIXALL_FILE, (ps) => ps.filter((p) => p.code === 'VMM101').length === 2, 'two VMM101 errors');
      await d.runCommand('editor.action.fixAll', 'Fix All');
      await d.waitForEditorText(/migrate web to b \{\s*method = cold\s*\}\s*migrate api to b \{\s*method = cold\s*\}/);
      await d.waitForProblems(FIXALL_FILE, (ps) => !ps.some((p) => p.severity === 'error'), 'no error left');
      await d.screenshot('fix-all');
    },
  },
  {
    id: 'rename',
    title: 'rename a site (F2): every reference changes',
    async run(d) {
      const file = 'follow-the-sun.vmm';
      const text = readFileSync(join(d.folder, file), 'utf8');
      const references = count(text, /\bnyc\b/g);
      check(references >= 6, `follow-the-sun.vmm refers to nyc at least 6 times (${references})`);
      const problemsBefore = cliDiagnostics(d.folder, file).length;
      await d.open(file);
      await d.waitForProblems(file, (ps) => ps.length === problemsBefore, `${problemsBefore} problems before the rename`);
      await d.rename(positionOf(text, 'site nyc', { shift: 5 }), 'new-york');
      await d.waitForEditorText(/site new-york\b[\s\S]*link new-york <-> london/);
      await d.saveAll();
      const renamed = readFileSync(join(d.folder, file), 'utf8');
      check(count(renamed, /\bnyc\b/g) === 0, `no nyc left outside comments:\n${renamed}`);
      check(count(renamed, /\bnew-york\b/g) === references, `every one of the ${references} references renamed:\n${renamed}`);
      check(
        renamed
          .split('\n')
          .filter((l) => l.trimStart().startsWith('//'))
          .join('\n') ===
          text
            .split('\n')
            .filter((l) => l.trimStart().startsWith('//'))
            .join('\n'),
        'comments untouched',
      );
      // Still the same findings: nothing became an undeclared reference.
      await d.waitForProblems(
        file,
        (ps) =>
          ps.length === problemsBefore &&
          !ps.some((p) => p.code === 'VMM005') &&
          ps.some((p) => p.code === 'VMM301' && p.message.includes('(only at new-york)')),
        `${problemsBefore} problems, no VMM005, and VMM301 now naming new-york`,
      );
      await d.screenshot('rename');
    },
  },
  {
    id: 'plan',
    title: 'VMM: Generate Migration Plan from the palette: the plan opens beside the source',
    async run(d) {
      // A sample without errors (follow-the-sun has errors, so its plan only lists them).
      const file = 'metro-optimize.vmm';
      const expected = cliPlan(d.folder, file);
      const heading = expected.split('\n')[0];
      const total = expected.split('\n').find((l) => l.startsWith('| Total time'));
      check(heading === '# Migration plan: metro-optimize.vmm' && total, `vmm plan gives a plan:\n${expected}`);
      await d.open(file);
      await d.waitForProblems(file, (ps) => !ps.some((p) => p.severity === 'error'), 'no error (the server has checked the file)');
      await d.runCommand('vmm.generatePlan', paletteTitle('vmm.generatePlan'));
      // The plan's column is narrow and Markdown wraps: compare with white space folded.
      const flat = (text) => text.replace(/\s+/g, ' ');
      const plan = await d.waitForEditorBeside(
        (e) => e.name !== file && flat(e.text).includes(flat(heading)) && flat(e.text).includes(flat(total)),
        `the plan beside the source, as vmm plan gives it:\n${heading}\n${total}`,
      );
      check(/\.plan\.md$/.test(plan.name), `the plan is named after its source (${plan.name})`);
      // The top of the plan (what the UI shows without scrolling): the summary, then the schedule's gantt block.
      check(
        /## Schedule/.test(flat(plan.text)) && /```mermaid gantt title Schedule of/.test(flat(plan.text)),
        `the plan has its schedule as a Mermaid gantt:\n${plan.text}`,
      );
      await d.screenshot('plan');
    },
  },
  {
    id: 'topology',
    title: 'the topology view opens (a webview titled "VMM Topology…") with the schedule drawn under it',
    async run(d) {
      const file = 'metro-optimize.vmm';
      await d.open(file);
      await d.waitForProblems(file, (ps) => !ps.some((p) => p.severity === 'error'), 'no error (the server has checked the file)');
      const command = commands.find((c) => /topology/i.test(`${c.command} ${c.title}`));
      check(command, `package.json contributes no command for the topology view (looked for "topology" in ${commands.map((c) => c.command).join(', ')})`);
      await d.runCommand(command.command, paletteTitle(command.command));
      // The UI driver also reads the picture: the sites and the moving VMs, then the schedule's timeline with
      // its wave and intent (the API driver cannot see into a webview).
      await d.waitForWebview(
        'VMM Topology',
        /(nj-east[\s\S]*nj-west|nj-west[\s\S]*nj-east)[\s\S]*Schedule of metro-optimize\.vmm[\s\S]*Wave 1[\s\S]*migrate app-\* to nj-west/,
      );
      await d.screenshot('topology');
    },
  },
  {
    id: 'import',
    title: "VMM: Import Inventory… from the explorer's menu on an RVTools workbook: the .vmm opens beside it",
    files: { 'example1.xlsx': readFileSync(join(root, 'test', 'fixtures', 'import', 'example1', 'example1.xlsx')) },
    async run(d) {
      const source = join(d.folder, 'example1.xlsx');
      const expected = cliImport(d.folder, ['rvtools', source]);
      check(/^vm vm-8 at Datacenter \{$/m.test(expected), `vmm import gives vm-8 at Datacenter:\n${expected}`);
      await d.explorerCommand('example1.xlsx', 'vmm.importInventory', paletteTitle('vmm.importInventory').replace(/^VMM: /, ''));
      await d.waitForEditorText(/Imported by vmm import rvtools[\s\S]*site Datacenter/);
      const target = join(d.folder, 'example1.vmm');
      await d.until(() => existsSync(target), 'example1.vmm written');
      const written = readFileSync(target, 'utf8');
      check(written === expected, `example1.vmm is what vmm import writes:\n${written}`);
      await d.waitForProblems('example1.vmm', (ps) => !ps.some((p) => p.severity === 'error'), 'no error in the imported file');
      await d.screenshot('import');
    },
  },
  {
    id: 'walkthrough',
    title: 'the walkthrough "Get started with VMM": its sample opens with VMM101, its fix step removes the error, its plan step opens the plan',
    async run(d) {
      const sample = 'walkthrough.vmm';
      await d.walkthroughStep('vmm.gettingStarted', 'openSample');
      await d.until(() => existsSync(join(d.folder, sample)), `${sample} written in the workspace folder`);
      const expected = cliDiagnostics(d.folder, sample);
      check(
        expected.some((p) => p.code === 'VMM101' && p.severity === 'error'),
        `the sample has its VMM101:\n${show(expected)}`,
      );
      await d.waitForProblems(sample, (ps) => ps.some((p) => p.code === 'VMM101' && p.severity === 'error'), 'the VMM101 of the sample');
      await d.walkthroughStep('vmm.gettingStarted', 'applyFix');
      await d.waitForProblems(sample, (ps) => !ps.some((p) => p.severity === 'error'), 'no error left after the fix step');
      await d.saveAll();
      const fixed = readFileSync(join(d.folder, sample), 'utf8');
      check(/migrate web to b \{\s*method = cold\s*\}/.test(fixed), `the preferred fix (cold) is in the file:\n${fixed}`);
      check(
        cliDiagnostics(d.folder, sample).every((p) => p.severity !== 'error'),
        'vmm check finds no error in the fixed sample',
      );
      await d.walkthroughStep('vmm.gettingStarted', 'generatePlan');
      const flat = (text) => text.replace(/\s+/g, ' ');
      await d.waitForEditorBeside((e) => /\.plan\.md$/.test(e.name) && flat(e.text).includes('# Migration plan: walkthrough.vmm'), 'the plan of the sample');
      await d.screenshot('walkthrough');
    },
  },
  {
    id: 'reload',
    title: 'the topology view survives a window reload (its serializer draws it again from the file)',
    async run(d) {
      const file = 'metro-optimize.vmm';
      await d.open(file);
      await d.waitForProblems(file, (ps) => !ps.some((p) => p.severity === 'error'), 'no error (the server has checked the file)');
      await d.runCommand('vmm.showTopology', paletteTitle('vmm.showTopology'));
      const drawn = /(nj-east[\s\S]*nj-west|nj-west[\s\S]*nj-east)[\s\S]*Schedule of metro-optimize\.vmm/;
      await d.waitForWebview('VMM Topology', drawn);
      // Only the topology left open: after the reload, the panel alone activates the extension (onWebviewPanel).
      await d.open(file);
      await d.runCommand('workbench.action.closeActiveEditor', 'View: Close Editor');
      await d.reload();
      await d.waitForWebview('VMM Topology', drawn);
      await d.screenshot('reload');
    },
  },
  {
    id: 'task',
    title: 'the vmm: check task (task provider): its findings land in Problems through $vmm, for a file no editor has open',
    files: { [TASK_FILE]: QUICKFIX_TEXT },
    // Its folder holds its file alone, so that the task's findings are few (kept last: the API run shares one folder).
    only: true,
    async run(d) {
      const expected = cliDiagnostics(d.folder, TASK_FILE);
      check(
        expected.some((p) => p.code === 'VMM101' && p.severity === 'error'),
        `vmm check gives its VMM101:\n${show(expected)}`,
      );
      await d.runTask('vmm: check');
      const same = (a, b) => a.severity === b.severity && a.code === b.code && a.line === b.line && a.message === b.message;
      await d.waitForProblems(
        TASK_FILE,
        (ps) => ps.length === expected.length && expected.every((e) => ps.some((p) => same(p, e))),
        `what vmm check reports, from the task's output:\n${show(expected)}`,
      );
      await d.screenshot('task');
    },
  },
];

/** What `vmm import` (the bundled CLI) writes for these arguments, run in folder. */
export function cliImport(folder, args) {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'vmm.cjs'), 'import', ...args], { cwd: folder, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vmm import ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Fills folder for a scenario: a fresh copy of samples/ and the scenario's own files. */
export function workspaceFor(scenario, folder) {
  rmSync(folder, { recursive: true, force: true });
  // `only`: the scenario's files alone (the task scenario checks the whole folder), else a copy of the samples too.
  if (scenario.only) mkdirSync(folder, { recursive: true });
  else cpSync(samples, folder, { recursive: true });
  for (const [name, text] of Object.entries(scenario.files ?? {})) writeFileSync(join(folder, name), text);
}
