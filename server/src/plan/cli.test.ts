import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../cli/main.js';

const GOOD = `
site a
site b
link a <-> b { rtt = 5ms  bandwidth = 1Gbps }
vm v at a { memory = 1GiB  dirty-rate = 10MB/s }
migrate v to b
`;

const BROKEN = `
site a
site b
link a <-> b { rtt = 50ms  bandwidth = 1Gbps }
vm v at a { memory = 1GiB  dirty-rate = 10MB/s }
migrate v to b
`;

/** Runs `vmm ARGS` in a fresh folder holding good.vmm and broken.vmm. */
function withFolder(body: (dir: string, vmm: (...args: string[]) => { code: number; out: string; err: string }) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-plan-'));
  try {
    writeFileSync(path.join(dir, 'good.vmm'), GOOD);
    writeFileSync(path.join(dir, 'broken.vmm'), BROKEN);
    body(dir, (...args) => {
      let out = '';
      let err = '';
      const code = main(
        args.map((a) => (a.endsWith('.vmm') || a.endsWith('.md') || a.endsWith('.json') || a.endsWith('.svg') ? path.join(dir, a) : a)).concat(['--root', dir]),
        (s) => (out += s),
        (s) => (err += s),
      );
      return { code, out, err };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('vmm plan: the Markdown plan on standard output, exit 0', () => {
  withFolder((_, vmm) => {
    const r = vmm('plan', 'good.vmm');
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.startsWith('# Migration plan: good.vmm\n'));
    assert.equal(r.err, '');
  });
});

test('vmm plan --format json|svg', () => {
  withFolder((_, vmm) => {
    const json = vmm('plan', 'good.vmm', '--format', 'json');
    assert.equal(json.code, 0);
    assert.equal(JSON.parse(json.out).summary.migrations, 1);
    const svg = vmm('plan', 'good.vmm', '--format=svg');
    assert.equal(svg.code, 0);
    assert.ok(svg.out.includes('<svg xmlns="http://www.w3.org/2000/svg"'));
  });
});

test('vmm plan on a file with errors: exit 1, the errors as vmm check prints them, no plan', () => {
  withFolder((dir, vmm) => {
    const r = vmm('plan', 'broken.vmm', '--format', 'json');
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    const file = path.join(dir, 'broken.vmm');
    assert.match(r.err, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\(6,1\\): error VMM101: path RTT 50 ms`));
    assert.match(r.err, /vmm: no plan: 1 error\(s\) in .*broken\.vmm; fix them first\n$/);
  });
});

test('vmm plan -o writes the file, and never replaces one without --force', () => {
  withFolder((dir, vmm) => {
    const target = path.join(dir, 'plan.md');
    const first = vmm('plan', 'good.vmm', '-o', 'plan.md');
    assert.equal(first.code, 0, first.err);
    assert.ok(readFileSync(target, 'utf8').startsWith('# Migration plan: good.vmm'));

    writeFileSync(target, 'my notes');
    const again = vmm('plan', 'good.vmm', '-o', 'plan.md');
    assert.equal(again.code, 2);
    assert.match(again.err, /plan\.md already exists; the plan never replaces a file: choose another name, or pass --force to replace it/);
    assert.equal(readFileSync(target, 'utf8'), 'my notes');

    const forced = vmm('plan', 'good.vmm', '-o', 'plan.md', '--force');
    assert.equal(forced.code, 0);
    assert.ok(readFileSync(target, 'utf8').startsWith('# Migration plan: good.vmm'));

    // A file with errors writes nothing.
    const broken = vmm('plan', 'broken.vmm', '-o', 'broken.md');
    assert.equal(broken.code, 1);
    assert.ok(!existsSync(path.join(dir, 'broken.md')));
  });
});

test('vmm plan: usage and I/O problems exit 2', () => {
  withFolder((_, vmm) => {
    assert.equal(vmm('plan').code, 2);
    assert.equal(vmm('plan', 'good.vmm', 'broken.vmm').code, 2);
    assert.equal(vmm('plan', 'good.vmm', '--format', 'html').code, 2);
    assert.equal(vmm('plan', 'missing.vmm').code, 2);
    const r = vmm('plan', 'good.vmm', '-o', 'no-such-folder/plan.md');
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot write \(no such folder\)/);
  });
});
