import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

/** Applies the fix and checks that one VMM006 is gone and the file still parses. */
function fixes(text: string, title: string, expectedText: string): void {
  const result = fixed(text, 'VMM006', title);
  assert.equal(result.fix.title, title);
  assert.equal(result.text, expectedText);
  assert.equal(diagnostics(result.text, 'VMM006').length, diagnostics(text, 'VMM006').length - 1);
  expectNone(result.text, 'VMM001');
}

test('VMM006: a link needs rtt and bandwidth, reported on its header', () => {
  expectDiagnostics('site a\nsite b\n[|[|link a <-> b|]|]', 'VMM006', [
    'link a <-> b is missing the required attribute rtt',
    'link a <-> b is missing the required attribute bandwidth',
  ]);
  fixes('site a\nsite b\nlink a <-> b { bandwidth = 10Gbps }', 'Insert rtt = 10ms', 'site a\nsite b\nlink a <-> b { bandwidth = 10Gbps rtt = 10ms }');
  fixes('site a\nsite b\nlink a <-> b {\n  rtt = 1ms\n}', 'Insert bandwidth = 10Gbps', 'site a\nsite b\nlink a <-> b {\n  rtt = 1ms\n  bandwidth = 10Gbps\n}');
  // A declaration without a body gets one.
  fixes('site a\nvm web at a', 'Insert memory = 8GiB', 'site a\nvm web at a {\n  memory = 8GiB\n}');
});

test('VMM006: a vm needs memory and a site (`at SITE` or `site =`), reported on its name', () => {
  expectDiagnostics('site a\nsite b\nvm [|[|web|]|] { vcpus = 2 }', 'VMM006', [
    "vm 'web' is missing the required attribute memory",
    "vm 'web' has no site: write 'at SITE' or 'site = SITE'",
  ]);
  fixes('site a\nvm web at a { vcpus = 2 }', 'Insert memory = 8GiB', 'site a\nvm web at a { vcpus = 2 memory = 8GiB }');
  // With one site, the fix names it; with several, it writes a placeholder to replace.
  fixes('site a\nvm web { memory = 4GiB }', "Insert 'site = a'", 'site a\nvm web { memory = 4GiB site = a }');
  fixes('site a\nsite b\nvm web {\n  memory = 4GiB\n}', "Insert 'site = site'", 'site a\nsite b\nvm web {\n  memory = 4GiB\n  site = site\n}');
  expectNone('site a\nvm web { site = a  memory = 4GiB }\nvm db at a { memory = 4GiB }', 'VMM006');
});

test('VMM006: a datastore needs a site; a network its sites; a service its vms', () => {
  expectDiagnostics('site a\ndatastore [|san|] { capacity = 10TiB }', 'VMM006', ["datastore 'san' has no site: write 'at SITE' or 'site = SITE'"]);
  expectNone('site a\ndatastore san at a\ndatastore nas { site = a }', 'VMM006');
  expectDiagnostics('site a\nnetwork [|lan|] { mtu = 9000 }', 'VMM006', ["network 'lan' is missing the required attribute sites"]);
  fixes('site a\nnetwork lan { mtu = 9000 }', 'Insert sites = site', 'site a\nnetwork lan { mtu = 9000 sites = site }');
  expectDiagnostics('site a\nvm web at a { memory = 4GiB }\nservice [|front|] { }', 'VMM006', ["service 'front' is missing the required attribute vms"]);
  fixes('site a\nvm web at a { memory = 4GiB }\nservice front { }', 'Insert vms = vm', 'site a\nvm web at a { memory = 4GiB }\nservice front { vms = vm }');
});

test('VMM006: a misspelt required attribute gives VMM002 and VMM006', () => {
  const text = 'site a\nvm web at a { memroy = 4GiB }';
  expectDiagnostics('site a\nvm [|web|] at a { memroy = 4GiB }', 'VMM006', ["vm 'web' is missing the required attribute memory"]);
  expectDiagnostics('site a\nvm web at a { [|memroy|] = 4GiB }', 'VMM002', ["unknown attribute 'memroy' for vm (did you mean 'memory'?)"]);
  // Renaming it (the VMM002 fix) removes both.
  const renamed = fixed(text, 'VMM002', 'Rename').text;
  expectNone(renamed, 'VMM006');
  expectNone(renamed, 'VMM002');
  expectDiagnostics('site a\nsite b\n[|link a <-> b|] { rtt = 1ms  bandwith = 10Gbps }', 'VMM006', [
    'link a <-> b is missing the required attribute bandwidth',
  ]);
});

