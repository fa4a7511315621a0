import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

test('VMM002: an unknown attribute with a close known name offers the rename', () => {
  expectDiagnostics('site a\nvm web at a { memory = 4GiB  [|sitee|] = a }', 'VMM002', ["unknown attribute 'sitee' for vm (did you mean 'site'?)"]);
  expectDiagnostics('site a { [|locaton|] = 48.85, 2.35 }', 'VMM002', ["unknown attribute 'locaton' for site (did you mean 'location'?)"]);
  expectDiagnostics('policy { [|profle|] = kvm }', 'VMM002', ["unknown attribute 'profle' for policy (did you mean 'profile'?)"]);
});

test('VMM002: the rename fix removes the error and the value is then read', () => {
  const { text, fix } = fixed('site a\nsite b\nvm web at a { memory = 4GiB }\nmigrate web to b { metod = cold }', 'VMM002', 'Rename');
  assert.equal(fix.title, "Rename to 'method'");
  assert.ok(text.endsWith('migrate web to b { method = cold }'));
  expectNone(text, 'VMM002');
  expectNone(text, 'VMM001');
});

test('VMM002: an unknown attribute without a close name has no fix', () => {
  const [d] = expectDiagnostics('site a\nvm web at a { memory = 4GiB  [|colour|] = "blue" }', 'VMM002', ["unknown attribute 'colour' for vm"]);
  assert.deepEqual(d.fixes, []);
});

test('VMM002: unknown attributes and blocks inside a nested block name the block', () => {
  expectDiagnostics('site a { capacity { [|memroy|] = 1TiB  [|cpus|] = 64 } }', 'VMM002', [
    "unknown attribute 'memroy' for capacity block (did you mean 'memory'?)",
    "unknown attribute 'cpus' for capacity block (did you mean 'vcpus'?)",
  ]);
  expectDiagnostics('site a\ndatastore d at a { replication { [|targt|] = d  mode = sync } }', 'VMM002', [
    "unknown attribute 'targt' for replication block (did you mean 'target'?)",
  ]);
  expectDiagnostics('site a\nvm web at a { memory = 4GiB  [|capacity|] { memory = 1GiB } }', 'VMM002', ["unknown block 'capacity' for vm"]);
});

test('VMM002: a block written as an attribute, or an attribute written as a block', () => {
  expectDiagnostics('site a { [|capacity|] = 4TiB }', 'VMM002', ['capacity is a block here: write capacity { … }']);
  expectDiagnostics('site a\nvm web at a { [|memory|] { } }', 'VMM002', ['memory is an attribute here: write memory = …']);
});

test('VMM002: an attribute of another declaration kind is unknown here', () => {
  // `storage` belongs in `capacity { … }`; `site` is not an attribute of a site.
  expectDiagnostics('site a { [|storage|] = 1TiB  [|site|] = a }', 'VMM002', ["unknown attribute 'storage' for site", "unknown attribute 'site' for site"]);
});

test('VMM002: keywords are ordinary attribute names inside a body; every schema attribute is known', () => {
  expectNone(
    `policy { profile = metro  max-rtt = 10ms  min-bandwidth = 1Gbps  max-distance = 200km  max-downtime = 1s  max-rounds = 30  efficiency = 90%  max-stream = 1Gbps  sync-max-rtt = 5ms }
site a { location = 48.85, 2.35  region = "eu"  provider = "own"  capacity { memory = 1TiB  vcpus = 64  storage = 10TiB } }
site b
link a <-> b { rtt = 2ms  bandwidth = 10Gbps  distance = 50km  share = 50%  l2-extension = vxlan-evpn  mtu = 9000  encrypted = false }
datastore d at a { capacity = 10TiB  change-rate = 10MB/s  replication { target = e  mode = async  rpo = 15min } }
datastore e { site = b }
network n { sites = a, b  gateway = anycast  ingress = host-routes  mtu = 1500  dns-ttl = 60s }
vm web { site = a  memory = 4GiB  vcpus = 2  disk = 40GiB  datastore = d  network = n  dirty-rate = 10MB/s  working-set = 1GiB  sessions = stateless  depends-on = db }
vm db at a { memory = 8GiB }
service front { vms = web  load-balancer = gslb  scalable = true }
migrate web to b { method = live  reason = optimize  storage = stay  window = 1h  deadline = 2h  concurrency = 1  policy = p }
policy p`,
    'VMM002',
  );
});

test('VMM002: did-you-mean offers a name of the same kind: an attribute is not renamed into a block', () => {
  // Renaming `capaci` to `capacity` would give "capacity is a block here", another VMM002.
  expectDiagnostics('site a { [|capaci|] = 1 }', 'VMM002', ["unknown attribute 'capaci' for site"]);
  expectDiagnostics('site a { [|capacty|] { memory = 1TiB } }', 'VMM002', ["unknown block 'capacty' for site (did you mean 'capacity'?)"]);
});

test('VMM002: no rename to a declaration keyword where no = follows: `site 1` would start a declaration', () => {
  const [d] = diagnostics('site a\nvm web at a { memory = 1GiB  sit 1 }', 'VMM002');
  assert.equal(d.message, "unknown attribute 'sit' for vm (did you mean 'site'?)");
  assert.deepEqual(d.fixes, []);
  assert.deepEqual(
    diagnostics('site a\nvm web { memory = 1GiB  sit = a }', 'VMM002')[0].fixes.map((f) => f.title),
    ["Rename to 'site'"],
  );
});
