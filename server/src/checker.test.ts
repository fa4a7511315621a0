import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RuleContext } from './rules/rule.js';
import { applyFix, diagnostics, expectDiagnostics, expectNone } from './testing.js';

const sites = 'site a\nsite b\n';

test('vmm-ignore: silences that code on the declaration right below, wherever in it the diagnostic is', () => {
  const text = `${sites}// vmm-ignore VMM003 memory is written by a generator\nvm web at a { memory = 4Gb  vcpus = 2.5 }`;
  expectNone(text, 'VMM003');
});

test('vmm-ignore: other codes on the same declaration are still reported', () => {
  expectDiagnostics(`${sites}// vmm-ignore VMM003 reason\nvm web at a { memory = 4Gb  disk = [|-1GiB|] }`, 'VMM008', ['disk cannot be negative, found -1GiB']);
});

test('vmm-ignore: only the declaration right below, not the ones after it', () => {
  expectDiagnostics(`${sites}// vmm-ignore VMM003 reason\nvm web at a { memory = 4Gb }\nvm db at a { memory = [|8Gb|] }`, 'VMM003', [
    "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)",
  ]);
});

test('vmm-ignore: a blank line between the comment and the declaration breaks it', () => {
  expectDiagnostics(`${sites}// vmm-ignore VMM003 reason\n\nvm web at a { memory = [|4Gb|] }`, 'VMM003', [
    "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)",
  ]);
});

test('vmm-ignore: any of the comment lines directly above counts', () => {
  expectNone(`${sites}// vmm-ignore VMM003 reason\n// the web tier, sized by the vendor\nvm web at a { memory = 4Gb }`, 'VMM003');
  expectNone(`${sites}// the web tier\n// vmm-ignore VMM003\nvm web at a { memory = 4Gb }`, 'VMM003');
});

test('vmm-ignore: several codes in one comment; the reason is optional', () => {
  const text = `${sites}// vmm-ignore VMM003, VMM008 both known\nvm web at a { memory = 4Gb  disk = -1GiB }\n// vmm-ignore VMM003 VMM008\nvm db at a { memory = 4Gb  disk = -1GiB }`;
  expectNone(text, 'VMM003');
  expectNone(text, 'VMM008');
});

test('vmm-ignore: a code mentioned in the reason is not silenced', () => {
  expectDiagnostics(`${sites}// vmm-ignore VMM003 unlike VMM008, this one is fine\nvm web at a { memory = 4Gb  disk = [|-1GiB|] }`, 'VMM008', [
    'disk cannot be negative, found -1GiB',
  ]);
});

test('vmm-ignore: a comment after code on the line above, or a block comment, is not a directive', () => {
  expectDiagnostics(`${sites}site c // vmm-ignore VMM003\nvm web at a { memory = [|4Gb|] }`, 'VMM003', [
    "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)",
  ]);
  expectDiagnostics(`${sites}/* vmm-ignore VMM003 */\nvm web at a { memory = [|4Gb|] }`, 'VMM003', [
    "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)",
  ]);
});

test('vmm-ignore: works on every declaration kind, including a migrate and an import', () => {
  const topology = `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps }\nvm web at a { memory = 4GiB }\nmigrate web to b\n`;
  expectNone(`${topology}// vmm-ignore VMM004 moved twice on purpose\nmigrate web to b { method = cold }`, 'VMM004');
  expectNone('// vmm-ignore VMM007 generated later\nimport "later.vmm"\nsite a', 'VMM007');
  expectNone('// vmm-ignore VMM008 test link\nlink a <-> a { rtt = 1ms  bandwidth = 1Gbps }\nsite a', 'VMM008');
});

test('vmm-ignore: indented comment and declaration', () => {
  expectNone(`${sites}  // vmm-ignore VMM003 reason\n  vm web at a { memory = 4Gb }`, 'VMM003');
});

test('vmm-ignore: comment lines include block comments, and a block comment before the declaration on its line', () => {
  const memory = "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)";
  expectNone(`${sites}// vmm-ignore VMM003 reason\n/* c */ vm web at a { memory = 4Gb }`, 'VMM003');
  // What vmm format makes of it: the block comment on a line of its own.
  expectNone(`${sites}// vmm-ignore VMM003 reason\n/* c */\nvm web at a { memory = 4Gb }`, 'VMM003');
  expectNone(`${sites}// vmm-ignore VMM003 reason\n/* a\n\n   b */ vm web at a { memory = 4Gb }`, 'VMM003');
  expectNone(`${sites}/* c */ // vmm-ignore VMM003 reason\nvm web at a { memory = 4Gb }`, 'VMM003');
  // Right below means first on its line: a declaration after code on its line is not below the comment.
  expectDiagnostics(`// vmm-ignore VMM003 reason\nsite a  vm web at a { memory = [|4Gb|] }`, 'VMM003', [memory]);
});

