import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import type { CheckOptions } from '../checker.js';
import { buildPlan, type Plan, type PlanMigration } from './plan.js';

function planOf(text: string, options?: CheckOptions): Plan {
  const result = buildPlan(checkText(text, options));
  assert.ok(result.ok, `expected a plan, got errors: ${result.ok ? '' : result.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return result.plan;
}

function migration(plan: Plan, vm: string): PlanMigration {
  const found = plan.waves.flatMap((w) => w.migrations).find((m) => m.vm === vm);
  assert.ok(found, `no migration of ${vm}`);
  return found;
}

/** The VMs of each wave, in order. */
function waves(plan: Plan): string[][] {
  return plan.waves.map((w) => w.migrations.map((m) => m.vm));
}

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 1e-9, `${what}: ${actual}, expected ${expected}`);
}

const TWO_SITES = `
site a
site b
link a <-> b { rtt = 5ms  bandwidth = 1Gbps }
`;

test('live: the figures of spec §6, by hand', () => {
  const plan = planOf(`${TWO_SITES}
vm v at a { memory = 1GiB  disk = 9GB  dirty-rate = 10MB/s }
migrate v to b
`);
  const m = migration(plan, 'v');
  // Profile metro: efficiency 90%, max-downtime 1 s, no max-stream; c = 1.
  // R = 1 Gbps = 125e6 B/s × 0.9 = 112.5e6 B/s.
  near(m.bandwidth, 112.5e6, 'R');
  near(m.rtt, 0.005, 'rtt');
  // λ = 10e6 ÷ 112.5e6 = 0.0889. V₀ = M = 1 GiB = 1073741824 > R·L = 112.5e6;
  // V₁ = M·λ = 95443717.69 ≤ 112.5e6: stop, rounds = 1 (index of the last round).
  assert.equal(m.rounds, 1);
  // The VM has no datastore, so its 9 GB local disk moves too (spec §6):
  // data = 9e9 + 1073741824 + 95443717.69 = 10169185541.69 B; time = data ÷ R = 90.3928 s.
  near(m.data, 10169185541.688889, 'data');
  near(m.duration, 90.3927603705679, 'duration');
  // Downtime = last round ÷ R = 95443717.69 ÷ 112.5e6 = 0.8484 s.
  near(m.downtime, 0.8483886016790124, 'downtime');
  assert.equal(m.converges, true);
  assert.deepEqual(m.path, ['a', 'b']);
  assert.deepEqual([m.from, m.to, m.method], ['a', 'b', 'live']);
  assert.deepEqual(m.steps, [
    'Pre-checks: path a → b, RTT 5 ms, effective bandwidth 900 Mbps',
    'Migrate v live to b: copy its local disks (8.38 GiB), then pre-copy 1 GiB of memory in rounds 0–1 (dirty-rate 80 Mbps = 8.89% of R; last round 91 MiB); 9.47 GiB sent in ≈ 1 m 30 s; switch-over pause ≈ 848 ms',
    'Verify: v runs at b',
  ]);
  assert.equal(m.rollback, 'Live-migrate v back to a over the same path (≈ 1 m 30 s)');
  // One migration: the summary repeats it.
  assert.deepEqual(
    { ...plan.summary, warnings: plan.summary.warnings.length },
    { migrations: 1, waves: 1, data: m.data, duration: m.duration, worstDowntime: m.downtime, warnings: 0 },
  );
});

test('live: a working set keeps every round large, so pre-copy stops at max-rounds', () => {
  const plan = planOf(`${TWO_SITES}
policy { max-rounds = 3 }
datastore ds at a
datastore ds-b at b
vm v at a { memory = 4GiB  datastore = ds  dirty-rate = 100MB/s  working-set = 1GiB }
migrate v to b { storage = stay }
`);
  const m = migration(plan, 'v');
  // R = 112.5e6 B/s; λ = 100e6 ÷ 112.5e6 = 0.8889. Vᵢ = max(M·λⁱ, 1 GiB), M = 4294967296:
  // V₀ = 4294967296, V₁ = 3817748707.56, V₂ = 3393554406.72, V₃ = 3016492805.97, all above
  // R·L = 112.5e6, so the copy stops at i = max-rounds = 3.
  assert.equal(m.rounds, 3);
  // Disks on a datastore with storage = stay: nothing but memory is sent. data = ΣV = 14522763216.24.
  near(m.data, 14522763216.241425, 'data');
  near(m.duration, 129.09122858881267, 'duration');
  // Downtime = V₃ ÷ R = 26.81 s (VMM202 warns; the plan still stands).
  near(m.downtime, 26.81326938639841, 'downtime');
  assert.match(m.steps[1], /in rounds 0–3 \(dirty-rate 800 Mbps = 88\.9% of R; last round 2\.81 GiB, stopped at max-rounds 3\)/);
  assert.deepEqual(
    m.warnings.map((w) => w.code),
    ['VMM202', 'VMM205', 'VMM501'],
  );
});

test('cold: copies the disk at R and is offline the whole time; federate sends nothing', () => {
  const plan = planOf(`${TWO_SITES}
vm old at a { memory = 8GiB  disk = 100GB }
vm bare at a { memory = 8GiB }
vm web-1 at a { memory = 8GiB }
service web { vms = web-1  load-balancer = gslb  scalable = true }
migrate old to b { method = cold }
migrate bare to b { method = cold }
migrate service web to b { method = federate }
`);
  const old = migration(plan, 'old');
  // Cold copies no memory: data = disk = 100e9 B; time = 2 min restart + 100e9 ÷ 112.5e6 = 120 + 888.89 s = downtime (spec §6).
  assert.equal(old.data, 100e9);
  near(old.duration, 1008.8888888888889, 'duration');
  assert.equal(old.downtime, old.duration);
  assert.equal(old.rounds, 0);
  assert.deepEqual(old.steps, [
    'Shut down old at a',
    'Copy: its local disks (93.1 GiB) to b over a → b at 900 Mbps, ≈ 14 m 49 s',
    'Restart old at b (restart ≈ 2 m; offline ≈ 16 m 49 s in all)',
    'Verify: old runs at b',
  ]);
  assert.match(old.rollback, /^Shut old down at b and restart it at a on its original disks/);
  const bare = migration(plan, 'bare');
  // Nothing copied: only the 2 min restart.
  assert.deepEqual([bare.data, bare.duration, bare.downtime], [0, 120, 120]);
  assert.equal(bare.steps[1], 'Nothing to copy: no disk');
  const web = migration(plan, 'web-1');
  assert.deepEqual([web.data, web.duration, web.downtime, web.rounds, web.bandwidth, web.converges], [0, 0, 0, 0, 0, true]);
  assert.deepEqual(web.steps, [
    'Deploy a new instance of web-1 at b',
    'Add it to the gslb load balancer of service web',
    'Drain the old instance at a: new sessions go to b',
    'Retire the old instance at a',
  ]);
  // Neither `bare` (nothing to copy) nor the federate holds the link: both run beside `old`.
  assert.deepEqual(waves(plan), [['old', 'bare', 'web-1']]);
});

test('cold with address = new: the DNS lead time first, re-address and DNS/DHCP after the restart (spec §8)', () => {
  const plan = planOf(`${TWO_SITES}
network n { sites = a  dns-ttl = 30min }
vm old at a { memory = 8GiB  disk = 100GB  network = n  restart-time = 1min }
migrate old to b { method = cold  address = new }
`);
  assert.deepEqual(migration(plan, 'old').steps, [
    'Lower the DNS TTL of network n from 30 m to 60 s at least 30 m (one old TTL) before cut-over',
    'Shut down old at a',
    'Copy: its local disks (93.1 GiB) to b over a → b at 900 Mbps, ≈ 14 m 49 s',
    'Restart old at b (restart ≈ 1 m; offline ≈ 15 m 49 s in all)',
    'Re-address: give old its new IP address at b',
    'Update DNS and DHCP with the new address of old',
    'Verify: old runs at b, reachable on network n',
  ]);
});

test('routed: the DNS lead time is one old TTL, the tunnel before the move, then re-address, DNS/DHCP, drain, remove the tunnel', () => {
  const plan = planOf(`${TWO_SITES}
network n { sites = a  dns-ttl = 30min }
vm v at a { memory = 1GiB  network = n  dirty-rate = 10MB/s  sessions = stateful }
migrate v to b { method = routed }
`);
  const m = migration(plan, 'v');
  assert.deepEqual(m.steps, [
    'Lower the DNS TTL of network n from 30 m to 60 s at least 30 m (one old TTL) before cut-over',
    'Pre-checks: path a → b, RTT 5 ms, effective bandwidth 900 Mbps',
    'Set up a tunnel from a to b for the sessions to the old address of v',
    'Migrate v routed to b: pre-copy 1 GiB of memory in rounds 0–1 (dirty-rate 80 Mbps = 8.89% of R; last round 91 MiB); 1.09 GiB sent in ≈ 10.4 s; switch-over pause ≈ 848 ms',
    'Re-address: give v its new IP address at b',
    'Update DNS and DHCP with the new address of v',
    'Drain the old sessions through the tunnel',
    'Remove the tunnel once the old sessions have drained',
  ]);
  // The lead time is a plan step, not intent time (spec §6): the wave lasts the move alone.
  near(plan.waves[0].duration, 10.3927603705679, 'wave duration');
});

test('an intent runs at its own concurrency: its duration is the makespan of its slots', () => {
  const plan = planOf(`
site a
site b
link a <-> b { rtt = 1ms  bandwidth = 10Gbps }
vm v1 at a { memory = 1GiB }
vm v2 at a { memory = 1GiB }
vm v3 at a { memory = 1GiB }
migrate v1, v2, v3 to b { concurrency = 2 }
`);
  // c = 2: R = 1.25e9 B/s ÷ 2 × 0.9 = 562.5e6 B/s. No dirty-rate: one copy of M, so each takes
  // 1073741824 ÷ 562.5e6 = 1.9089 s; three in two slots: 2 × 1.9089 = 3.8178 s.
  near(migration(plan, 'v1').bandwidth, 562.5e6, 'R');
  near(plan.waves[0].intents[0].duration, (2 * 2 ** 30) / 562.5e6, 'makespan');
  near(plan.summary.duration, (2 * 2 ** 30) / 562.5e6, 'total');
  assert.equal(plan.waves[0].intents[0].concurrent, 2);
  assert.equal(migration(plan, 'v1').rounds, 1);
});

const CHAIN_VMS = `
vm a at s1 { memory = 1GiB  dirty-rate = 1MB/s }
vm b at s1 { memory = 1GiB  dirty-rate = 1MB/s  depends-on = a }
vm c at s1 { memory = 1GiB  dirty-rate = 1MB/s  depends-on = b }
`;

test('waves: a dependency chain declared in reverse over one link runs a, then b, then c', () => {
  const plan = planOf(`
site s1
site s2
link s1 <-> s2 { rtt = 1ms  bandwidth = 10Gbps }
${CHAIN_VMS}
migrate c to s2
migrate b to s2
migrate a to s2
`);
  assert.deepEqual(waves(plan), [['a'], ['b'], ['c']]);
  assert.deepEqual(
    plan.waves.map((w) => w.index),
    [1, 2, 3],
  );
  // Total time = the sum of the waves, each as long as its longest intent.
  near(
    plan.summary.duration,
    plan.waves.reduce((s, w) => s + w.duration, 0),
    'total',
  );
});

test('waves: without dependencies the same intents go in declaration order', () => {
  const plan = planOf(`
site s1
site s2
link s1 <-> s2 { rtt = 1ms  bandwidth = 10Gbps }
vm a at s1 { memory = 1GiB  dirty-rate = 1MB/s }
vm b at s1 { memory = 1GiB  dirty-rate = 1MB/s }
vm c at s1 { memory = 1GiB  dirty-rate = 1MB/s }
migrate c to s2
migrate b to s2
migrate a to s2
`);
  assert.deepEqual(waves(plan), [['c'], ['b'], ['a']]);
});

test('waves: an intent comes strictly after what it depends on, even when no hop is shared (spec §10)', () => {
  const plan = planOf(`
site s1
site s2
site s3
site s4
link s1 <-> s2 { rtt = 1ms  bandwidth = 10Gbps }
link s1 <-> s3 { rtt = 1ms  bandwidth = 10Gbps }
link s1 <-> s4 { rtt = 1ms  bandwidth = 10Gbps }
${CHAIN_VMS}
migrate c to s2
migrate b to s3
migrate a to s4
`);
  assert.deepEqual(waves(plan), [['a'], ['b'], ['c']]);
});

test('waves: at most one intent per link hop; each intent goes to the earliest wave that has its hops free', () => {
  const plan = planOf(`
site s1
site s2
site s3
site s4
site s5
link s1 <-> s2 { rtt = 1ms  bandwidth = 10Gbps }
link s2 <-> s3 { rtt = 1ms  bandwidth = 10Gbps }
link s4 <-> s5 { rtt = 1ms  bandwidth = 10Gbps }
vm x at s1 { memory = 1GiB }
vm y at s1 { memory = 4GiB }
vm z at s4 { memory = 1GiB }
vm w at s3 { memory = 2GiB }
migrate x to s2     // hop s1-s2
migrate y to s3     // hops s1-s2, s2-s3: s1-s2 is taken in wave 1
migrate z to s5     // hop s4-s5: free in wave 1
migrate w to s2     // hop s2-s3: free in wave 1 (y holds it in wave 2)
`);
  assert.deepEqual(waves(plan), [['x', 'z', 'w'], ['y']]);
  // R = 1.25e9 × 0.9 = 1.125e9 B/s for each (c = 1); no dirty-rate: time = M ÷ R.
  // Wave 1 lasts its longest intent, w: 2 GiB ÷ 1.125e9 = 1.9089 s; wave 2, y: 4 GiB ÷ 1.125e9 = 3.8178 s.
  near(plan.waves[0].duration, (2 * 2 ** 30) / 1.125e9, 'wave 1');
  near(plan.waves[1].duration, (4 * 2 ** 30) / 1.125e9, 'wave 2');
  near(plan.summary.duration, (6 * 2 ** 30) / 1.125e9, 'total');
  assert.deepEqual(migration(plan, 'y').path, ['s1', 's2', 's3']);
});

test('waves: intents that depend on each other in a cycle share one wave, even over one link', () => {
  const plan = planOf(`
site s1
site s2
link s1 <-> s2 { rtt = 1ms  bandwidth = 10Gbps }
vm other at s1 { memory = 1GiB }
vm a at s1 { memory = 1GiB  depends-on = b }
vm b at s1 { memory = 1GiB  depends-on = a }
migrate other to s2
migrate a to s2
migrate b to s2
`);
  assert.deepEqual(waves(plan), [['other'], ['a', 'b']]);
});

test('waves: depending on a service waits for the wave of its moving VMs', () => {
  const plan = planOf(`
site s1
site s2
link s1 <-> s2 { rtt = 1ms  bandwidth = 10Gbps }
vm front at s1 { memory = 1GiB  depends-on = db }
vm db-1 at s1 { memory = 1GiB }
vm db-2 at s1 { memory = 1GiB }
service db { vms = db-* }
migrate front to s2
migrate service db to s2
`);
  assert.deepEqual(waves(plan), [['db-1', 'db-2'], ['front']]);
});

test('warnings: intent-wide ones go to every migration, per-VM ones to the VM they name, and those of its network and links', () => {
  const plan = planOf(`
site a { location = 40.0, -74.0 }
site b { location = 41.0, -74.0 }
link a <-> b { rtt = 0.5ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
network n { sites = a, b }
vm app-1 at a { memory = 1GiB  network = n  dirty-rate = 1MB/s }
vm app-10 at a { memory = 1GiB  dirty-rate = 1MB/s }
migrate app-* to b { window = 1s }
`);
  // VMM303 on app-1's network, VMM203 on the header, and VMM401/VMM402 on the glob `app-*`
  // naming app-1 (not app-10, whose name starts the same). VMM106 on the link concerns no VM
  // (spec §8: of a link only its VMM304, for the VMs whose network it carries): summary only.
  assert.deepEqual(
    migration(plan, 'app-1').warnings.map((w) => w.code),
    ['VMM303', 'VMM203', 'VMM401', 'VMM402'],
  );
  assert.deepEqual(
    migration(plan, 'app-10').warnings.map((w) => w.code),
    ['VMM203'],
  );
  assert.deepEqual(
    plan.summary.warnings.map((w) => [w.code, w.line]),
    [
      ['VMM106', 4],
      ['VMM303', 5],
      ['VMM203', 8],
      ['VMM401', 8],
      ['VMM402', 8],
    ],
  );
});

test('a file with an error has no plan, only its errors', () => {
  const result = buildPlan(
    checkText(`
site a
site b
link a <-> b { rtt = 50ms  bandwidth = 1Gbps }
vm v at a { memory = 1GiB  dirty-rate = 1MB/s }
migrate v to b
`),
  );
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.errors.map((e) => e.code), ['VMM101']);
});

test('an error silenced with vmm-ignore still blocks the plan when the move cannot be estimated', () => {
  const result = buildPlan(
    checkText(`
site a
site b
vm v at a { memory = 1GiB }
// vmm-ignore VMM104 no link yet
migrate v to b
`),
  );
  assert.ok(!result.ok);
  assert.deepEqual(
    result.errors.map((e) => [e.code, e.message]),
    [['plan', 'vm v cannot be planned: no path joins a to b (an error was silenced)']],
  );
});

test('a migration that never converges (VMM201 lowered to a warning) has infinite time', () => {
  const plan = planOf(
    `${TWO_SITES}
vm v at a { memory = 1GiB  dirty-rate = 200MB/s }
migrate v to b
`,
    { severities: { VMM201: 'warning' } },
  );
  const m = migration(plan, 'v');
  // λ = 200e6 ÷ 112.5e6 ≥ 1: never stops.
  assert.equal(m.converges, false);
  assert.equal(m.duration, Infinity);
  assert.equal(plan.summary.duration, Infinity);
  assert.match(m.steps[1], /it never stops \(the guest dirties memory at 1\.6 Gbps, at least R 900 Mbps\)$/);
});

test('a file with nothing to move has an empty plan', () => {
  const plan = planOf(`${TWO_SITES}
vm v at b { memory = 1GiB }
migrate v to b
`);
  assert.deepEqual(plan.summary, { migrations: 0, waves: 0, data: 0, duration: 0, worstDowntime: 0, warnings: [] });
  assert.deepEqual(plan.waves, []);
  assert.equal(plan.file, 'test.vmm');
});

test("imported files bring the topology; only the planned file's intents are planned", () => {
  const files: Record<string, string> = {
    '/workspace/topology.vmm': `
site a
site b
link a <-> b { rtt = 5ms  bandwidth = 1Gbps }
vm theirs at a { memory = 1GiB }
migrate theirs to b
`,
  };
  const plan = planOf(
    `import "topology.vmm"
vm mine at a { memory = 1GiB }
migrate mine to b
`,
    { fs: { readFile: (file) => files[file] } },
  );
  assert.deepEqual(waves(plan), [['mine']]);
  assert.equal(plan.waves[0].intents[0].line, 3);
});

test('schedule: waves one after another from 0, each intent from its wave start, each migration in its slot', () => {
  const plan = planOf(`
policy { restart-time = 0s }
site a
site b
site c
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
link a <-> c { rtt = 2ms  bandwidth = 1Gbps }
vm p1 at a { memory = 1GiB  disk = 1125MB }
vm p2 at a { memory = 1GiB  disk = 1125MB }
vm q1 at a { memory = 1GiB  disk = 2250MB }
vm r1 at a { memory = 1GiB  disk = 1125MB }
vm r2 at a { memory = 1GiB  disk = 1125MB }
vm r3 at a { memory = 1GiB  disk = 1125MB }
migrate p1, p2 to b { method = cold }
migrate q1 to c { method = cold }
migrate r1, r2, r3 to b { method = cold  concurrency = 2 }
`);
  // Cold at c = 1: R = 112.5 MB/s; 1125 MB = 10 s. p1, p2 in one slot: 0 → 20 s (wave 1, a <-> b);
  // q1 (2250 MB, 20 s) beside it on a <-> c: 0 → 20 s — on a tie the first placed sets the length.
  // r* shares a <-> b: wave 2 from 20 s; c = 2 halves R, 20 s each: r1, r2 20 → 40 s, r3 40 → 60 s.
  assert.deepEqual(
    plan.waves.map((w) => [w.index, w.start, w.end, w.longest?.header]),
    [
      [1, 0, 20, 'migrate p1, p2 to b'],
      [2, 20, 60, 'migrate r1, r2, r3 to b'],
    ],
  );
  assert.deepEqual(
    plan.waves.flatMap((w) => w.intents.map((i) => [i.header, i.start, i.end])),
    [
      ['migrate p1, p2 to b', 0, 20],
      ['migrate q1 to c', 0, 20],
      ['migrate r1, r2, r3 to b', 20, 60],
    ],
  );
  const times = (vm: string) => [migration(plan, vm).start, migration(plan, vm).end].map((t) => Math.round(t * 1e6) / 1e6);
  assert.deepEqual(['p1', 'p2', 'q1', 'r1', 'r2', 'r3'].map(times), [
    [0, 10],
    [10, 20],
    [0, 20],
    [20, 40],
    [20, 40],
    [40, 60],
  ]);
  assert.equal(plan.summary.duration, 60);
});

test('schedule: JSON null for what never ends and for everything behind it (spec §10)', async () => {
  const { planJson } = await import('./json.js');
  const result = buildPlan(
    checkText(
      `
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 10Gbps }
vm hot at a { memory = 16GiB  dirty-rate = 10Gbps }
vm ok at a { memory = 1GiB  dirty-rate = 1MB/s }
vm p1 at a { memory = 1GiB }
migrate hot, ok to b { concurrency = 2 }
migrate p1 to b
`,
      { severities: { VMM201: 'warning' } },
    ),
  );
  assert.ok(result.ok);
  const json = JSON.parse(planJson(result.plan));
  const [w1, w2] = json.waves;
  assert.deepEqual([w1.start, w1.end, w1.duration, w1.intents[0].start, w1.intents[0].end], [0, null, null, 0, null]);
  // ok runs beside hot in the second slot and ends; hot never does.
  assert.deepEqual(
    w1.migrations.map((m: { vm: string; start: number | null; end: number | null }) => [m.vm, m.start, m.end === null ? null : m.end > 0]),
    [
      ['hot', 0, null],
      ['ok', 0, true],
    ],
  );
  assert.deepEqual(
    [w2.start, w2.end, w2.intents[0].start, w2.intents[0].end, w2.migrations[0].start, w2.migrations[0].end],
    [null, null, null, null, null, null],
  );
  assert.equal(json.summary.duration, null);
});
