import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { documentStatus, uncheckedStatus } from './status.js';

const estate =
  'site a\nsite b\nlink a <-> b { rtt = 35ms  bandwidth = 10Gbps }\nvm web at a { memory = 16GiB  disk = 100GiB  dirty-rate = 10Mbps }\nvm db at a { memory = 8GiB  dirty-rate = 10Mbps }\n';

test('status: no policy declared, the built-in metro is in force; the counts are those of the diagnostics', () => {
  const result = checkText(`${estate}migrate web to b\n`);
  const status = documentStatus(result, '9.9.9');
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.severity} ${d.code}`),
    ['error VMM101'],
  );
  assert.deepEqual(status, {
    version: '9.9.9',
    profile: 'metro',
    policies: [{ profile: 'metro', declared: undefined, intents: 1 }],
    errors: 1,
    warnings: 0,
    infos: 0,
    text: 'metro · 1 error, 0 warnings',
    detail: 'profile metro (default: no policy declared) · vmm 9.9.9',
    severity: 'error',
  });
});

test('status: the unnamed policy gives the profile, with where it is written; a named policy an intent uses is listed, one no intent uses is not', () => {
  const text = `${estate}policy { profile = vmware-long-distance }\npolicy fast { profile = hcx }\npolicy unused { profile = kvm }\nmigrate web to b { policy = fast }\nmigrate db to b\n`;
  const status = documentStatus(checkText(text), '0.1.0');
  assert.equal(status.profile, 'vmware-long-distance');
  assert.deepEqual(status.policies, [
    { profile: 'vmware-long-distance', declared: 'test.vmm:6', intents: 1 },
    { name: 'fast', profile: 'hcx', declared: 'test.vmm:7', intents: 1 },
  ]);
  assert.equal(status.text, 'vmware-long-distance + hcx · no problems');
  assert.equal(status.detail, 'profile vmware-long-distance (policy at test.vmm:6) · policy fast: hcx (1 intent) · vmm 0.1.0');
});

test('status: a clean file says so; infos are counted and shown', () => {
  const clean = documentStatus(checkText(`${estate}migrate web to b { method = cold }\n`), '0.1.0');
  assert.deepEqual([clean.errors, clean.warnings, clean.infos, clean.text, clean.severity], [0, 0, 0, 'metro · no problems', 'info']);
  // No dirty-rate: VMM204 (info).
  const info = documentStatus(
    checkText(
      'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }\nvm web at a { memory = 1GiB }\nmigrate web to b\n',
    ),
    '0.1.0',
  );
  assert.equal(info.text, 'metro · 0 errors, 0 warnings, 1 info');
});

test('status of a document that is not checked says why', () => {
  assert.deepEqual(uncheckedStatus('this document is 20 MB', '0.1.0'), {
    version: '0.1.0',
    profile: '',
    policies: [],
    errors: 0,
    warnings: 0,
    infos: 1,
    text: 'not checked',
    detail: 'this document is 20 MB · vmm 0.1.0',
    severity: 'info',
  });
});
