import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

// nyc will be lost: every intent here that leaves it has a deadline.
const sites = `
site nyc
site bos
site chi
link nyc <-> bos { rtt = 4ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
link bos <-> chi { rtt = 3ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
`;
const da = '{ deadline = 2h  reason = disaster-avoidance }';

// ─── The gateway (VMM401's condition) ───

const gateway = (network: string) =>
  `${sites}network app { sites = nyc, bos  ingress = host-routes  ${network} }\nvm web-01 at nyc { memory = 8GiB  network = app }\nvm web-02 at nyc { memory = 8GiB  network = app }\n`;

test('VMM207: a gateway only at the doomed site leaves the VM with none, instead of VMM401', () => {
  // The default gateway is the first of sites: nyc.
  const source = `${gateway('')}migrate [|web-01|] to bos ${da}`;
  expectDiagnostics(source, 'VMM207', ["after the loss of nyc, vm 'web-01' has no gateway (only at nyc)"]);
  expectNone(source, 'VMM401');
  // Written as a list of the source alone; cold keeping its address; one diagnostic per VM on a glob.
  expectDiagnostics(`${gateway('gateway = nyc')}migrate [|web-01|] to bos { method = cold  deadline = 2h }`, 'VMM207', [
    "after the loss of nyc, vm 'web-01' has no gateway (only at nyc)",
  ]);
  expectDiagnostics(`${gateway('')}migrate [|[|web-*|]|] to bos ${da}`, 'VMM207', [
    "after the loss of nyc, vm 'web-01' has no gateway (only at nyc)",
    "after the loss of nyc, vm 'web-02' has no gateway (only at nyc)",
  ]);
});

test('VMM207: a gateway also at another site is not lost with nyc: VMM401 keeps it', () => {
  const chi = `${sites}network app { sites = nyc, bos, chi  gateway = nyc, chi  ingress = host-routes }\nvm web-01 at nyc { memory = 8GiB  network = app }\n`;
  expectNone(`${chi}migrate web-01 to bos ${da}`, 'VMM207');
  expectDiagnostics(`${chi}migrate [|web-01|] to bos ${da}`, 'VMM401', [
    "vm 'web-01' moves to bos, but the gateway of network 'app' is only at nyc, chi: outbound traffic hairpins through chi, the gateway left after the loss of nyc, adding 3 ms RTT (bos → chi) to each request",
  ]);
});

test('VMM207: the gateway part applies where VMM401 does (live; cold with address = keep), and only with a deadline', () => {
  expectNone(`${gateway('')}migrate web-01 to bos { method = routed  deadline = 2h }`, 'VMM207');
  expectNone(`${gateway('')}migrate web-01 to bos { method = cold  address = new  deadline = 2h }`, 'VMM207');
  expectNone(`${gateway('gateway = anycast')}migrate web-01 to bos ${da}`, 'VMM207');
  // Without a deadline nothing is lost: VMM401's warning.
  expectNone(`${gateway('')}migrate web-01 to bos`, 'VMM207');
  assert.equal(diagnostics(`${gateway('')}migrate web-01 to bos`, 'VMM401').length, 1);
  // Evaluated whenever a deadline is set, whatever the reason (spec §10).
  assert.equal(diagnostics(`${gateway('')}migrate web-01 to bos { deadline = 2h }`, 'VMM207').length, 1);
});

test("VMM207: the gateway's fixes are VMM401's, and they clear it", () => {
  const source = `${gateway('')}migrate web-01 to bos ${da}`;
  // R = 10 Gbps × 90% = 1.125 GB/s; 8 GiB ÷ 1.125 GB/s = 7.64 s; no dirty-rate: downtime 0.
  assert.deepEqual(
    diagnostics(source, 'VMM207')[0].fixes.map((f) => f.title),
    [
      "Set gateway = anycast on network 'app' (first-hop gateway active at every site of the segment)",
      'Use routed L3 migration: new IP and DNS update, ≈ 7.64 s, downtime ≈ 0 s, uses the gateway at bos',
    ],
  );
  const anycast = fixed(source, 'VMM207', 'Set gateway = anycast').text;
  assert.ok(anycast.includes('network app { sites = nyc, bos  ingress = host-routes gateway = anycast'));
  expectNone(anycast, 'VMM207');
  expectNone(anycast, 'VMM401');
  const routed = fixed(source, 'VMM207', 'Use routed').text;
  assert.ok(routed.endsWith('migrate web-01 to bos { deadline = 2h  reason = disaster-avoidance method = routed }'));
  expectNone(routed, 'VMM207');
});

