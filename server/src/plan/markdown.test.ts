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
  assert.ok(lines.includes('## Wave 1 (≈ 10.4 s)'));
  assert.ok(lines.includes('- `migrate v to b` (line 7): live, 1 VM, ≈ 10.4 s'));
  assert.ok(lines.includes('| `v` | a → b | live, keeps address | a → b | 5 ms | 900 Mbps | 1.09 GiB | 0–1 | threshold | 10.4 s | 848 ms | VMM303 |'), md);
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
