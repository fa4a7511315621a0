import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

// kvm's stream-window is 4 MiB (Linux autotuning's default send buffer): one connection over 160 ms
// carries 4 194 304 ÷ 0.16 = 26 214 400 B/s (26.2 MB/s, 210 Mbps), far below a 10 Gbps link (1.25 GB/s).
const topology = `
site a
site b
site c
link a <-> b { rtt = 160ms  bandwidth = 10Gbps }
link b <-> c { rtt = 40ms  bandwidth = 10Gbps }
vm web at a { memory = 16GiB  disk = 100GiB }
vm app at a { memory = 8GiB  datastore = ds-a }
vm db at c { memory = 16GiB }
datastore ds-a at a
`;
const kvm = 'policy { profile = kvm }\n';

const webOnKvm =
  'TCP window caps each migration on path a → b at 26.2 MB/s (210 Mbps): stream-window 4 MiB ÷ RTT 160 ms under profile kvm, below its link rate 1.25 GB/s (10 Gbps); the window, not the link, sets R = 23.6 MB/s (26.2 MB/s × 90% efficiency)';

test('VMM107: the TCP window caps a live migration below the link rate, with both figures', () => {
  expectDiagnostics(`${topology}${kvm}[|migrate web to b|]`, 'VMM107', [webOnKvm]);
  expectDiagnostics(`${topology}${kvm}[|migrate web to b|] { method = routed }`, 'VMM107', [webOnKvm]);
});

test('VMM107: cold copies the disks through the same window, and fires only when it copies something', () => {
  expectDiagnostics(`${topology}${kvm}[|migrate web to b|] { method = cold }`, 'VMM107', [webOnKvm]);
  // app's disks stay on ds-a: a cold move of it copies nothing, so no window is in its way.
  expectNone(`${topology}${kvm}migrate app to b { method = cold }`, 'VMM107');
  expectNone(`${topology}${kvm}migrate app to b { method = cold  storage = stay }`, 'VMM107');
  // With web in the same intent, the source site still gets its one diagnostic.
  expectDiagnostics(`${topology}${kvm}[|migrate app, web to b|] { method = cold }`, 'VMM107', [webOnKvm]);
});

test('VMM107: one diagnostic per source site, each with its own path', () => {
  // c → b is one hop of 40 ms: 4 MiB ÷ 0.04 s = 104.9 MB/s (839 Mbps). One migration at a time (concurrency 1).
  expectDiagnostics(`${topology}${kvm}[|[|migrate web, app, db to b|]|]`, 'VMM107', [
    'TCP window caps each migration on path a → b at 26.2 MB/s (210 Mbps): stream-window 4 MiB ÷ RTT 160 ms under profile kvm, below its link rate 1.25 GB/s (10 Gbps); the window, not the link, sets R = 23.6 MB/s (26.2 MB/s × 90% efficiency)',
    'TCP window caps each migration on path c → b at 105 MB/s (839 Mbps): stream-window 4 MiB ÷ RTT 40 ms under profile kvm, below its link rate 1.25 GB/s (10 Gbps); the window, not the link, sets R = 94.4 MB/s (105 MB/s × 90% efficiency)',
  ]);
});

test('VMM107: migrations at once share the link, and the window is compared with their share', () => {
  // c = 3: 10 Gbps ÷ 3 = 416.7 MB/s each, still above the 26.2 MB/s window.
  expectDiagnostics(`${topology}${kvm}[|[|migrate web, app, db to b|]|] { concurrency = 3 }`, 'VMM107', [
    'TCP window caps each migration on path a → b at 26.2 MB/s (210 Mbps): stream-window 4 MiB ÷ RTT 160 ms under profile kvm, below its link rate 417 MB/s (3.33 Gbps: 10 Gbps ÷ 3 concurrent); the window, not the link, sets R = 23.6 MB/s (26.2 MB/s × 90% efficiency)',
    'TCP window caps each migration on path c → b at 105 MB/s (839 Mbps): stream-window 4 MiB ÷ RTT 40 ms under profile kvm, below its link rate 417 MB/s (3.33 Gbps: 10 Gbps ÷ 3 concurrent); the window, not the link, sets R = 94.4 MB/s (105 MB/s × 90% efficiency)',
  ]);
  // c = 2 over a 100 Mbps link at 160 ms: 6.25 MB/s each, below the window: the link sets R.
  expectNone(
    `${kvm}site a\nsite b\nlink a <-> b { rtt = 160ms  bandwidth = 100Mbps }\nvm x at a { memory = 1GiB }\nvm y at a { memory = 1GiB }\nmigrate x, y to b { concurrency = 2 }`,
    'VMM107',
  );
});