// ─── Inbound traffic (VMM402's condition) ───

const ingress = (network: string) => `${sites}network app { sites = nyc, bos, chi  ${network} }\nvm web-01 at nyc { memory = 8GiB  network = app }\n`;

test('VMM207: inbound traffic that still arrives at the doomed site, instead of VMM402', () => {
  const message = "after the loss of nyc, vm 'web-01': inbound traffic still arrives at nyc (ingress = none)";
  // An anycast gateway: outbound traffic leaves from bos, inbound still arrives at nyc.
  const source = `${ingress('gateway = anycast')}migrate [|web-01|] to bos ${da}`;
  expectDiagnostics(source, 'VMM207', [message]);
  expectNone(source, 'VMM402');
  // A gateway list with the source (and the target: no VMM401, so no gateway part).
  expectDiagnostics(`${ingress('gateway = nyc, bos')}migrate [|web-01|] to bos ${da}`, 'VMM207', [message]);
});

test('VMM207: a gateway list without the source takes inbound traffic elsewhere: VMM402 keeps it', () => {
  // gateway = chi: the egress trombone is VMM401's (chi is not lost), the ingress one VMM402's.
  const source = `${ingress('gateway = chi')}migrate [|web-01|] to bos ${da}`;
  expectNone(source, 'VMM207');
  expectDiagnostics(source, 'VMM402', [
    "vm 'web-01' moves from nyc to bos, but network 'app' has ingress = none: inbound traffic arrives at chi, where its gateway is, and crosses to bos, adding 3 ms RTT (chi → bos) to each request",
  ]);
  // A gateway at the target and not at the source brings the traffic along: neither.
  expectNone(`${ingress('gateway = bos')}migrate web-01 to bos ${da}`, 'VMM207');
  expectNone(`${ingress('gateway = anycast  ingress = gslb')}migrate web-01 to bos ${da}`, 'VMM207');
});

test("VMM207: the inbound traffic's fixes are VMM402's, and they clear it", () => {
  const source = `${ingress('gateway = anycast')}migrate web-01 to bos ${da}`;
  assert.deepEqual(
    diagnostics(source, 'VMM207')[0].fixes.map((f) => f.title),
    [
      "Set ingress = host-routes on network 'app' (advertise the VM's host route from the site it runs at)",
      "Set ingress = gslb on network 'app' (global load balancing sends clients to the site the VM runs at)",
    ],
  );
  const { text } = fixed(source, 'VMM207', 'Set ingress = host-routes');
  assert.ok(text.includes('network app { sites = nyc, bos, chi  gateway = anycast ingress = host-routes }'));
  expectNone(text, 'VMM207');
  expectNone(text, 'VMM402');
});

test('VMM207: the default network (gateway and ingress both at nyc) gives one diagnostic per kind, in that order', () => {
  expectDiagnostics(`${ingress('')}migrate [|[|web-01|]|] to bos ${da}`, 'VMM207', [
    "after the loss of nyc, vm 'web-01' has no gateway (only at nyc)",
    "after the loss of nyc, vm 'web-01': inbound traffic still arrives at nyc (ingress = none)",
  ]);
});

// ─── Disks (VMM501's condition) ───

const storage = `${sites}datastore ds-nyc at nyc { replication { target = ds-chi  mode = sync } }\ndatastore ds-chi at chi\ndatastore ds-bos at bos\nvm db-01 at nyc { memory = 32GiB  disk = 200GiB  datastore = ds-nyc }\nvm app-01 at nyc { memory = 8GiB  disk = 50GiB  datastore = ds-chi }\n`;

test('VMM207: disks that stay on a datastore at the doomed site, instead of VMM501', () => {
  const source = `${storage}migrate [|db-01|] to bos ${da}`;
  expectDiagnostics(source, 'VMM207', ["after the loss of nyc, vm 'db-01': its disks stay on ds-nyc at nyc"]);
  expectNone(source, 'VMM501');
  // storage = replica with no replica at the target (its replica is at chi): the disks stay at nyc all the same.
  expectDiagnostics(`${storage}migrate [|db-01|] to bos { storage = replica  deadline = 2h }`, 'VMM207', [
    "after the loss of nyc, vm 'db-01': its disks stay on ds-nyc at nyc (storage = replica, but no replica at bos)",
  ]);
  // Cold with storage = stay.
  expectDiagnostics(`${storage}migrate [|db-01|] to bos { method = cold  storage = stay  deadline = 2h }`, 'VMM207', [
    "after the loss of nyc, vm 'db-01': its disks stay on ds-nyc at nyc",
  ]);
});

