import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identifierOf, NameTable } from './names.js';
import { sizeLiteral, stringLiteral } from './emit.js';
import { baselineOfQemuModel } from './libvirt.js';
import { groupRvtoolsFiles } from './rvtools.js';
import { ImportError } from './inventory.js';

test('names: characters outside [A-Za-z0-9_.-] become -, a leading digit, - or . gets the kind prefix', () => {
  assert.equal(identifierOf('web 01', 'vm'), 'web-01');
  assert.equal(identifierOf('9db', 'vm'), 'vm-9db');
  assert.equal(identifierOf('-scratch', 'ds'), 'ds--scratch');
  assert.equal(identifierOf('.hidden', 'net'), 'net-.hidden');
  assert.equal(identifierOf('1st Lab', 'site'), 'site-1st-Lab');
  assert.equal(identifierOf('VM Network (prod)/α', 'net'), 'VM-Network--prod---');
  assert.equal(identifierOf('app.tier1_x', 'vm'), 'app.tier1_x');
});

test('names: a name taken twice gets -2, -3, … in the order asked, skipping names already given', () => {
  const t = new NameTable('vm');
  assert.deepEqual(t.allocate('web-01'), { id: 'web-01', renamed: false });
  assert.deepEqual(t.allocate('web 01'), { id: 'web-01-2', renamed: true });
  assert.deepEqual(t.allocate('web-01-3'), { id: 'web-01-3', renamed: false });
  assert.deepEqual(t.allocate('web_01'), { id: 'web_01', renamed: false });
  assert.deepEqual(t.allocate('web/01'), { id: 'web-01-4', renamed: true });
});

test('sizes: the largest binary unit that states them exactly', () => {
  const MiB = 2 ** 20;
  assert.equal(sizeLiteral(16384 * MiB), '16GiB');
  assert.equal(sizeLiteral(2224 * MiB), '2224MiB');
  assert.equal(sizeLiteral(4194304 * MiB), '4TiB');
  assert.equal(sizeLiteral(1536 * 1024), '1536KiB');
  assert.equal(sizeLiteral(1e9), '1000000000B');
  assert.equal(sizeLiteral(0), '0B');
});

test('strings: quotes and backslashes escaped, kept on one line', () => {
  assert.equal(stringLiteral('vm-1042'), '"vm-1042"');
  assert.equal(stringLiteral('a"b\\c\nd'), '"a\\"b\\\\c d"');
});

test('QEMU CPU models map to §4.1 after version and variant suffixes are dropped; others give none', () => {
  const cases: [string, string | undefined][] = [
    ['Skylake-Server', 'intel-skylake'],
    ['Skylake-Server-IBRS', 'intel-skylake'],
    ['Skylake-Server-noTSX-IBRS-v2', 'intel-skylake'],
    ['Skylake-Client-v4', 'intel-skylake'],
    ['Cascadelake-Server-v5', 'intel-cascadelake'],
    ['Icelake-Server-noTSX', 'intel-icelake'],
    ['SapphireRapids-v2', 'intel-sapphirerapids'],
    ['Haswell-noTSX-IBRS', 'intel-haswell'],
    ['Conroe', 'intel-merom'],
    ['Penryn', 'intel-penryn'],
    ['Nehalem-IBRS', 'intel-nehalem'],
    ['Westmere-v2', 'intel-westmere'],
    ['SandyBridge', 'intel-sandybridge'],
    ['IvyBridge-IBRS', 'intel-ivybridge'],
    ['Broadwell-noTSX', 'intel-broadwell'],
    ['EPYC', 'amd-zen'],
    ['EPYC-IBPB', 'amd-zen'],
    ['EPYC-Rome', 'amd-zen2'],
    ['EPYC-Rome-v4', 'amd-zen2'],
    ['EPYC-Milan-v2', 'amd-zen3'],
    ['EPYC-Genoa', 'amd-zen4'],
    ['Opteron_G1', 'amd-rev-e'],
    ['Opteron_G2', 'amd-rev-f'],
    ['Opteron_G3', 'amd-greyhound'],
    ['Opteron_G4', 'amd-bulldozer'],
    ['Opteron_G5', 'amd-piledriver'],
    ['Cooperlake', undefined],
    ['GraniteRapids', undefined],
    ['qemu64', undefined],
    ['Dhyana', undefined],
  ];
  for (const [model, baseline] of cases) assert.equal(baselineOfQemuModel(model), baseline, model);
});

test('RVTools files: each workbook is an export, the CSV files of one folder are one, anything else is named', () => {
  assert.deepEqual(groupRvtoolsFiles(['a/x.xlsx', 'a/RVTools_tabvInfo.csv', 'b/RVTools_tabvInfo.csv', 'a/RVTools_tabvHost.csv', 'y.XLSX']), [
    { label: 'a/x.xlsx', paths: ['a/x.xlsx'] },
    { label: 'a (CSV files)', paths: ['a/RVTools_tabvInfo.csv', 'a/RVTools_tabvHost.csv'] },
    { label: 'b (CSV files)', paths: ['b/RVTools_tabvInfo.csv'] },
    { label: 'y.XLSX', paths: ['y.XLSX'] },
  ]);
  assert.throws(
    () => groupRvtoolsFiles(['old.xls']),
    (e: unknown) => e instanceof ImportError && e.message === 'old.xls: is a legacy .xls workbook; save it as .xlsx and import that',
  );
  assert.throws(() => groupRvtoolsFiles(['notes.txt']), /notes\.txt: is not an RVTools export \(\.xlsx, or the \.csv files of its sheets\)/);
});