test('VMM107: a path of several hops sums its RTT; streams multiply the window', () => {
  // a → b → c: 200 ms. 4 streams × 4 MiB ÷ 0.2 s = 83.9 MB/s.
  expectDiagnostics(`${topology}policy { profile = kvm  streams = 4 }\n[|migrate web to c|]`, 'VMM107', [
    'TCP window caps each migration on path a → b → c at 83.9 MB/s (671 Mbps): 4 streams × stream-window 4 MiB ÷ RTT 200 ms under profile kvm, below its link rate 1.25 GB/s (10 Gbps); the window, not the link, sets R = 75.5 MB/s (83.9 MB/s × 90% efficiency)',
  ]);
});

test('VMM107: under qemu the window is compared with max-stream ÷ efficiency', () => {
  // qemu's max-bandwidth 128 MiB/s = 134.2 MB/s is sent as is; the window would need 134.2 ÷ 0.9 = 149.1 MB/s on the wire.
  expectDiagnostics(`${topology}policy { profile = qemu }\n[|migrate web to b|]`, 'VMM107', [
    'TCP window caps each migration on path a → b at 26.2 MB/s (210 Mbps): stream-window 4 MiB ÷ RTT 160 ms under profile qemu, below max-stream 128 MiB/s ÷ 90% efficiency = 149 MB/s (1.19 Gbps); the window, not max-stream, sets R = 23.6 MB/s (26.2 MB/s × 90% efficiency)',
  ]);
  // The window of a named policy, and its own stream-window.
  expectDiagnostics(`${topology}policy x { profile = xen  stream-window = 8MiB }\n[|migrate web to b|] { policy = x }`, 'VMM107', [
    'TCP window caps each migration on path a → b at 52.4 MB/s (419 Mbps): stream-window 8 MiB ÷ RTT 160 ms under policy x (profile xen), below its link rate 1.25 GB/s (10 Gbps); the window, not the link, sets R = 47.2 MB/s (52.4 MB/s × 90% efficiency)',
  ]);
});

test('VMM107: not reported without a window, when the window reaches the path rate, or on federate', () => {
  // The VMware profiles and metro set no window (vMotion sizes its buffers to the RTT).
  expectNone(`${topology}migrate web to b`, 'VMM107');
  expectNone(`${topology}policy { profile = vmware-long-distance }\nmigrate web to b`, 'VMM107');
  expectNone(`${topology}policy { profile = kvm  stream-window = none }\nmigrate web to b`, 'VMM107');
  // A 100 Mbps link (12.5 MB/s) is slower than the 26.2 MB/s window: the link sets R.
  expectNone(`${kvm}site a\nsite b\nlink a <-> b { rtt = 160ms  bandwidth = 100Mbps }\nvm web at a { memory = 16GiB }\nmigrate web to b`, 'VMM107');
  // Equal is not below: 4 MiB ÷ 1 s = 4 MiB/s on a 4 MiB/s link.
  expectNone(`${kvm}site a\nsite b\nlink a <-> b { rtt = 1s  bandwidth = 4MiB/s }\nvm web at a { memory = 16GiB }\nmigrate web to b`, 'VMM107');
  // 48 streams reach the link (see the fix below).
  expectNone(`${topology}policy { profile = kvm  streams = 48 }\nmigrate web to b`, 'VMM107');
  expectNone(
    `${topology}policy { profile = kvm }\nservice s { vms = web  load-balancer = gslb  scalable = true }\nmigrate web to b { method = federate }`,
    'VMM107',
  );
});

