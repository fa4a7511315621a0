import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const sites = `
site a
site b
site c
link a <-> b { rtt = 2ms  bandwidth = 10Gbps }
link b <-> c { rtt = 3ms  bandwidth = 10Gbps }
`;
// app calls db; both start at a.
const pair = `${sites}vm app at a { memory = 8GiB  depends-on = db }\nvm db at a { memory = 32GiB }\n`;

test('VMM403: a VM that moves away from what it depends on is a warning on its target, with the RTT each call adds', () => {
  expectDiagnostics(`${pair}migrate [|app|] to b`, 'VMM403', [
    "vm 'app' moves from a to b, away from vm 'db' it depends on, which stays at a: each call crosses the WAN, adding 2 ms RTT (b → a)",
  ]);
});

test('VMM403: the edge counts in the other direction too: moving what others depend on', () => {
  expectDiagnostics(`${pair}migrate [|db|] to b`, 'VMM403', [
    "vm 'db' moves from a to b, away from vm 'app' that depends on it, which stays at a: each call crosses the WAN, adding 2 ms RTT (a → b)",
  ]);
});

test('VMM403: moving both to the same site is fine, in one intent or two; different start sites are not an edge to break', () => {
  expectNone(`${pair}migrate app, db to b`, 'VMM403');
  expectNone(`${pair}migrate app to b\nmigrate db to b { method = cold }`, 'VMM403');
  expectNone(`${sites}vm app at a { memory = 8GiB  depends-on = db }\nvm db at b { memory = 32GiB }\nmigrate app to b`, 'VMM403');
  expectNone(`${sites}vm app at a { memory = 8GiB  depends-on = db }\nvm db at c { memory = 32GiB }\nmigrate app to b`, 'VMM403');
});

test('VMM403: ending at different sites fires on each migrated end, with no fix (adding would be VMM004)', () => {
  const text = `${pair}migrate [|app|] to b\nmigrate [|db|] to c`;
  const found = expectDiagnostics(text, 'VMM403', [
    "vm 'app' moves from a to b, away from vm 'db' it depends on, which moves to c: each call crosses the WAN, adding 3 ms RTT (b → c)",
    "vm 'db' moves from a to c, away from vm 'app' that depends on it, which moves to b: each call crosses the WAN, adding 3 ms RTT (b → c)",
  ]);
  assert.deepEqual(
    found.map((d) => d.fixes),
    [[], []],
  );
});

test('VMM403: applies to every method, federate included', () => {
  for (const method of ['live', 'routed', 'cold']) {
    assert.equal(diagnostics(`${pair}migrate app to b { method = ${method} }`, 'VMM403').length, 1, method);
  }
  const federated = `${sites}vm app at a { memory = 8GiB  depends-on = db }\nvm db at a { memory = 32GiB }\nservice front { vms = app  load-balancer = gslb  scalable = true }\nmigrate [|service front|] to b { method = federate }`;
  expectDiagnostics(federated, 'VMM403', [
    "vm 'app' moves from a to b, away from vm 'db' it depends on, which stays at a: each call crosses the WAN, adding 2 ms RTT (b → a)",
  ]);
});

test('VMM403: the fix adds the dependency to the targets', () => {
  const { text, fix } = fixed(`${pair}migrate app to b`, 'VMM403', 'Add');
  assert.equal(fix.title, "Add 'db' to the targets: move it to b with 'app'");
  assert.ok(text.endsWith('migrate app, db to b'));
  expectNone(text, 'VMM403');
  const reverse = fixed(`${pair}migrate db to b { method = cold }`, 'VMM403', 'Add');
  assert.equal(reverse.fix.title, "Add 'app' to the targets: move it to b with 'db'");
  assert.ok(reverse.text.endsWith('migrate db, app to b { method = cold }'));
  expectNone(reverse.text, 'VMM403');
});

// A service whose VMs are spread: db-1 at a, db-2 at c.
const spread = `${sites}vm app at a { memory = 8GiB  depends-on = db }\nservice db { vms = db-* }\nvm db-1 at a { memory = 32GiB }\nvm db-2 at c { memory = 32GiB }\n`;