test('VMM207: disks at another site than the doomed one keep VMM501; moved or failed-over disks give neither', () => {
  const source = `${storage}migrate [|app-01|] to bos ${da}`;
  expectNone(source, 'VMM207');
  expectDiagnostics(source, 'VMM501', [
    "vm app-01's disks stay on datastore ds-chi at chi after the move to bos: every disk I/O then crosses path RTT 3 ms (bos → chi)",
  ]);
  expectNone(`${storage}migrate db-01 to bos { storage = move  deadline = 2h }`, 'VMM207');
  expectNone(`${storage}migrate db-01 to bos { method = cold  deadline = 2h }`, 'VMM207'); // cold moves by default
  expectNone(`${storage}migrate db-01 to chi { storage = replica  deadline = 2h }`, 'VMM207'); // ds-chi is its sync replica
  expectNone(`${storage}migrate db-01 to bos { method = federate  deadline = 2h }`, 'VMM207');
});

test("VMM207: the disks' fixes are VMM501's, and they clear it", () => {
  // disk ÷ R = 200 GiB ÷ 1.125 GB/s = 214748364800 ÷ 1.125e9 = 190.9 s = 3 m 11 s.
  const source = `${storage}migrate db-01 to chi ${da}`;
  assert.deepEqual(
    diagnostics(source, 'VMM207')[0].fixes.map((f) => f.title),
    ["Set storage = move: ≈ 3 m 11 s to copy db-01's 200 GiB of disk with it", 'Set storage = replica: fail over to ds-chi at chi (sync replica of ds-nyc)'],
  );
  for (const title of ['Set storage = move', 'Set storage = replica']) {
    const { text } = fixed(source, 'VMM207', title);
    expectNone(text, 'VMM207');
    expectNone(text, 'VMM501');
  }
});

// ─── Dependencies (VMM403's condition) ───

const deps = `${sites}vm web-01 at nyc { memory = 8GiB  depends-on = db-01 }\nvm db-01 at nyc { memory = 32GiB }\nvm mon at nyc { memory = 1GiB  depends-on = web-01 }\n`;

test('VMM207: a dependency that stays at the doomed site, instead of VMM403', () => {
  const source = `${deps}migrate [|web-01|] to bos ${da}`;
  expectDiagnostics(source, 'VMM207', ["after the loss of nyc, vm 'web-01': it depends on 'db-01', which stays at nyc"]);
  // mon stays at nyc and depends on web-01: it is lost with the site, so neither VMM207 nor VMM403 for it.
  expectNone(source, 'VMM403');
  // Applies to every method, as VMM403 does.
  for (const method of ['routed', 'cold']) {
    assert.equal(diagnostics(`${deps}migrate web-01 to bos { method = ${method}  deadline = 2h }`, 'VMM207').length, 1, method);
  }
});

test('VMM207: every dependency left at the doomed site in one diagnostic, with one fix adding them all', () => {
  const two = deps.replace('depends-on = db-01', 'depends-on = db-01, cache') + 'vm cache at nyc { memory = 4GiB }\n';
  expectDiagnostics(`${two}migrate [|web-01|] to bos ${da}`, 'VMM207', [
    "after the loss of nyc, vm 'web-01': it depends on 'db-01' and 'cache', which stay at nyc",
  ]);
  const { text, fix } = fixed(`${two}migrate web-01 to bos ${da}`, 'VMM207', 'Add');
  assert.equal(fix.title, "Add 'db-01', 'cache' to the targets: move them to bos with 'web-01'");
  assert.ok(text.includes(`migrate web-01, db-01, cache to bos ${da}`));
  expectNone(text, 'VMM207');
  expectNone(text, 'VMM403');
});

test("VMM207: the dependency's fix is VMM403's, and it clears it", () => {
  const { text, fix } = fixed(`${deps}migrate web-01 to bos ${da}`, 'VMM207', 'Add');
  assert.equal(fix.title, "Add 'db-01' to the targets: move it to bos with 'web-01'");
  assert.ok(text.includes(`migrate web-01, db-01 to bos ${da}`));
  expectNone(text, 'VMM207');
  expectNone(text, 'VMM403');
});

