import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText, diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `site dc-east
site dc-west
link dc-east <-> dc-west { rtt = 1ms  bandwidth = 10Gbps }
vm web-01 at dc-east { memory = 4GiB }
vm db-01 at dc-west { memory = 16GiB }
`;

test('VMM005: an unknown name, with did-you-mean and declare-it fixes', () => {
  expectDiagnostics(`${topology}migrate web-01 to [|dc-wets|]`, 'VMM005', ["unknown site 'dc-wets' (did you mean 'dc-west'?)"]);
  const [d] = diagnostics(`${topology}migrate web-01 to dc-wets`, 'VMM005');
  assert.deepEqual(
    d.fixes.map((f) => f.title),
    ["Change to 'dc-west'", "Declare site 'dc-wets'"],
  );
});

test('VMM005: the did-you-mean fix removes the error', () => {
  const { text } = fixed(`${topology}migrate web-01 to dc-wets`, 'VMM005', 'Change to');
  assert.ok(text.endsWith('migrate web-01 to dc-west'));
  expectNone(text, 'VMM005');
});

test('VMM005: the declare-it fix appends a declaration that resolves, placed at a declared site', () => {
  const site = fixed(`${topology}migrate web-01 to dc-north`, 'VMM005', 'Declare');
  assert.equal(site.fix.title, "Declare site 'dc-north'");
  assert.equal(site.text, `${topology}migrate web-01 to dc-north\n\nsite dc-north {\n}\n`);
  expectNone(site.text, 'VMM005');
  expectNone(site.text, 'VMM001');
  // A network for a vm at dc-east exists at dc-east, so the vm's site is among its sites (no VMM008 either).
  const network = fixed(`${topology}vm app at dc-east { memory = 4GiB  network = lan }`, 'VMM005', 'Declare');
  assert.equal(network.text, `${topology}vm app at dc-east { memory = 4GiB  network = lan }\n\nnetwork lan {\n  sites = dc-east\n}\n`);
  expectNone(network.text, 'VMM005');
  expectNone(network.text, 'VMM008');
  const datastore = fixed(`${topology}vm app at dc-east { memory = 4GiB  datastore = san }`, 'VMM005', 'Declare');
  assert.ok(datastore.text.endsWith('\ndatastore san at dc-east {\n}\n'));
  expectNone(datastore.text, 'VMM005');
  // A vm named in a migrate is declared at a site other than the target (else it would be dropped from the intent).
  const vm = fixed(`${topology}migrate app-01 to dc-west`, 'VMM005', 'Declare');
  assert.equal(vm.fix.title, "Declare vm 'app-01'");
  assert.ok(vm.text.endsWith('\nvm app-01 at dc-east {\n  memory = 8GiB\n}\n'));
  expectNone(vm.text, 'VMM005');
  expectNone(vm.text, 'VMM001');
  const policy = fixed(`${topology}migrate web-01 to dc-west { policy = fast }`, 'VMM005', 'Declare');
  assert.ok(policy.text.endsWith('\npolicy fast {\n  profile = metro\n}\n'));
  expectNone(policy.text, 'VMM005');
});

test('VMM005: without a close name, only the declare-it fix', () => {
  const [d] = expectDiagnostics(`${topology}vm app at dc-east { memory = 4GiB  depends-on = [|cache|] }`, 'VMM005', ["unknown vm or service 'cache'"]);
  assert.deepEqual(
    d.fixes.map((f) => f.title),
    ["Declare vm 'cache'"],
  );
});

test('VMM005: every kind of reference is resolved', () => {
  const text = `${topology}vm app at [|dc-nort|] { memory = 4GiB  network = [|lan|]  datastore = [|san|]  depends-on = [|cache|] }
datastore d at dc-east { replication { target = [|d2|]  mode = sync } }
network n { sites = dc-east, [|dc-x|]  gateway = [|dc-y|] }
service s { vms = [|web-1|] }
link dc-east <-> [|dc-south|] { rtt = 1ms  bandwidth = 1Gbps }
migrate [|app-01|], service [|front|] to dc-west { policy = [|fast|] }`;
  expectDiagnostics(text, 'VMM005', [
    "unknown site 'dc-nort'",
    "unknown network 'lan'",
    "unknown datastore 'san'",
    "unknown vm or service 'cache'",
    "unknown datastore 'd2' (did you mean 'd'?)",
    "unknown site 'dc-x'",
    "unknown site 'dc-y'",
    "unknown vm 'web-1' (did you mean 'web-01'?)",
    "unknown site 'dc-south'",
    "unknown vm or service 'app-01'",
    "unknown service 'front'",
    "unknown policy 'fast'",
  ]);
});

