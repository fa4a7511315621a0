import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { buildPlan } from './plan.js';
import { timelineSvg } from './timeline.js';

// Cold, restart 0 s, R = 112.5 MB/s: 1125 MB = 10 s. p1 (deadline 15 s) wave 1, 0 → 10 s; p2 over
// the same link, wave 2, 10 → 20 s, after its 15 s deadline (VMM206 as a warning so that there is a plan).
const source = `policy { restart-time = 0s }
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
vm p1 at a { memory = 1GiB  disk = 1125MB }
vm p2 at a { memory = 1GiB  disk = 1125MB }
migrate p1 to b { method = cold  deadline = 15s }
migrate p2 to b { method = cold  deadline = 15s  window = 30s }
`;

test('timeline: a bar per intent from its start to its end, deadlines and window ends marked on its row', () => {
  const planned = buildPlan(checkText(source, { severities: { VMM206: 'warning' } }));
  assert.ok(planned.ok);
  const svg = timelineSvg(planned.plan);
  assert.match(svg, /^<\?xml[^>]*>\n<svg [^>]*>\n<title>Schedule of test\.vmm<\/title>/);
  // The horizon is the latest of ends, deadlines and window ends (p2's window ends at 10 + 30 = 40 s),
  // and at least a minute: x(t) = 330 + t ÷ 60 × 600 = 330 + 10 t. p1 330 → 430, p2 430 → 530; the
  // deadline at 15 s: 480; p2's window end at 40 s: 730.
  const bars = [...svg.matchAll(/<rect data-kind="intent" data-name="([^"]+)" data-offset="(\d+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [
    m[1],
    Number(m[3]),
    Number(m[4]),
  ]);
  assert.deepEqual(bars, [
    ['migrate p1 to b', 330, 100],
    ['migrate p2 to b', 430, 100],
  ]);
  const marks = [...svg.matchAll(/data-name="([^"]+)" data-offset="\d+" data-mark="([^"]+)" x1="([\d.]+)"/g)].map((m) => [m[1], m[2], Number(m[3])]);
  assert.deepEqual(marks, [
    ['migrate p1 to b', 'deadline 15 s', 480],
    ['migrate p2 to b', 'deadline 15 s', 480],
    ['migrate p2 to b', 'window 30 s', 730],
  ]);
  // p2 misses its deadline: drawn late, with a red outline; the wave barriers at 10 s (x = 430) and at 20 s (x = 530).
  assert.match(svg, /<g data-kind="intent" data-name="migrate p2 to b" data-offset="\d+" data-status="late">/);
  assert.match(svg, /<g data-kind="intent" data-name="migrate p1 to b" data-offset="\d+" data-status="ok">/);
  assert.deepEqual(
    [...svg.matchAll(/data-kind="barrier" data-name="([^"]+)" x1="([\d.]+)"/g)].map((m) => [m[1], Number(m[2])]),
    [
      ['wave 1 ends', 430],
      ['wave 2 ends', 530],
    ],
  );
  assert.match(svg, />Wave 2 · 10 s → 20 s</);
  // The offset is where the migrate starts, for the view to reveal it.
  const offset = Number(/data-name="migrate p2 to b" data-offset="(\d+)"/.exec(svg)?.[1]);
  assert.ok(source.slice(offset).startsWith('migrate p2 to b'));
});
