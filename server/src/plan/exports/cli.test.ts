import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/main.js';

const KVM = `
policy { profile = kvm }
site a
site b
link a <-> b { rtt = 5ms  bandwidth = 10Gbps }
vm v at a { memory = 1GiB  dirty-rate = 10MB/s }
migrate v to b
`;
const VMWARE = KVM.replace('profile = kvm', 'profile = vmware-metro');
const BROKEN = KVM.replace('rtt = 5ms', 'rtt = 5ms  mtu = 1000').replace('memory = 1GiB', 'memory = -1GiB');

/** Runs `vmm ARGS` in a fresh folder holding kvm.vmm, vmware.vmm and broken.vmm; names without a `-` are files in it. */
function withFolder(body: (dir: string, vmm: (...args: string[]) => { code: number; out: string; err: string }) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-export-'));
  try {
    writeFileSync(path.join(dir, 'kvm.vmm'), KVM);
    writeFileSync(path.join(dir, 'vmware.vmm'), VMWARE);
    writeFileSync(path.join(dir, 'broken.vmm'), BROKEN);
    body(dir, (...args) => {
      let out = '';
      let err = '';
      const files = new Set(['kvm.vmm', 'vmware.vmm', 'broken.vmm', 'plan.sh', 'plan.ps1', 'plan.yaml']);
      const code = main(
        args.map((a) => (files.has(a) ? path.join(dir, a) : a)).concat(['--root', dir]),
        (s) => (out += s),
        (s) => (err += s),
      );
      return { code, out, err };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('vmm plan --format virsh|powercli|forklift: the export on standard output, exit 0', () => {
  withFolder((_, vmm) => {
    const virsh = vmm('plan', 'kvm.vmm', '--format', 'virsh');
    assert.equal(virsh.code, 0, virsh.err);
    assert.ok(virsh.out.startsWith('#!/bin/sh\n# virsh: the migration plan of kvm.vmm'));
    const forklift = vmm(
      'plan',
      'kvm.vmm',
      '--format=forklift',
      '--namespace',
      'apps',
      '--source-provider',
      'src',
      '--destination-provider',
      'host',
      '--storage-class',
      'rbd',
    );
    assert.equal(forklift.code, 0, forklift.err);
    assert.match(forklift.out, /targetNamespace: apps/);
    assert.match(forklift.out, /source:\n {6}name: src\n/);
    const ps = vmm('plan', 'vmware.vmm', '--format', 'powercli');
    assert.equal(ps.code, 0, ps.err);
    assert.match(ps.out, /^\$tasks \+= @\(Move-VM -VM \(Get-VM -Name 'v'\)/m);
  });
});

test('vmm plan --format F on a file whose intents the tool cannot run: says so, exit 1, nothing written', () => {
  withFolder((dir, vmm) => {
    const r = vmm('plan', 'vmware.vmm', '--format', 'virsh', '-o', 'plan.sh');
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      'vmm: no virsh export for vmware.vmm: none of its 1 intent(s) is one virsh (libvirt) runs (kvm, qemu; not federate); nothing written\n',
    );
    assert.ok(!existsSync(path.join(dir, 'plan.sh')));
    const ps = vmm('plan', 'kvm.vmm', '--format', 'powercli');
    assert.equal(ps.code, 1);
    assert.equal(ps.out, '');
    assert.match(ps.err, /^vmm: no powercli export for kvm\.vmm: none of its 1 intent\(s\) is one PowerCLI/);
  });
});

test('vmm plan --format F on a file with errors: its errors, as plan gives them, exit 1, nothing written', () => {
  withFolder((dir, vmm) => {
    const r = vmm('plan', 'broken.vmm', '--format', 'forklift', '-o', 'plan.yaml');
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /error VMM008/);
    assert.match(r.err, /vmm: no plan: 1 error\(s\) in .*broken\.vmm; fix them first\n$/);
    assert.ok(!existsSync(path.join(dir, 'plan.yaml')));
  });
});

test('vmm plan --format F -o never replaces a file without --force', () => {
  withFolder((dir, vmm) => {
    const target = path.join(dir, 'plan.sh');
    const first = vmm('plan', 'kvm.vmm', '--format', 'virsh', '-o', 'plan.sh');
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out, `${target}: plan written (virsh)\n`);
    assert.ok(readFileSync(target, 'utf8').startsWith('#!/bin/sh\n'));
    writeFileSync(target, 'my script');
    const again = vmm('plan', 'kvm.vmm', '--format', 'virsh', '-o', 'plan.sh');
    assert.equal(again.code, 2);
    assert.match(again.err, /plan\.sh already exists; the plan never replaces a file: choose another name, or pass --force to replace it/);
    assert.equal(readFileSync(target, 'utf8'), 'my script');
    const forced = vmm('plan', 'kvm.vmm', '--format', 'virsh', '-o', 'plan.sh', '--force');
    assert.equal(forced.code, 0);
    assert.ok(readFileSync(target, 'utf8').startsWith('#!/bin/sh\n'));
  });
});
