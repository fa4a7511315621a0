import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { completeAt } from './completion.js';

const base = 'site a\nsite b\nvm web at a { memory = 4GiB }\n';

function labels(text: string): string[] {
  const full = base + text;
  return completeAt(checkText(full), full.length).map((i) => i.label);
}

test('completion: the values of the v2.0 attributes', () => {
  assert.deepEqual(labels('policy p { converge = '), ['none', 'throttle', 'postcopy']);
  assert.deepEqual(labels('policy p { max-rounds = '), ['none']);
  assert.deepEqual(labels('policy p { max-data = '), ['none']);
  assert.deepEqual(labels('policy p { throttle-initial = '), ['20%']);
  assert.deepEqual(labels('policy p { streams = '), ['1']);
  assert.deepEqual(labels('migrate web to b { address = '), ['keep', 'new']);
  assert.deepEqual(labels('vm x at a { devices = '), ['passthrough', 'shared-disk', 'usb']);
  assert.deepEqual(labels('vm x at a { devices = usb, '), ['passthrough', 'shared-disk', 'usb']);
  const cpus = labels('vm x at a { cpu = ');
  assert.ok(cpus.includes('intel-skylake') && cpus.includes('amd-zen3'), cpus.join(' '));
});

test('completion: the attribute under the cursor is offered too; the others already written are not', () => {
  const offered = labels('vm x at a {\n  memory = 4GiB\n  disk = 1GiB\n  mem');
  assert.ok(!offered.includes('disk'), 'disk is written');
  // At an existing `memory` (the cursor on its name) memory itself is offered.
  const at = labels('vm x at a {\n  disk = 1GiB\n  memory');
  assert.ok(at.includes('memory') && !at.includes('disk'), at.join(' '));
});
