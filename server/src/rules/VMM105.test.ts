import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a
site b
link a <-> b { rtt = 20ms  bandwidth = 10Gbps }
policy h { profile = hcx }
vm w1 at a { memory = 4GiB }
vm w2 at a { memory = 4GiB }
vm w3 at a { memory = 4GiB }
`;

test('VMM105: concurrency above the profile cap (hcx: 1) is a warning on the migrate', () => {
  expectDiagnostics(`${topology}[|migrate w* to b|] { policy = h  concurrency = 3 }`, 'VMM105', [
    'concurrency 3 exceeds 1, the most concurrent migrations policy h (profile hcx) allows; the estimates assume 3 as written',
  ]);
  // The declared value counts, even above the number of VMs.
  expectDiagnostics(`${topology}[|migrate w1 to b|] { policy = h  concurrency = 2  method = cold }`, 'VMM105', [
    'concurrency 2 exceeds 1, the most concurrent migrations policy h (profile hcx) allows; the estimates assume 2 as written',
  ]);
  expectDiagnostics(`${topology}[|migrate w1 to b|] { policy = h  concurrency = 2  method = routed }`, 'VMM105', [
    'concurrency 2 exceeds 1, the most concurrent migrations policy h (profile hcx) allows; the estimates assume 2 as written',
  ]);
});

test('VMM105: at the cap, profiles without a cap, and federate are not reported', () => {
  expectNone(`${topology}migrate w* to b { policy = h  concurrency = 1 }`, 'VMM105');
  expectNone(`${topology}migrate w* to b { policy = h }`, 'VMM105');
  expectNone(`${topology}migrate w* to b { concurrency = 3 }`, 'VMM105');
  expectNone(`${topology}policy { profile = vmware-long-distance }\nmigrate w* to b { concurrency = 3 }`, 'VMM105');
  expectNone(`${topology}migrate w* to b { policy = h  concurrency = 3  method = federate }`, 'VMM105');
});

test('VMM105: the fix sets the allowed value and states the resulting time', () => {
  // hcx: R = min(10 Gbps ÷ 1 × 90%, max-stream 1 Gbps) = 125 MB/s (efficiency does not apply to an engine's own cap, spec §6);
  // each 4 GiB VM 4294967296 / 125000000 = 34.36 s; 3 in one slot: 103.1 s = 1 m 43 s.
  const { text, fix } = fixed(`${topology}migrate w* to b { policy = h  concurrency = 3 }`, 'VMM105', 'Set concurrency');
  assert.equal(fix.title, 'Set concurrency = 1: ≈ 1 m 43 s for all 3');
  assert.ok(text.endsWith('migrate w* to b { policy = h  concurrency = 1 }'));
  expectNone(text, 'VMM105');
});
