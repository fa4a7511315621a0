/**
 * The contributed problem matcher `$vmm` (package.json) reads what `vmm check` really prints: each
 * finding's file, line, column, severity, code and message, the same as the JSON output says; the
 * summary line on standard error is no finding. VS Code compiles the pattern as a JavaScript
 * RegExp and matches it line by line, as here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vmm } from '../../server/src/cli/testing.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: {
    problemMatchers: { name: string; owner: string; fileLocation: string[]; pattern: Record<string, string | number> }[];
    taskDefinitions: { type: string }[];
  };
};

interface JsonDiagnostic {
  file: string;
  range: { start: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

test('$vmm reads every finding vmm check prints over the samples and over files whose folder has spaces and parentheses', () => {
  const [matcher] = manifest.contributes.problemMatchers;
  assert.equal(matcher.name, 'vmm');
  assert.deepEqual(matcher.fileLocation, ['autoDetect', '${workspaceFolder}']);
  const { pattern } = matcher;
  const regexp = new RegExp(String(pattern.regexp));
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-matcher-'));
  try {
    const odd = path.join(dir, 'My Sites (copy)');
    mkdirSync(odd);
    for (const f of readdirSync(path.join(root, 'samples'))) cpSync(path.join(root, 'samples', f), path.join(odd, f));
    const files = readdirSync(odd)
      .filter((f) => f.endsWith('.vmm'))
      .flatMap((f) => [path.join('samples', f), path.join(odd, f)]);
    const previous = process.cwd();
    process.chdir(root);
    let text;
    let json;
    try {
      text = vmm('check', ...files);
      json = JSON.parse(vmm('check', '--format', 'json', ...files).out) as JsonDiagnostic[];
    } finally {
      process.chdir(previous);
    }
    assert.ok(json.length >= 30, `${json.length} findings`);
    const lines = text.out.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, json.length, 'one line per finding: no message spans lines');
    lines.forEach((line, i) => {
      const m = regexp.exec(line);
      assert.ok(m, line);
      const d = json[i];
      assert.deepEqual(
        {
          file: m[Number(pattern.file)],
          line: Number(m[Number(pattern.line)]),
          column: Number(m[Number(pattern.column)]),
          severity: m[Number(pattern.severity)],
          code: m[Number(pattern.code)],
          message: m[Number(pattern.message)],
        },
        { file: d.file, line: d.range.start.line + 1, column: d.range.start.character + 1, severity: d.severity, code: d.code, message: d.message },
      );
    });
    // The summary on standard error is not read as a finding.
    assert.match(text.err, new RegExp(`^\\d+ error\\(s\\), \\d+ warning\\(s\\), \\d+ info in ${files.length} file\\(s\\)\\n$`));
    assert.equal(regexp.exec(text.err.trim()), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the task type the provider registers is contributed', () => {
  assert.deepEqual(
    manifest.contributes.taskDefinitions.map((t) => t.type),
    ['vmm'],
  );
  assert.match(readFileSync(path.join(root, 'client', 'src', 'tasks.ts'), 'utf8'), /export const TASK_TYPE = 'vmm';/);
});
