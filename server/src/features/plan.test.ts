import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { documentPlan } from './plan.js';

const estate = ['site a', 'site b', 'link a <-> b { rtt = 2ms; bandwidth = 10Gbps }', 'vm web at a { memory = 8GiB }'].join('\n');

test('document plan: markdown, json, the topology and the timeline of a file without errors', async () => {
  const planned = await documentPlan(checkText(`${estate}\nmigrate web to b { method = cold }`), '/workspace/test.vmm');
  assert.ok(planned);
  assert.equal(planned.ok, true);
  assert.equal(planned.errors, 0);
  assert.match(planned.markdown, /^# Migration plan: test\.vmm\n/);
  assert.match(planned.markdown, /^- `migrate web to b` \(line 5\): cold, 1 VM, ≈ 2 m, 0 s → 2 m$/m);
  assert.deepEqual(Object.keys(JSON.parse(planned.json ?? '{}')), ['file', 'units', 'summary', 'waves']);
  assert.match(planned.svg, /<title>Topology of test\.vmm<\/title>/);
  assert.match(planned.timeline ?? '', /<title>Schedule of test\.vmm<\/title>/);
});

test('document plan: a file with errors gets the list of them and its topology, no json and no timeline', async () => {
  const planned = await documentPlan(checkText(`${estate}\nmigrate web to c`), '/workspace/test.vmm');
  assert.ok(planned);
  assert.equal(planned.ok, false);
  assert.equal(planned.errors, 1);
  assert.equal(planned.json, undefined);
  assert.equal(planned.timeline, undefined);
  assert.equal(
    planned.markdown,
    "# Migration plan: test.vmm\n\nNo plan: the file has 1 error. Fix it first:\n\n- Line 5, VMM005: unknown site 'c' (did you mean 'a'?)\n",
  );
  assert.match(planned.svg, /<title>Topology of test\.vmm<\/title>/);
});

/** An intent of n VMs, each a 1 GiB cold move. */
function big(n: number): string {
  const vms = Array.from({ length: n }, (_, i) => `vm v${i} at a { memory = 1GiB  disk = 1GiB }`);
  return `${estate}\n${vms.join('\n')}\nmigrate v* to b { method = cold  concurrency = 4 }`;
}

test('document plan: built in steps with a pause between them; a cancel stops the work at the next step', async () => {
  const result = checkText(big(2000));
  // Run to the end: the plan of 2,000 migrations pauses after the schedule, every 250 migrations, and before each of 4 renderings.
  let pauses = 0;
  const whole = await documentPlan(result, '/workspace/test.vmm', { cancelled: () => false, pause: async () => void pauses++ });
  assert.ok(whole?.ok);
  assert.equal(pauses, 1 + Math.floor(2000 / 250) + 4);
  // Cancelled during the first pause (a late cancel: the work had begun): nothing more is done.
  let after = 0;
  let cancelled = false;
  const stopped = await documentPlan(result, '/workspace/test.vmm', {
    cancelled: () => cancelled,
    pause: async () => {
      after++;
      cancelled = true;
    },
  });
  assert.equal(stopped, undefined);
  assert.equal(after, 1);
});
