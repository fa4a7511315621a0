import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone } from '../testing.js';

const topology = `
site a
site b
site c
link a <-> b { rtt = 5ms  bandwidth = 1Gbps  share = 50% }
link b <-> c { rtt = 5ms  bandwidth = 10Gbps }
datastore ds-b at b
datastore ds-c at c
`;

const replicating = (rate: string, target = 'ds-b', mode = 'async  rpo = 15min') =>
  `${topology}datastore [|ds-a|] at a {\n  change-rate = ${rate}\n  replication { target = ${target}  mode = ${mode} }\n}\n`;

test('VMM503: change-rate above half the raw path bandwidth, on the datastore name', () => {
  // Half of the raw 1 Gbps: 500 Mbps; share (50%) and efficiency do not apply.
  expectDiagnostics(replicating('600Mbps'), 'VMM503', [
    'async replication of datastore ds-a (a) to ds-b (b) cannot hold its rpo 15 m: change-rate 600 Mbps exceeds half the raw path bandwidth, 1 Gbps ÷ 2 = 500 Mbps (a → b)',
  ]);
});

test('VMM503: the raw path bandwidth is the narrowest hop', () => {
  // a → b → c: min(1 Gbps, 10 Gbps) = 1 Gbps; 75 MB/s = 600 Mbps.
  expectDiagnostics(replicating('75MB/s', 'ds-c'), 'VMM503', [
    'async replication of datastore ds-a (a) to ds-c (c) cannot hold its rpo 15 m: change-rate 600 Mbps exceeds half the raw path bandwidth, 1 Gbps ÷ 2 = 500 Mbps (a → b → c)',
  ]);
});

test('VMM503: the limit is strict; no change-rate, sync replication or one site: nothing to say', () => {
  expectNone(replicating('500Mbps'), 'VMM503');
  expectNone(replicating('600Mbps', 'ds-b', 'sync'), 'VMM503');
  expectNone(`${topology}datastore ds-a at a { replication { target = ds-b  mode = async  rpo = 15min } }`, 'VMM503');
  expectNone(`${topology}datastore ds-a at c { change-rate = 10Gbps  replication { target = ds-c  mode = async  rpo = 15min } }`, 'VMM503');
  // The policy's efficiency is not part of the comparison.
  expectNone(`${topology}policy { efficiency = 50% }\n${replicating('500Mbps').slice(topology.length)}`, 'VMM503');
});

test('VMM503: no quick-fix', () => {
  const [d] = diagnostics(replicating('600Mbps').replace('[|', '').replace('|]', ''), 'VMM503');
  assert.deepEqual(d.fixes, []);
});
