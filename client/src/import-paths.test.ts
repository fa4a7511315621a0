import { test } from 'node:test';
import { strict as assert } from 'node:assert';
import { kindOfFiles, outputPath } from './import-paths.js';

test('import: the kind follows from the files chosen in the explorer, when they agree', () => {
  assert.equal(kindOfFiles(['/a/example1.xlsx']), 'rvtools');
  assert.equal(kindOfFiles(['/a/RVTools_tabvInfo.csv', '/a/RVTools_tabvHost.CSV']), 'rvtools');
  assert.equal(kindOfFiles(['/k/web-01.xml', '/k/db-01.xml']), 'libvirt');
  assert.equal(kindOfFiles(['/k/web-01.xml', '/a/x.xlsx']), undefined);
  assert.equal(kindOfFiles(['/a/notes.txt']), undefined);
  assert.equal(kindOfFiles([]), undefined);
});

test('import: the .vmm is written beside the files, named after the workbook, the CSV folder or the site', () => {
  assert.equal(outputPath('rvtools', ['/exports/example1.xlsx']), '/exports/example1.vmm');
  assert.equal(outputPath('rvtools', ['/exports/vc-east/RVTools_tabvInfo.csv']), '/exports/vc-east/vc-east.vmm');
  assert.equal(outputPath('libvirt', ['/dumps/web-01.xml'], 'kvm east'), '/dumps/kvm-east.vmm');
});