test('VMM107: the fix writes the fewest streams that reach the link into the policy in force, stating the new time', () => {
  // N = ⌈1.25e9 × 0.16 ÷ 4 194 304⌉ = ⌈47.7⌉ = 48. web sends 116 GiB (disk + memory, no dirty-rate):
  // at R = 23 592 960 B/s that is 5 279 s (1 h 27 m); with 48 streams the window (1.26 GB/s) is above the link,
  // R = 1.125 GB/s, 110.7 s (1 m 51 s), each + kvm's 20 ms switch-over.
  const source = `${topology}policy {\n  profile = kvm\n}\nmigrate web to b`;
  const { text, fix } = fixed(source, 'VMM107', 'Set streams');
  assert.equal(fix.title, 'Set streams = 48 in the unnamed policy (48 × 4 MiB ÷ 160 ms = 1.26 GB/s reaches the link rate): ≈ 1 m 51 s instead of ≈ 1 h 27 m');
  assert.equal(text, `${topology}policy {\n  profile = kvm\n  streams = 48\n}\nmigrate web to b`);
  expectNone(text, 'VMM107');
  // One fewer is not enough: 47 × 4 MiB ÷ 0.16 s = 1.232 GB/s < 1.25 GB/s.
  assert.equal(diagnostics(text.replace('streams = 48', 'streams = 47'), 'VMM107').length, 1);
});

test('VMM107: the fix goes into the named policy the intent uses, replacing its streams', () => {
  const source = `${topology}policy {\n  profile = metro\n}\npolicy wan {\n  profile = kvm\n  streams = 2\n}\nmigrate web to b { policy = wan }`;
  const { text, fix } = fixed(source, 'VMM107', 'Set streams');
  assert.match(fix.title, /^Set streams = 48 in policy wan \(48 × 4 MiB ÷ 160 ms = 1\.26 GB\/s reaches the link rate\): ≈ 1 m 51 s instead of ≈ /);
  assert.equal(text, `${topology}policy {\n  profile = metro\n}\npolicy wan {\n  profile = kvm\n  streams = 48\n}\nmigrate web to b { policy = wan }`);
  expectNone(text, 'VMM107');
});

test('VMM107: under max-stream the fix reaches max-stream ÷ efficiency, not the link', () => {
  // N = ⌈(134 217 728 ÷ 0.9) × 0.16 ÷ 4 194 304⌉ = ⌈5.69⌉ = 6; 6 × 4 MiB ÷ 0.16 s = 157.3 MB/s, so R = max-stream 134.2 MB/s:
  // 116 GiB ÷ 134 217 728 B/s = 928 s (15 m 28 s).
  const { text, fix } = fixed(`${topology}policy { profile = qemu }\nmigrate web to b`, 'VMM107', 'Set streams');
  assert.equal(
    fix.title,
    'Set streams = 6 in the unnamed policy (6 × 4 MiB ÷ 160 ms = 157 MB/s reaches max-stream ÷ efficiency): ≈ 15 m 28 s instead of ≈ 1 h 27 m',
  );
  assert.equal(text, `${topology}policy { profile = qemu streams = 6 }\nmigrate web to b`);
  expectNone(text, 'VMM107');
});

test('VMM107: with several migrations at once the fix states the time for all of them', () => {
  // c = 2: link rate 625 MB/s; N = ⌈6.25e8 × 0.16 ÷ 4 194 304⌉ = 24.
  const source = `${topology}${kvm}migrate web, app to b { concurrency = 2 }`;
  const { text, fix } = fixed(source, 'VMM107', 'Set streams');
  assert.match(
    fix.title,
    /^Set streams = 24 in the unnamed policy \(24 × 4 MiB ÷ 160 ms = 629 MB\/s reaches the link rate\): ≈ .+ for all 2 instead of ≈ .+ for all 2$/,
  );
  expectNone(text, 'VMM107');
});
