import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone } from '../testing.js';

// The parser recovers (spec §3): each test also checks that what follows the mistake is still read,
// either through a later declaration's own diagnostic or through a reference that still resolves.

test('VMM001: a missing } is reported at the end of what it should close, and the next declaration is still read', () => {
  const text = `site a {
  region = "east"[||]

site b
vm web at b { memory = 4GiB }
`;
  expectDiagnostics(text, 'VMM001', ["missing '}'"]);
  // `site b` was read as a declaration of its own: `at b` resolves.
  expectNone(text, 'VMM005');
});

test('VMM001: a missing } at the end of the file', () => {
  expectDiagnostics('site a\nvm web at a {\n  memory = 4GiB[||]\n', 'VMM001', ["missing '}'"]);
  expectNone('site a\nvm web at a {\n  memory = 4GiB\n', 'VMM006');
});

test('VMM001: a missing } of a nested block is placed after the block, not on the next declaration', () => {
  expectDiagnostics('site a {\n  capacity {\n    memory = 1TiB\n  }[||]\nsite b\n', 'VMM001', ["missing '}'"]);
});

test('VMM001: a later declaration keeps its own diagnostics after a missing }', () => {
  const text = 'site a {\n  region = "east"\nvm web at a { memory = 4Gb }\n';
  expectDiagnostics('site a {\n  region = "east"[||]\nvm web at a { memory = 4Gb }\n', 'VMM001', ["missing '}'"]);
  expectDiagnostics('site a {\n  region = "east"\nvm web at a { memory = [|4Gb|] }\n', 'VMM003', [
    "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)",
  ]);
  assert.deepEqual(
    diagnostics(text).map((d) => d.code),
    ['VMM001', 'VMM003'],
  );
});

test('VMM001: a stray token inside a body is reported on the token, and the body goes on after it', () => {
  expectDiagnostics('site a { [|= 3|] region = 5 }', 'VMM001', ["unexpected '= 3': expected an attribute or '}'"]);
  // `region = 5` after the stray tokens is still read and checked.
  expectDiagnostics('site a { = 3 region = [|5|] }', 'VMM003', ["region needs a string in quotes, found '5'"]);
  expectDiagnostics('site a { region = "x" [|42|] }\nsite b', 'VMM001', ["unexpected '42': expected an attribute or '}'"]);
  expectDiagnostics('site a { region = "x" [|<->|] }', 'VMM001', ["unexpected '<->': expected an attribute or '}'"]);
});

test('VMM001: a stray token between declarations is one error over the run of tokens skipped', () => {
  expectDiagnostics('site a { region = "x" } [|} }|]\nsite b\nvm web at b { memory = 4GiB }', 'VMM001', ["unexpected '} }': expected a declaration"]);
  expectNone('site a { region = "x" } } }\nsite b\nvm web at b { memory = 4GiB }', 'VMM005');
  expectDiagnostics('[|42|]\nsite a', 'VMM001', ["unexpected '42': expected a declaration"]);
});

test('VMM001: a half-typed attribute name is an error just after the name; the body is kept', () => {
  const text = 'site a\nvm web at a {\n  memory = 4GiB\n  dis[||]\n}\nvm db at a { memory = 4Gb }';
  expectDiagnostics(text, 'VMM001', ["expected '=' after 'dis'"]);
  // The later vm is still checked; `memory` before the half-typed name is still read.
  expectDiagnostics('site a\nvm web at a {\n  memory = 4GiB\n  dis\n}\nvm db at a { memory = [|4Gb|] }', 'VMM003', [
    "unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)",
  ]);
  expectNone(text, 'VMM006');
});

test('VMM001: an attribute missing its = keeps its value', () => {
  const text = 'site a\nvm web at a { memory[||] 4GiB }';
  expectDiagnostics(text, 'VMM001', ["expected '=' after 'memory'"]);
  expectNone(text, 'VMM006');
});

test('VMM001: a half-typed value is an error just after the =, and the next attribute is read as itself', () => {
  const text = 'site a\nvm web at a {\n  disk =[||]\n  memory = 4GiB\n}';
  expectDiagnostics(text, 'VMM001', ["expected a value after 'disk ='"]);
  // `memory` is not taken as the value of `disk`: no missing memory, no unknown-name error.
  expectNone(text, 'VMM006');
  expectNone(text, 'VMM003');
  expectDiagnostics('site a\nvm web at a { disk =[||] }', 'VMM001', ["expected a value after 'disk ='"]);
  expectDiagnostics('site a\nvm web at a {\n  disk = 4GiB,[||]\n  memory = 4GiB\n}', 'VMM001', ["expected a value after ','"]);
});

test('VMM001: a half-typed value does not swallow the next declaration', () => {
  const text = 'vm web at a {\n  memory = 4GiB\n  disk =[||][||]\nsite a\n';
  expectDiagnostics(text, 'VMM001', ["expected a value after 'disk ='", "missing '}'"]);
  expectNone(text, 'VMM005');
});

test('VMM001: a half-typed header is one syntax error, without a missing-attribute error on top', () => {
  const text = 'vm\n[|site|] a\nvm web at a { memory = 4Gb }';
  expectDiagnostics(text, 'VMM001', ["expected a name but found 'site'"]);
  expectNone(text, 'VMM006');
  expectDiagnostics(text.replace('[|site|]', 'site').replace('4Gb', '[|4Gb|]'), 'VMM003', ["unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)"]);
  expectDiagnostics('link a [|{|] rtt = 1ms }', 'VMM001', ["expected '<->' but found '{'"]);
  expectNone('link a <-> { rtt = 1ms }\nsite a', 'VMM006');
  expectDiagnostics('migrate [|to|] b\nsite b', 'VMM001', ["unexpected 'to': expected a vm, a glob or `service NAME`"]);
});