test('VMM005: names are case-sensitive, and each kind has its own namespace', () => {
  expectDiagnostics(`${topology}migrate web-01 to [|DC-West|]`, 'VMM005', ["unknown site 'DC-West' (did you mean 'dc-west'?)"]);
  // A site called `db-01` does not make `network = db-01` resolve.
  expectDiagnostics(`${topology}vm app at dc-east { memory = 4GiB  network = [|web-01|] }`, 'VMM005', ["unknown network 'web-01'"]);
});

test('VMM005: names resolve after the whole file is read: declaration order does not matter', () => {
  expectNone(`migrate web-01 to dc-west { policy = late }\n${topology}policy late`, 'VMM005');
});

test('VMM005: a glob that matches nothing', () => {
  expectDiagnostics(`${topology}migrate [|app-*|] to dc-west`, 'VMM005', ["glob 'app-*' matches no vm"]);
  expectDiagnostics(`${topology}service s { vms = web-*, [|app-*|] }`, 'VMM005', ["glob 'app-*' matches no vm"]);
  expectDiagnostics(`${topology}vm app at dc-east { memory = 4GiB  depends-on = [|cache*|] }`, 'VMM005', ["glob 'cache*' matches no vm or service"]);
  // Globs are case-sensitive.
  expectDiagnostics(`${topology}migrate [|WEB-*|] to dc-west`, 'VMM005', ["glob 'WEB-*' matches no vm"]);
});

test('VMM005: a glob matching only VMs already at the target is not VMM005 (they are dropped silently)', () => {
  const text = `${topology}migrate db-* to dc-west`;
  expectNone(text, 'VMM005');
  assert.deepEqual(checkText(text).model.intents[0].vms, []);
  // A glob matches zero or more characters: `web-01*` matches web-01 itself.
  expectNone(`${topology}migrate web-01* to dc-west`, 'VMM005');
});

test('VMM005: a name that resolves is not reported', () => {
  expectNone(`${topology}service front { vms = web-* }\nmigrate service front to dc-west\nmigrate db-01 to dc-east`, 'VMM005');
});

test('VMM005: the declare-it fix does not append into a block comment left open at the end', () => {
  const { text } = fixed(`${topology}migrate web-01 to dc-north\n/* to do`, 'VMM005', 'Declare');
  assert.equal(text, `${topology}migrate web-01 to dc-north\nsite dc-north {\n}\n/* to do`);
  expectNone(text, 'VMM005');
  // It follows the file's line endings.
  const crlf = fixed(`${topology}migrate web-01 to dc-north`.replace(/\n/g, '\r\n'), 'VMM005', 'Declare').text;
  assert.ok(crlf.endsWith('\r\n\r\nsite dc-north {\r\n}\r\n'));
});

test('VMM005: did-you-mean stops after a budget on a file of thousands of unknown names, and skips runaway names', () => {
  const vms = Array.from({ length: 2000 }, (_, i) => `vm v${i} at dc-east { memory = 1GiB }`).join('\n');
  const refs = Array.from({ length: 1500 }, (_, i) => `vm r${i} at dc-east { memory = 1GiB  depends-on = v${i}x }`).join('\n');
  const found = diagnostics(`${topology}${vms}\n${refs}`, 'VMM005');
  assert.equal(found.length, 1500);
  // The first unknown names get their suggestion; past the budget (a million comparisons) none is looked for.
  assert.equal(found[0].message, "unknown vm or service 'v0x' (did you mean 'v0'?)");
  assert.equal(found[found.length - 1].message, "unknown vm or service 'v1499x'");
  // A runaway name is no typo: no suggestion, at once.
  const long = 'w'.repeat(200_000);
  assert.equal(
    diagnostics(`${topology}vm ${long} at dc-east { memory = 1GiB }\nmigrate ${long}x to dc-west`, 'VMM005')[0].message,
    `unknown vm or service '${long}x'`,
  );
});
