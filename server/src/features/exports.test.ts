import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { documentExport, isExportFormat } from './exports.js';

const KVM =
  'policy { profile = kvm }\nsite a\nsite b\nlink a <-> b { rtt = 5ms  bandwidth = 10Gbps }\nvm v at a { memory = 1GiB  dirty-rate = 10MB/s }\nmigrate v to b\n';

test('documentExport: the export, or why there is none', () => {
  const ok = documentExport(checkText(KVM), 'virsh');
  assert.equal(ok.ok, true);
  assert.ok(ok.text?.startsWith('#!/bin/sh\n'));
  assert.deepEqual(documentExport(checkText(KVM), 'powercli'), {
    ok: false,
    message:
      'no powercli export for test.vmm: none of its 1 intent(s) is one PowerCLI (vSphere, HCX) runs (metro, vmware-metro, vmware-long-distance, hcx; not federate)',
    errors: 0,
  });
  assert.deepEqual(documentExport(checkText(KVM.replace('memory = 1GiB', 'memory = -1GiB')), 'virsh'), {
    ok: false,
    message: 'no plan to export, the file has 1 error',
    errors: 1,
  });
  assert.ok(isExportFormat('forklift'));
  assert.ok(!isExportFormat('md'));
});