test('VMM001: lexical errors: an unexpected character, an unterminated string or block comment', () => {
  expectDiagnostics('site a [|$|] site b\nvm web at b { memory = 4GiB }', 'VMM001', ["unexpected character '$'"]);
  expectNone('site a $ site b\nvm web at b { memory = 4GiB }', 'VMM005');
  expectDiagnostics('site a { region = [|"east|]\n}\nsite b', 'VMM001', ["unterminated string: expected '\"' before the end of the line"]);
  expectDiagnostics('site a\n[|/*|] never closed\nsite b', 'VMM001', ["unterminated block comment: expected '*/'"]);
});

test('VMM001: not reported for valid files, comments, optional semicolons or a spaced unit', () => {
  expectNone('// topology\nsite a; site b /* two sites */\nlink a <-> b { rtt = 4ms; bandwidth = 10Gbps; }\n', 'VMM001');
  // `10 ms` is VMM003 ("remove the space"), never a syntax error (spec §2).
  expectNone(
    'site a\nsite b\nlink a <-> b { rtt = 10 ms  bandwidth = 10 Gbps  share = 50 %  distance = 5 km }\nvm v at a { memory = 4GiB  dirty-rate = 10 MB/s }',
    'VMM001',
  );
  // Keywords are reserved only where a declaration starts: inside a body they are attribute names and values.
  expectNone('site site\nnetwork n { sites = site }\nvm web { site = site  memory = 4GiB  network = n }', 'VMM001');
});

test('VMM001: cannot be silenced by vmm-ignore (it has no declaration), only by its severity setting', () => {
  const text = '// vmm-ignore VMM001 broken on purpose\nsite a {\n';
  assert.equal(diagnostics(text, 'VMM001').length, 1);
  expectNone(text, 'VMM001', { severities: { VMM001: 'off' } });
});

// Found by the fuzz suite (test/fuzz): each was a crash, a wrong recovery or a message gone wrong.

test('VMM001: blocks nested thousands deep are one error, not a stack overflow; what follows is read', () => {
  const deep = `site a { ${'b { '.repeat(5000)}${'}'.repeat(5000)} }\nsite c\nvm web at c { memory = 4Gb }`;
  const found = diagnostics(deep, 'VMM001');
  assert.deepEqual(
    found.map((d) => d.message),
    ['blocks nested more than 64 deep: what is inside this one is not read'],
  );
  expectDiagnostics(deep.replace('4Gb', '[|4Gb|]'), 'VMM003', ["unknown unit 'Gb': memory needs a data size (MB, GB, GiB, TiB)"]);
  // Unclosed, to the end of the file.
  assert.deepEqual(
    diagnostics(`site a ${'{ x '.repeat(20000)}`, 'VMM001').map((d) => d.message),
    ['blocks nested more than 64 deep: what is inside this one is not read', "missing '}'"],
  );
});

test('VMM001: a half-typed name followed by the next attribute is not read as a block', () => {
  const text = 'site a\nvm web at a {\n  memo[||]\n  vcpus = 2\n}';
  expectDiagnostics(text, 'VMM001', ["expected '=' after 'memo'"]);
  // `vcpus = 2` is read: only memory is missing.
  assert.deepEqual(
    diagnostics(text, 'VMM006').map((d) => d.message),
    ["vm 'web' is missing the required attribute memory"],
  );
  expectDiagnostics('site a { capacity[||] x[||]\n  region = "r" }', 'VMM001', ["expected '=' after 'capacity'", "expected '=' after 'x'"]);
});

test('VMM001: two bodies left open before the next declaration: one "missing \'}\'"', () => {
  expectDiagnostics('site a { capacity { memory = 1TiB[||]\nsite b', 'VMM001', ["missing '}'"]);
});

test('VMM001: a quoted run is cut between characters, never inside a surrogate pair', () => {
  const [d] = diagnostics(`site a ${'é'.repeat(19)}𝓐${'x'.repeat(30)}`, 'VMM001');
  assert.equal(d.message, `unexpected characters '${'é'.repeat(19)}…'`);
});

test('VMM001: a keyword as a migrate target, on the header line, is a vm name', () => {
  const text =
    'site a\nsite b\nlink a <-> b { rtt = 1ms  bandwidth = 10Gbps }\nvm network at a { memory = 1GiB }\nvm web at a { memory = 1GiB }\nmigrate web, network to b { method = cold }';
  expectNone(text, 'VMM001');
  expectNone(text, 'VMM005');
  // `service` keeps introducing a service target.
  expectNone('site a\nsite b\nvm w at a { memory = 1GiB }\nservice s { vms = w }\nmigrate service s to b { method = federate }', 'VMM001');
});

test('VMM001: a declaration keyword at the start of a line is not a block label, nor split from its attribute by a comment', () => {
  // `d` half-typed, then a new declaration: not the block `d policy { … }`.
  const text = 'site a {\n  d[||][||]\npolicy { profile = kvm }';
  expectDiagnostics(text, 'VMM001', ["expected '=' after 'd'", "missing '}'"]);
  // `network`, a comment and a line break, then its `=`: still the attribute.
  expectNone('site a\nnetwork lan { sites = a }\nvm x at a {\n  memory = 1GiB\n  network // the only one\n    = lan\n}\n', 'VMM001');
  // `migrate` ⏎ `service web to b` is one declaration.
  expectNone('site a\nsite b\nvm w at a { memory = 1GiB }\nservice web { vms = w }\nmigrate\nservice web to b { method = federate }', 'VMM001');
});