test('VMM006: a present but invalid value is VMM003 or VMM008, not VMM006', () => {
  for (const text of [
    'site a\nvm web at a { memory = -4GiB }',
    'site a\nvm web at a { memory = 4 }',
    'site a\nvm web at a { memory = 4Gib }',
    'site a\nvm web at a { memory = "4GiB" }',
    'site a\nsite b\nlink a <-> b { rtt = 10  bandwidth = 0Gbps }',
    'site a\nnetwork lan { sites = "a" }',
    'site a\ndatastore d at a { replication { target = d  mode = async  rpo = -1h } }',
  ]) {
    expectNone(text, 'VMM006');
    assert.equal(diagnostics(text).filter((d) => d.code === 'VMM003' || d.code === 'VMM008').length >= 1, true, text);
  }
  // Half-typed (`memory =` with no value yet): the syntax error says it.
  expectNone('site a\nvm web at a { memory = }', 'VMM006');
  // A reference to an unknown site is VMM005, not a missing site.
  expectNone('vm web at nowhere { memory = 4GiB }', 'VMM006');
});

test('VMM006: replication needs target and mode, and rpo when mode = async', () => {
  expectDiagnostics('site a\ndatastore d at a { [|[|replication|]|] { } }', 'VMM006', [
    'replication block is missing the required attribute target',
    'replication block is missing the required attribute mode',
  ]);
  expectDiagnostics('site a\ndatastore d at a\ndatastore e at a { [|replication|] { target = d  mode = async } }', 'VMM006', [
    'async replication needs an rpo',
  ]);
  fixes(
    'site a\ndatastore d at a\ndatastore e at a { replication { target = d  mode = async } }',
    'Insert rpo = 15min',
    'site a\ndatastore d at a\ndatastore e at a { replication { target = d  mode = async rpo = 15min } }',
  );
  fixes(
    'site a\ndatastore d at a\ndatastore e at a { replication { mode = sync } }',
    'Insert target = datastore',
    'site a\ndatastore d at a\ndatastore e at a { replication { mode = sync target = datastore } }',
  );
  // sync needs no rpo; an async rpo that is present is enough.
  expectNone(
    'site a\ndatastore d at a\ndatastore e at a { replication { target = d  mode = sync } }\ndatastore f at a { replication { target = d  mode = async  rpo = 5min } }',
    'VMM006',
  );
  // No replication block: nothing required.
  expectNone('site a\ndatastore d at a', 'VMM006');
});

test('VMM006: a declaration whose header is half-typed has only its syntax error', () => {
  expectNone('site a\nvm { memory = 4GiB }', 'VMM006');
  expectNone('site a\nlink a <-> { rtt = 1ms }', 'VMM006');
  expectNone('network\nsite a', 'VMM006');
});

test('VMM006: the mode the fix writes is sync, which needs nothing more (async would need an rpo: another VMM006)', () => {
  fixes(
    'site a\ndatastore d at a\ndatastore e at a { replication { target = d } }',
    'Insert mode = sync',
    'site a\ndatastore d at a\ndatastore e at a { replication { target = d mode = sync } }',
  );
});

test('VMM006: in a broken body the fix goes first, ended by ;, where it is read whatever follows', () => {
  // After the last item comes a half-typed name, or an unclosed block that would take the line in.
  for (const [text, title, expected] of [
    ['site a\nvm web at a { cpus', 'Insert memory = 8GiB', 'site a\nvm web at a { memory = 8GiB; cpus'],
    ['site a\nnetwork lan { o }', 'Insert sites = site', 'site a\nnetwork lan { sites = site; o }'],
    ['site a\nvm web at a { t {', 'Insert memory = 8GiB', 'site a\nvm web at a { memory = 8GiB; t {'],
  ]) {
    const result = fixed(text, 'VMM006', title);
    assert.equal(result.text, expected);
    assert.equal(diagnostics(result.text, 'VMM006').length, diagnostics(text, 'VMM006').length - 1);
    assert.ok(diagnostics(result.text, 'VMM001').length <= diagnostics(text, 'VMM001').length);
  }
  // A body holding only a comment keeps it.
  fixes('site a\nsite b\nlink a <-> b { /* figures to come */ }', 'Insert rtt = 10ms', 'site a\nsite b\nlink a <-> b { rtt = 10ms /* figures to come */ }');
});
