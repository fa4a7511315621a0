import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectDiagnostics, expectNone, fixed } from '../testing.js';

const topology = `
site a
site b
site c
link a <-> b { rtt = 2ms  bandwidth = 10Gbps }
vm x at c { memory = 4GiB }
vm y at c { memory = 4GiB }
vm z at b { memory = 4GiB }
`;

test('VMM104: no chain of links between the VM site and the target is an error, one per source site', () => {
  expectDiagnostics(`${topology}[|migrate x, y to a|]`, 'VMM104', ['no path from c to a for vms x, y: no chain of links joins the two sites']);
  // z reaches a over a <-> b; x does not.
  expectDiagnostics(`${topology}[|migrate z, x to a|]`, 'VMM104', ['no path from c to a for vm x: no chain of links joins the two sites']);
});

test('VMM104: applies to live, routed and cold, not to federate', () => {
  expectDiagnostics(`${topology}[|migrate x to a|] { method = routed }`, 'VMM104', ['no path from c to a for vm x: no chain of links joins the two sites']);
  expectDiagnostics(`${topology}[|migrate x to a|] { method = cold }`, 'VMM104', ['no path from c to a for vm x: no chain of links joins the two sites']);
  expectNone(`${topology}migrate x to a { method = federate }`, 'VMM104');
});

test('VMM104: sites joined through links with missing figures are VMM006, not VMM104; multi-hop paths count', () => {
  expectNone(`${topology}link b <-> c { rtt = 2ms }\nmigrate x to a`, 'VMM104');
  expectNone(`${topology}link b <-> c { rtt = 2ms  bandwidth = 1Gbps }\nmigrate x to a`, 'VMM104');
});

test('VMM104: the fix declares the link with placeholders that parse and joins the sites', () => {
  const { text, fix } = fixed(`${topology}migrate x to a`, 'VMM104', 'Declare link');
  assert.equal(fix.title, 'Declare link c <-> a (placeholder rtt = 10ms, bandwidth = 10Gbps: set the real figures)');
  assert.ok(text.endsWith('migrate x to a\n\nlink c <-> a { rtt = 10ms  bandwidth = 10Gbps }\n'));
  expectNone(text, 'VMM104');
  expectNone(text, 'VMM001');
  expectNone(text, 'VMM006');
});

test('VMM104: between located sites the placeholder RTT is at least the physical minimum (no VMM106)', () => {
  // New York → London ≈ 5570 km great-circle: 5570 / 100 km per ms = 55.7 ms, rounded up to 56 ms.
  const source = `site ny { location = 40.71, -74.0 }\nsite lon { location = 51.51, -0.13 }\nvm web at ny { memory = 4GiB }\nmigrate web to lon { method = cold }`;
  const { text, fix } = fixed(source, 'VMM104', 'Declare link');
  assert.equal(fix.title, 'Declare link ny <-> lon (placeholder rtt = 56ms, bandwidth = 10Gbps: set the real figures)');
  expectNone(text, 'VMM104');
  expectNone(text, 'VMM106');
});