test('VMM403: a service dependency stays with the VM when any of its VMs ends at the VM site', () => {
  expectDiagnostics(`${spread}migrate [|app|] to b`, 'VMM403', [
    // nearest end site of db from b: a (2 ms) rather than c (3 ms)
    "vm 'app' moves from a to b, away from service 'db' it depends on, whose VMs end at a, c: each call crosses the WAN, adding 2 ms RTT (b → a)",
  ]);
  expectNone(`${spread}migrate app to c`, 'VMM403');
  expectNone(`${spread}migrate app to b\nmigrate db-2 to b`, 'VMM403');
  // No VM of db starts at app's site: nothing to move away from.
  expectNone(`${spread.replace('db-1 at a', 'db-1 at c')}migrate app to b`, 'VMM403');
});

test('VMM403: the fix for a service dependency adds the service, unless one of its VMs is moved by another intent', () => {
  const { text, fix } = fixed(`${spread}migrate app to b`, 'VMM403', 'Add');
  assert.equal(fix.title, "Add service 'db' to the targets: move its VMs to b with 'app'");
  assert.ok(text.endsWith('migrate app, service db to b'));
  expectNone(text, 'VMM403');
  assert.deepEqual(diagnostics(`${spread}migrate app to b\nmigrate db-2 to a`, 'VMM403')[0].fixes, []);
});

test('VMM403: moving the VMs of a service away from a VM that depends on the service', () => {
  const text = `${sites}vm app at a { memory = 8GiB  depends-on = db }\nservice db { vms = db-* }\nvm db-1 at a { memory = 32GiB }\nvm db-2 at a { memory = 32GiB }\n`;
  const message =
    "vm 'db-1' moves from a to b, away from vm 'app' that depends on its service 'db', which stays at a, where no VM of 'db' is left: each call crosses the WAN, adding 2 ms RTT (a → b)";
  expectDiagnostics(`${text}migrate [|[|service db|]|] to b`, 'VMM403', [message, message.replace('db-1', 'db-2')]);
  // db-2 stays with app.
  expectNone(`${text}migrate db-1 to b`, 'VMM403');
  // Depending on db-1 and on its service is one edge for db-1, reported once (as the direct one); db-2 through the service.
  expectDiagnostics(`${text.replace('depends-on = db', 'depends-on = db, db-1')}migrate [|db-1|], [|db-2|] to b`, 'VMM403', [
    "vm 'db-1' moves from a to b, away from vm 'app' that depends on it, which stays at a: each call crosses the WAN, adding 2 ms RTT (a → b)",
    message.replace('db-1', 'db-2'),
  ]);
  const { text: after, fix } = fixed(`${text}migrate service db to b`, 'VMM403', 'Add');
  assert.equal(fix.title, "Add 'app' to the targets: move it to b with 'db-1'");
  assert.ok(after.endsWith('migrate service db, app to b'));
  expectNone(after, 'VMM403');
});

test('VMM403: with a deadline, a dependency left at the source is VMM207, a dependent left there is lost with it; one moved elsewhere stays VMM403', () => {
  // app leaves a, which will be lost, while db stays there.
  expectNone(`${pair}migrate app to b { deadline = 1h }`, 'VMM403');
  expectDiagnostics(`${pair}migrate [|app|] to b { deadline = 1h }`, 'VMM207', ["after the loss of a, vm 'app': it depends on 'db', which stays at a"]);
  // db leaves a while app, which depends on it, stays there: app is lost with a, neither rule reports it.
  expectNone(`${pair}migrate db to b { deadline = 1h }`, 'VMM403');
  expectNone(`${pair}migrate db to b { deadline = 1h }`, 'VMM207');
  // Both leave a for different sites: nothing stays at a, so VMM403 on each.
  assert.equal(diagnostics(`${pair}migrate app to b { deadline = 1h }\nmigrate db to c { deadline = 1h }`, 'VMM403').length, 2);
  expectNone(`${pair}migrate app to b { deadline = 1h }\nmigrate db to c { deadline = 1h }`, 'VMM207');
});
