// One intent of many VMs: `vmm plan` against `vmm check` of the same file (issue 17: the plan grew
// with the cube of the VMs in one intent). Each VM has no dirty-rate, so each gets its own VMM204
// on the intent's glob: the per-migration open warnings are what the plan used to search n² times.
//
//   node bench/intent-plan.mjs            # 500, 1000 and 2000 VMs
//   node bench/intent-plan.mjs 2000 4000  # chosen sizes
//
// Prints a Markdown table; bench/run.mjs runs it for 2,000 VMs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export function intentEstate(n) {
  const out = [
    `// generated: one intent of ${n} VMs`,
    'policy {',
    '  profile = vmware-metro',
    '  max-downtime = 2s',
    '}',
    'site a',
    'site b',
    'link a <-> b { rtt = 2ms  bandwidth = 40Gbps  l2-extension = vxlan-evpn  mtu = 9000 }',
    'network n { sites = a, b  gateway = anycast  ingress = host-routes }',
    '',
  ];
  for (let i = 0; i < n; i++) out.push(`vm v${String(i).padStart(5, '0')} at a { memory = 4GiB  network = n  disk = 10GB }`);
  out.push('', 'migrate v* to b { concurrency = 4 }', '');
  return out.join('\n');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function wall(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['dist/vmm.cjs', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`vmm ${args.join(' ')} failed: ${r.stderr}`);
  }
  return Math.round(median(times));
}

export function measureIntentPlans(sizes, runs = 3) {
  const dir = '.bench';
  mkdirSync(dir, { recursive: true });
  const rows = ['| VMs in one intent | `vmm check` | `vmm plan` (Markdown) | `vmm plan --format json` |', '|---|---|---|---|'];
  for (const n of sizes) {
    const file = path.join(dir, `intent-${n}.vmm`);
    writeFileSync(file, intentEstate(n));
    const root = ['--root', dir];
    rows.push(
      `| ${n} | ${wall(['check', ...root, file], runs)} ms | ${wall(['plan', ...root, file], runs)} ms | ${wall(['plan', '--format', 'json', ...root, file], runs)} ms |`,
    );
  }
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('bench/intent-plan.mjs')) {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  console.log(measureIntentPlans(sizes.length ? sizes : [500, 1000, 2000]).join('\n'));
}
