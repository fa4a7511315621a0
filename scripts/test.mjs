// Runs every test with node's own runner: the unit, rule, golden, grammar and language-server tests
// (compiled beside their sources in out/, and the .mjs tests under test/), then, with --e2e, the
// end-to-end scenarios in a real VS Code (code-server; test/e2e/run.mjs installs what they need).
// Arguments other than --e2e filter the test files by substring. Ends with `N passed, N failed`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

function find(dir, pattern, found = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (entry === 'node_modules' || entry === 'e2e') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) find(path, pattern, found);
    else if (pattern.test(entry)) found.push(path);
  }
  return found;
}

/** Runs a command, echoing its output, and returns node's test summary counts from it. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.on('close', (status) => {
      const count = (word) => [...output.matchAll(new RegExp(`^ℹ ${word} (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
      // A test cancelled (its file ended under it, or its parent failed) did not pass: it counts as failed.
      resolve({ status: status ?? 1, passed: count('pass'), failed: count('fail') + count('cancelled') });
    });
  });
}

const args = process.argv.slice(2);
const e2e = args.includes('--e2e');
const only = args.filter((a) => a !== '--e2e');
const files = [...find('out', /\.test\.js$/), ...find('test', /\.test\.mjs$/)].sort();
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;

const results = [await run(['--test', '--test-reporter=spec', ...selected])];
if (e2e) results.push(await run(['test/e2e/run.mjs']));
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const broken = results.some((r) => r.status !== 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
