import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText, expectDiagnostics, expectNone } from '../testing.js';

const sites = 'site a\nsite b\n';

test('VMM008: latitude beyond ±90 and longitude beyond ±180, each on its own number', () => {
  expectDiagnostics('site a { location = [|91|], 0 }\nsite b { location = -45, [|-180.5|] }\nsite c { location = [|-100|], [|200|] }', 'VMM008', [
    'latitude must be between -90 and 90, found 91',
    'longitude must be between -180 and 180, found -180.5',
    'latitude must be between -90 and 90, found -100',
    'longitude must be between -180 and 180, found 200',
  ]);
  // The limits themselves are valid.
  expectNone('site a { location = 90, 180 }\nsite b { location = -90, -180 }', 'VMM008');
  // An invalid location is no location: no distance is derived from it.
  assert.equal(checkText('site a { location = 91, 0 }').model.sites.get('a')?.location, undefined);
});

test('VMM008: a percentage must be more than 0% and at most 100%', () => {
  expectDiagnostics(
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  share = [|100.5%|] }\npolicy { efficiency = [|0%|] }\npolicy p { efficiency = [|-5%|] }`,
    'VMM008',
    [
      'share must be more than 0% and at most 100%, found 100.5%',
      'efficiency must be more than 0% and at most 100%, found 0%',
      'efficiency must be more than 0% and at most 100%, found -5%',
    ],
  );
  expectNone(`${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  share = 100% }\npolicy { efficiency = 0.5% }`, 'VMM008');
});

test('VMM008: sizes, times and distances cannot be negative; zero is fine', () => {
  expectDiagnostics(
    `${sites}vm web at a { memory = [|-4GiB|]  disk = [|-1GB|] }\nlink a <-> b { rtt = [|-1ms|]  bandwidth = 10Gbps  distance = [|-5km|] }\nsite c { capacity { storage = [|-1TiB|] } }`,
    'VMM008',
    [
      'memory cannot be negative, found -4GiB',
      'disk cannot be negative, found -1GB',
      'rtt cannot be negative, found -1ms',
      'distance cannot be negative, found -5km',
      'storage cannot be negative, found -1TiB',
    ],
  );
  expectDiagnostics(`${sites}vm web at a { memory = 4GiB }\nmigrate web to b { window = [|-1h|] }`, 'VMM008', ['window cannot be negative, found -1h']);
  expectNone(`${sites}vm web at a { memory = 0GiB  disk = 0 }\nlink a <-> b { rtt = 0ms  bandwidth = 10Gbps  distance = 0km }`, 'VMM008');
});

test('VMM008: rates must be greater than 0', () => {
  expectDiagnostics(
    `${sites}link a <-> b { rtt = 1ms  bandwidth = [|0Gbps|] }\npolicy { max-stream = [|0MB/s|]  min-bandwidth = [|-1Mbps|] }\nvm web at a { memory = 4GiB  dirty-rate = [|0MB/s|] }`,
    'VMM008',
    [
      'bandwidth must be greater than 0, found 0Gbps',
      'max-stream must be greater than 0, found 0MB/s',
      'min-bandwidth must be greater than 0, found -1Mbps',
      'dirty-rate must be greater than 0, found 0MB/s',
    ],
  );
  expectNone(`${sites}link a <-> b { rtt = 1ms  bandwidth = 1Kbps }`, 'VMM008');
});

test('VMM008: integers are at least 1, but max-rounds may be 0', () => {
  expectDiagnostics(
    `${sites}vm web at a { memory = 4GiB  vcpus = [|0|] }\nmigrate web to b { concurrency = [|0|] }\nsite c { capacity { vcpus = [|-2|] } }\npolicy { max-rounds = [|-1|] }`,
    'VMM008',
    [
      'vcpus must be at least 1, found 0',
      'concurrency must be at least 1, found 0',
      'vcpus must be at least 1, found -2',
      'max-rounds must be at least 0, found -1',
    ],
  );
  expectNone(`${sites}vm web at a { memory = 4GiB  vcpus = 1 }\nmigrate web to b { concurrency = 1 }\npolicy { max-rounds = 0 }`, 'VMM008');
});

test('VMM008: mtu between 576 and 65535, on links and networks', () => {
  expectDiagnostics(`${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  mtu = [|575|] }\nnetwork n { sites = a  mtu = [|65536|] }`, 'VMM008', [
    'mtu must be between 576 and 65535, found 575',
    'mtu must be between 576 and 65535, found 65536',
  ]);
  expectNone(`${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  mtu = 576 }\nnetwork n { sites = a  mtu = 65535 }`, 'VMM008');
});

test("VMM008: a VM whose site is not among its network's sites, on `network`", () => {
  expectDiagnostics(`${sites}site c\nnetwork lan { sites = a, b }\nvm web at c { memory = 4GiB  network = [|lan|] }`, 'VMM008', [
    "vm 'web' is at c, but network 'lan' exists only at a, b",
  ]);
  expectDiagnostics(`${sites}network lan { sites = b }\nvm web { site = a  memory = 4GiB  network = [|lan|] }`, 'VMM008', [
    "vm 'web' is at a, but network 'lan' exists only at b",
  ]);
  expectNone(`${sites}network lan { sites = a, b }\nvm web at b { memory = 4GiB  network = lan }`, 'VMM008');
  // Unknown site or network: VMM005 says it, not VMM008.
  expectNone(`${sites}network lan { sites = a }\nvm web at nowhere { memory = 4GiB  network = lan }\nvm db at b { memory = 4GiB  network = wan }`, 'VMM008');
});

test("VMM008: a gateway site that is not one of the network's sites", () => {
  expectDiagnostics(`${sites}site c\nnetwork lan { sites = a, b  gateway = b, [|c|] }`, 'VMM008', ["gateway site c is not one of the network's sites (a, b)"]);
  expectNone(`${sites}network lan { sites = a, b  gateway = anycast }\nnetwork wan { sites = a, b  gateway = b }`, 'VMM008');
});

test('VMM008: a link from a site to itself', () => {
  expectDiagnostics(`${sites}[|link a <-> a|] { rtt = 1ms  bandwidth = 10Gbps }`, 'VMM008', ['a link joins two different sites; this one joins a to itself']);
});

test('VMM008: a number too large for a double is out of range, not Infinity passed on to the estimates', () => {
  const huge = '9'.repeat(400);
  expectDiagnostics(`${sites}vm web at a { memory = [|${huge}GiB|]  vcpus = [|${huge}|] }`, 'VMM008', [
    'memory is too large a number, found 99999999999999999999…',
    'vcpus is too large a number, found 99999999999999999999…',
  ]);
  expectNone(`${sites}vm web at a { memory = ${huge}GiB }`, 'VMM003');
});

test('VMM008 (v2.0): an address the method forbids is reported and left out: routed still re-addresses, live still keeps', () => {
  const estate = `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps }\nvm r at a { memory = 4GiB }\nvm l at a { memory = 4GiB }\n`;
  const source = `${estate}migrate r to b { method = routed  address = [|keep|] }\nmigrate l to b { address = [|new|] }`;
  expectDiagnostics(source, 'VMM008', [
    'address = keep on routed: routed migration always re-addresses the VM; use live to keep its address',
    'address = new on live: live migration keeps the address; routed is the re-addressing live move, cold with address = new the offline one',
  ]);
  const intents = checkText(source.replace(/\[\||\|\]/g, '')).model.intents;
  assert.deepEqual(
    intents.map((i) => i.address),
    ['new', 'keep'],
  );
  // Cold may do either; federate ignores it.
  expectNone(`${estate}migrate r to b { method = cold  address = new }\nmigrate l to b { method = cold  address = keep }`, 'VMM008');
  assert.equal(checkText(`${estate}migrate r to b { method = cold  address = new }`).model.intents[0].address, 'new');
});

test('VMM008 (v2.0): converge = postcopy needs QEMU; resident above memory; max-data and stream-window above 0', () => {
  expectDiagnostics(
    `policy { profile = vmware-long-distance  converge = [|postcopy|]  max-data = [|0%|]  stream-window = [|0MiB|] }\n${sites}vm v at a { memory = 4GiB  resident = [|8GiB|] }`,
    'VMM008',
    [
      "converge = postcopy needs QEMU's post-copy (profile kvm or qemu); profile vmware-long-distance has none",
      'max-data must be more than 0%, found 0%',
      'stream-window must be greater than 0, found 0MiB',
      "resident 8 GiB is more than the vm's memory 4 GiB: the guest cannot have touched more than it has",
    ],
  );
  // Left out: the profile's own values apply (SDPS throttling; no resident).
  const result = checkText(`policy { profile = vmware-long-distance  converge = postcopy }\n${sites}vm v at a { memory = 4GiB  resident = 8GiB }`);
  assert.equal(result.model.defaultPolicy.converge, 'throttle');
  assert.equal(result.model.vms.get('v')?.resident, undefined);
  // What is allowed: post-copy on kvm and qemu, max-data above 100%, none, resident up to memory.
  expectNone(
    `policy { profile = kvm  converge = postcopy  max-data = 250%  max-rounds = none  stream-window = none }\npolicy q { profile = qemu  converge = postcopy  max-rounds = 0 }\n${sites}vm v at a { memory = 4GiB  resident = 4GiB }`,
    'VMM008',
  );
  const policy = checkText('policy { profile = xen  max-rounds = none  max-data = 250% }').model.defaultPolicy;
  assert.equal(policy.maxRounds, undefined);
  assert.equal(policy.maxData, 2.5);
  assert.equal(checkText('policy { profile = xen }').model.defaultPolicy.maxRounds, 29);
});
