import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { documentPlan } from './plan.js';

const estate = ['site a', 'site b', 'link a <-> b { rtt = 2ms; bandwidth = 10Gbps }', 'vm web at a { memory = 8GiB }'].join('\n');

test('document plan: markdown, json and the topology of a file without errors', () => {
  const planned = documentPlan(checkText(`${estate}\nmigrate web to b { method = cold }`), '/workspace/test.vmm');
  assert.ok(planned);
  assert.equal(planned.ok, true);
  assert.equal(planned.errors, 0);
  assert.match(planned.markdown, /^# Migration plan: test\.vmm\n/);
  assert.match(planned.markdown, /^- `migrate web to b` \(line 5\): cold, 1 VM, ≈ 2 m$/m);
  assert.deepEqual(Object.keys(JSON.parse(planned.json ?? '{}')), ['file', 'units', 'summary', 'waves']);
  assert.match(planned.svg, /<title>Topology of test\.vmm<\/title>/);
});

test('document plan: a file with errors gets the list of them and its topology, no json', () => {
  const planned = documentPlan(checkText(`${estate}\nmigrate web to c`), '/workspace/test.vmm');
  assert.ok(planned);
  assert.equal(planned.ok, false);
  assert.equal(planned.errors, 1);
  assert.equal(planned.json, undefined);
  assert.equal(
    planned.markdown,
    "# Migration plan: test.vmm\n\nNo plan: the file has 1 error. Fix it first:\n\n- Line 5, VMM005: unknown site 'c' (did you mean 'a'?)\n",
  );
  assert.match(planned.svg, /<title>Topology of test\.vmm<\/title>/);
});

test('document plan: none once cancelled', () => {
  assert.equal(
    documentPlan(checkText(estate), '/workspace/test.vmm', () => true),
    undefined,
  );
});
