import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { buildPlan } from './plan.js';
import { escapeMarkdown, planMarkdown, planResultMarkdown } from './markdown.js';

test('Markdown plan: title, summary table, a table per wave, then steps, warnings and rollback per migration', () => {
  const result = buildPlan(
    checkText(`
site a
site b
link a <-> b { rtt = 5ms  bandwidth = 1Gbps  l2-extension = vxlan-evpn  mtu = 9000 }
network n { sites = a, b  gateway = anycast  ingress = gslb }
vm v at a { memory = 1GiB  network = n  dirty-rate = 10MB/s }
migrate v to b
`),
  );
  assert.ok(result.ok);
  const md = planMarkdown(result.plan);
  const lines = md.split('\n');
  assert.equal(lines[0], '# Migration plan: test.vmm');
  for (const row of [
    '| Migrations | 1 |',
    '| Waves | 1 |',
    '| Data to send | 1.09 GiB |',
    '| Total time | 10.4 s |',
    '| Worst downtime | 848 ms |',
    '| Open warnings | 1 |',
  ]) {
    assert.ok(lines.includes(row), `summary row ${row}`);
  }
  assert.ok(lines.includes('## Wave 1: 0 s → 10.4 s (≈ 10.4 s)'), md);
  assert.ok(lines.includes('- `migrate v to b` (line 7): live, 1 VM, ≈ 10.4 s, 0 s → 10.4 s'));
  assert.ok(
    lines.includes('| `v` | a → b | live, keeps address | a → b | 5 ms | 900 Mbps | 1.09 GiB | 0–1 | threshold | 10.4 s | 848 ms | 0 s → 10.4 s | VMM303 |'),
    md,
  );
  assert.ok(lines.includes('### v: a → b, live'));
  assert.ok(lines.includes('1. Pre-checks: path a → b, RTT 5 ms, effective bandwidth 900 Mbps'));
  assert.ok(lines.some((l) => l.startsWith("- Line 5, warning VMM303: network 'n' is stretched")));
  assert.ok(lines.includes('Rollback: Live-migrate v back to a over the same path (≈ 10.4 s)'));
  assert.ok(md.endsWith('\n') && !md.endsWith('\n\n'));
});

test('Markdown plan: without a plan, the errors as a list with their lines', () => {
  const text = `
site a
site b
vm v at a { memory = 1GiB }
migrate v to b
`;
  const md = planResultMarkdown('/somewhere/x.vmm', buildPlan(checkText(text)));
  assert.equal(
    md,
    '# Migration plan: x.vmm\n\nNo plan: the file has 1 error. Fix it first:\n\n- Line 5, VMM104: no path from a to b for vm v: no chain of links joins the two sites\n',
  );
});

test('Markdown text is read literally: table pipes, emphasis and HTML are escaped', () => {
  assert.equal(escapeMarkdown('web-* | a_b <x>'), 'web-\\* \\| a\\_b \\<x\\>');
});

test('Markdown plan: the schedule as a Mermaid gantt, waves as sections, deadlines and window ends as milestones', () => {
  // R = 112.5 MB/s; each VM 1125 MB of disk, cold, restart 0 s: 10 s. p1 (deadline 15 s) wave 1, 0 → 10 s;
  // p2 shares the link: wave 2, 10 → 20 s, its window of 15 s ends at 25 s; its deadline 1 h is met.
  const result = buildPlan(
    checkText(`policy { restart-time = 0s }
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
vm p1 at a { memory = 1GiB  disk = 1125MB }
vm p2 at a { memory = 1GiB  disk = 1125MB }
migrate p1 to b { method = cold  deadline = 15s }
migrate p2 to b { method = cold  deadline = 1h  window = 15s }
`),
  );
  assert.ok(result.ok);
  const md = planMarkdown(result.plan);
  const start = md.indexOf('```mermaid\n');
  assert.ok(start > 0, md);
  assert.equal(
    md.slice(start, md.indexOf('```\n', start + 3) + 4),
    [
      '```mermaid',
      'gantt',
      '  title Schedule of test.vmm, from the start of the plan',
      '  dateFormat YYYY-MM-DD HH:mm:ss',
      '  axisFormat %H:%M',
      '  todayMarker off',
      '  section Wave 1',
      '  migrate p1 to b (line 7) 0 s to 10 s :active, 2000-01-01 00:00:00, 2000-01-01 00:00:10',
      '  deadline 15 s of line 7 :milestone, 2000-01-01 00:00:15, 0s',
      '  section Wave 2',
      '  migrate p2 to b (line 8) 10 s to 20 s :active, 2000-01-01 00:00:10, 2000-01-01 00:00:20',
      '  deadline 1 h of line 8 :milestone, 2000-01-01 01:00:00, 0s',
      '  window 15 s of line 8 ends :milestone, 2000-01-01 00:00:25, 0s',
      '```',
      '',
    ].join('\n'),
  );
  const lines = md.split('\n');
  assert.ok(lines.includes('## Wave 2: 10 s → 20 s (≈ 10 s)'), md);
  assert.ok(lines.includes('- `migrate p2 to b` (line 8): cold, 1 VM, ≈ 10 s, 10 s → 20 s (window 15 s; deadline 1 h, met)'), md);
});

test('Markdown plan: a missed deadline is a red bar and mark; waves behind one that never ends never start', () => {
  // VMM206 set to a warning, so that the file has a plan: p2 ends at 20 s, after its 15 s deadline.
  const estate = `policy { restart-time = 0s }
site a
site b
link a <-> b { rtt = 2ms  bandwidth = 1Gbps }
vm p1 at a { memory = 1GiB  disk = 1125MB }
vm p2 at a { memory = 1GiB  disk = 1125MB }
vm hot at a { memory = 16GiB  dirty-rate = 1Gbps }
`;
  const late = buildPlan(
    checkText(`${estate}migrate p1 to b { method = cold  deadline = 15s }\nmigrate p2 to b { method = cold  deadline = 15s }\n`, {
      severities: { VMM206: 'warning' },
    }),
  );
  assert.ok(late.ok);
  const md = planMarkdown(late.plan);
  assert.ok(md.includes('  migrate p2 to b (line 9) 10 s to 20 s :crit, active, 2000-01-01 00:00:10, 2000-01-01 00:00:20\n'), md);
  assert.ok(md.includes('  deadline 15 s of line 9 :milestone, crit, 2000-01-01 00:00:15, 0s\n'), md);
  assert.ok(md.includes('- `migrate p2 to b` (line 9): cold, 1 VM, ≈ 10 s, 10 s → 20 s (deadline 15 s, missed: ends 20 s)'), md);
  // hot never converges (VMM201 as a warning): wave 1 never ends, wave 2 never starts.
  const never = buildPlan(checkText(`${estate}migrate hot to b\nmigrate p1 to b { method = cold }\n`, { severities: { VMM201: 'warning' } }));
  assert.ok(never.ok);
  const text = planMarkdown(never.plan);
  assert.ok(text.includes('  migrate hot to b (line 8) from 0 s, never ends :active, 2000-01-01 00:00:00, 2000-01-01 00:01:00\n'), text);
  assert.ok(text.includes('\nWave 2 never starts: wave 1 never ends (a pre-copy that never stops).\n'), text);
  assert.ok(text.includes('## Wave 2: never starts (≈ 10 s)'), text);
});