test("Silence CODE here: above a multi-line block comment that ends on the declaration's line, not inside it; and it silences", () => {
  const memory = "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)";
  const ignore = '// vmm-ignore VMM003 <reason>';
  for (const [text, expected] of [
    [`${sites}/* sized by\n   the vendor */ vm web at a { memory = 4Gb }`, `${sites}${ignore}\n/* sized by\n   the vendor */ vm web at a { memory = 4Gb }`],
    [`${sites}  /* one */ /* two\n */ vm web at a { memory = 4Gb }`, `${sites}  ${ignore}\n  /* one */ /* two\n */ vm web at a { memory = 4Gb }`],
    // After code on its line: the declaration gets a line of its own below the comment.
    [`${sites}site c /* after code\n */ vm web at a { memory = 4Gb }`, `${sites}site c /* after code\n */\n${ignore}\nvm web at a { memory = 4Gb }`],
    [`${sites}site c  vm web at a { memory = 4Gb }`, `${sites}site c\n${ignore}\nvm web at a { memory = 4Gb }`],
  ]) {
    const [d] = expectDiagnostics(text.replace('4Gb', '[|4Gb|]'), 'VMM003', [memory]);
    assert.ok(d.silence, text);
    const silenced = applyFix(text, { title: 'Silence', edits: [d.silence] });
    assert.equal(silenced, expected);
    expectNone(silenced, 'VMM003');
  }
});

test('severity: each rule reports at its default severity', () => {
  const [d] = diagnostics(`${sites}vm web at a { memory = 4Gb }`, 'VMM003');
  assert.equal(d.severity, 'error');
});

test('severity: a per-rule override changes that rule only', () => {
  const text = `${sites}vm web at a { memory = 4Gb  disk = -1GiB }`;
  const options = { severities: { VMM003: 'warning' as const } };
  assert.equal(diagnostics(text, 'VMM003', options)[0].severity, 'warning');
  assert.equal(diagnostics(text, 'VMM008', options)[0].severity, 'error');
  assert.equal(diagnostics(text, 'VMM003', { severities: { VMM003: 'info' } })[0].severity, 'info');
});

test('severity: "off" removes the rule\'s diagnostics', () => {
  const text = `${sites}vm web at a { memory = 4Gb  disk = -1GiB }`;
  expectNone(text, 'VMM003', { severities: { VMM003: 'off' } });
  assert.equal(diagnostics(text, 'VMM008', { severities: { VMM003: 'off' } }).length, 1);
  // Syntax errors too.
  expectNone('site a {', 'VMM001', { severities: { VMM001: 'off' } });
});

test('severity: the ignore comment and the override combine', () => {
  const text = `${sites}// vmm-ignore VMM003 reason\nvm web at a { memory = 4Gb }\nvm db at a { memory = 8Gb }`;
  const found = diagnostics(text, 'VMM003', { severities: { VMM003: 'warning' } });
  assert.deepEqual(
    found.map((d) => [d.severity, d.message]),
    [['warning', "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)"]],
  );
});

test('diagnostics link to their rule page when a docs base is given', () => {
  const [d] = diagnostics(`${sites}vm web at a { memory = 4Gb }`, 'VMM003', { docsBase: 'https://example.org/docs/rules/' });
  assert.equal(d.href, 'https://example.org/docs/rules/VMM003.md');
  assert.equal(diagnostics(`${sites}vm web at a { memory = 4Gb }`, 'VMM003')[0].href, undefined);
});

test('diagnostics come sorted by position, with 0-based LSP ranges', () => {
  const found = diagnostics(`${sites}vm web at a { memory = 4Gb }\nvm db at a { disk = -1GiB  memory = 1GiB }`);
  assert.deepEqual(
    found.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
    [
      ['VMM003', 2, 23, 26],
      ['VMM008', 3, 20, 25],
    ],
  );
});

test('a rule that throws is reported as its own failure on the file; the other rules still report', () => {
  const text = `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps }\nvm web at a { memory = 4Gb }\n`;
  const broken = {
    code: 'VMM999',
    severity: 'warning' as const,
    summary: 'a rule with a bug',
    check: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'rtt')");
    },
  };
  const found = diagnostics(text, undefined, { extraRules: [broken] });
  assert.deepEqual(
    found.map((d) => [d.code, d.severity, d.span, d.message]),
    [
      ['VMM999', 'error', { start: 0, end: 0 }, "internal error in rule VMM999: Cannot read properties of undefined (reading 'rtt') (please report it)"],
      ['VMM003', 'error', { start: 84, end: 87 }, "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)"],
    ],
  );
  // A rule that fails after reporting keeps what it reported.
  const halfway = {
    code: 'VMM998',
    severity: 'info' as const,
    summary: 'reports, then fails',
    check: ({ model, report }: RuleContext) => {
      const site = model.sites.get('a')!;
      report(site, site.declaration.name!.span, 'site a seen');
      throw new Error('then failed');
    },
  };
  assert.deepEqual(
    diagnostics(text, 'VMM998', { extraRules: [halfway] }).map((d) => d.message),
    ['internal error in rule VMM998: then failed (please report it)', 'site a seen'],
  );
});

test('a leading BOM stays first: Silence CODE here and fixes that insert at the start go after it', () => {
  const text = '\uFEFFvm web at a { memory = 4Gb }\nsite a';
  const [d] = diagnostics(text, 'VMM003');
  assert.ok(d.silence);
  const silenced = applyFix(text, { title: 'Silence', edits: [d.silence] });
  assert.equal(silenced, '\uFEFF// vmm-ignore VMM003 <reason>\nvm web at a { memory = 4Gb }\nsite a');
  expectNone(silenced, 'VMM003');
  // The diagnostic is on the token whatever the BOM: one character further on line 1, as in the text.
  assert.deepEqual(d.range.start, { line: 0, character: 24 });
  assert.deepEqual(diagnostics(text.slice(1), 'VMM003')[0].range.start, { line: 0, character: 23 });
});