test('VMM207: a dependency that moves elsewhere, or a dependent that does, keeps VMM403', () => {
  // db-01 moves to chi: web-01 at bos calls chi, nothing is left at nyc.
  const apart = `${deps}migrate [|web-01|] to bos ${da}\nmigrate [|db-01|] to chi ${da}`;
  expectNone(apart, 'VMM207');
  expectDiagnostics(apart, 'VMM403', [
    "vm 'web-01' moves from nyc to bos, away from vm 'db-01' it depends on, which moves to chi: each call crosses the WAN, adding 3 ms RTT (bos → chi)",
    "vm 'db-01' moves from nyc to chi, away from vm 'web-01' that depends on it, which moves to bos: each call crosses the WAN, adding 3 ms RTT (bos → chi)",
  ]);
  // Moving db-01 alone: web-01 (and mon) stay at nyc and are lost with it; db-01 depends on nothing.
  expectNone(`${deps}migrate db-01 to bos ${da}`, 'VMM207');
  expectNone(`${deps}migrate db-01 to bos ${da}`, 'VMM403');
  // Without a deadline the same moves are VMM403's.
  assert.equal(diagnostics(`${deps}migrate web-01 to bos`, 'VMM403').length, 2);
  expectNone(`${deps}migrate web-01 to bos`, 'VMM207');
});

test('VMM207: a service stays at the doomed site when all its VMs end there; otherwise VMM403 keeps it', () => {
  const service = `${sites}vm web-01 at nyc { memory = 8GiB  depends-on = db }\nservice db { vms = db-* }\nvm db-1 at nyc { memory = 32GiB }\nvm db-2 at nyc { memory = 32GiB }\n`;
  const source = `${service}migrate web-01 to bos ${da}`;
  expectDiagnostics(`${service}migrate [|web-01|] to bos ${da}`, 'VMM207', ["after the loss of nyc, vm 'web-01': it depends on 'db', which stays at nyc"]);
  expectNone(source, 'VMM403');
  const { fix } = fixed(source, 'VMM207', 'Add');
  assert.equal(fix.title, "Add service 'db' to the targets: move its VMs to bos with 'web-01'");
  // db-2 moves to chi: the service survives the loss of nyc there, and web-01 at bos calls it over the WAN.
  const spread = `${service}migrate [|web-01|] to bos ${da}\nmigrate [|db-2|] to chi`;
  expectNone(spread, 'VMM207');
  expectDiagnostics(spread, 'VMM403', [
    "vm 'web-01' moves from nyc to bos, away from service 'db' it depends on, whose VMs end at nyc, chi: each call crosses the WAN, adding 3 ms RTT (bos → chi)",
    "vm 'db-2' moves from nyc to chi, away from vm 'web-01' that depends on its service 'db', which moves to bos, where no VM of 'db' is left: each call crosses the WAN, adding 3 ms RTT (bos → chi)",
  ]);
});

// ─── All kinds ───

test('VMM207: one diagnostic per VM and kind, VM by VM', () => {
  const all = `${sites}datastore ds-nyc at nyc\nnetwork app { sites = nyc, bos }\nvm web-01 at nyc { memory = 8GiB  disk = 100GiB  datastore = ds-nyc  network = app  depends-on = db-01 }\nvm web-02 at nyc { memory = 8GiB  network = app }\nvm db-01 at nyc { memory = 32GiB }\n`;
  expectDiagnostics(`${all}migrate [|[|[|[|web-01|]|]|]|], [|[|web-02|]|] to bos ${da}`, 'VMM207', [
    "after the loss of nyc, vm 'web-01' has no gateway (only at nyc)",
    "after the loss of nyc, vm 'web-01': inbound traffic still arrives at nyc (ingress = none)",
    "after the loss of nyc, vm 'web-01': its disks stay on ds-nyc at nyc",
    "after the loss of nyc, vm 'web-01': it depends on 'db-01', which stays at nyc",
    "after the loss of nyc, vm 'web-02' has no gateway (only at nyc)",
    "after the loss of nyc, vm 'web-02': inbound traffic still arrives at nyc (ingress = none)",
  ]);
  for (const code of ['VMM401', 'VMM402', 'VMM403', 'VMM501']) expectNone(`${all}migrate web-01, web-02 to bos ${da}`, code);
  assert.ok(diagnostics(`${all}migrate web-01, web-02 to bos ${da}`, 'VMM207').every((d) => d.severity === 'error'));
});

test('VMM207: vmm-ignore on the migrate silences it', () => {
  expectNone(`${deps}// vmm-ignore VMM207 db-01 is rebuilt from backup at bos\nmigrate web-01 to bos ${da}`, 'VMM207');
});
