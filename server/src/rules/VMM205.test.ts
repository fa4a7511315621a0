import { test } from 'node:test';
import { expectDiagnostics, expectNone } from '../testing.js';

// R = 1 Gbps × 90% = 112.5 MB/s (900 Mbps); half of it is 56.25 MB/s.
const topology = `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
vm busy at a { memory = 4GiB  dirty-rate = 60MB/s }
vm half at a { memory = 4GiB  dirty-rate = 56.25MB/s }
vm hot at a { memory = 4GiB  dirty-rate = 112.5MB/s }
vm calm at a { memory = 4GiB  dirty-rate = 10MB/s }
vm none at a { memory = 4GiB }
`;

test('VMM205: dirty-rate above half the effective bandwidth is an info on the VM target', () => {
  // λ = 60 / 112.5 = 53.3%; rounds until 4 GiB × λⁱ ≤ 112.5 MB: ln(112.5e6 / 4294967296) / ln(0.533) = 5.8 → 6.
  const message =
    'vm busy dirties memory at 480 Mbps, more than 50% (53.3%) of the effective bandwidth 900 Mbps (path a → b: 1 Gbps × 90% efficiency); pre-copy takes 6 rounds: where auto-converge were on, the hypervisor would throttle the guest';
  expectDiagnostics(`${topology}migrate [|busy|], calm to b`, 'VMM205', [message]);
  expectDiagnostics(`${topology}migrate [|busy|] to b { method = routed }`, 'VMM205', [message]);
});

test('VMM205: counts concurrency in R', () => {
  // c = 2: R = 56.25 MB/s = 450 Mbps; busy's 60 MB/s is ≥ R (VMM201 instead); calm's 10 MB/s is 17.8%.
  expectNone(`${topology}migrate busy, calm to b { concurrency = 2 }`, 'VMM205');
  // c = 3: R = 37.5 MB/s = 300 Mbps; calm's 10 MB/s is 26.7%, none has no dirty-rate, half's 56.25 MB/s is ≥ R.
  expectNone(`${topology}migrate calm, none, half to b { concurrency = 3 }`, 'VMM205');
  // c = 2 for two VMs dirtying 25 MB/s: 25 / 56.25 = 44.4% (not reported); 30 MB/s: 53.3% (reported).
  expectDiagnostics(
    `${topology}vm p at a { memory = 1GiB  dirty-rate = 25MB/s }\nvm q at a { memory = 1GiB  dirty-rate = 30MB/s }\nmigrate p, [|q|] to b { concurrency = 2 }`,
    'VMM205',
    [
      // λ = 0.533: 1 GiB × λⁱ ≤ 56.25 MB at i = ln(56.25e6 / 1073741824) / ln(0.533) = 4.7 → 5 rounds.
      'vm q dirties memory at 240 Mbps, more than 50% (53.3%) of the effective bandwidth 450 Mbps (path a → b: 1 Gbps ÷ 2 concurrent × 90% efficiency); pre-copy takes 5 rounds: where auto-converge were on, the hypervisor would throttle the guest',
    ],
  );
});

test('VMM205: not reported at exactly half, at or above R (VMM201), below half, without dirty-rate, or for cold', () => {
  expectNone(`${topology}migrate half to b`, 'VMM205');
  expectNone(`${topology}migrate hot to b`, 'VMM205');
  expectNone(`${topology}migrate calm, none to b`, 'VMM205');
  expectNone(`${topology}migrate busy to b { method = cold }`, 'VMM205');
  expectNone(`${topology}migrate busy to b { method = federate }`, 'VMM205');
});
