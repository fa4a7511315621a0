// `node bench/import.mjs FILE OUT`: runs the bundled `vmm import rvtools FILE -o OUT --force` in this
// process, then writes its peak RSS and CPU time as one JSON line on standard error.
import { createRequire } from 'node:module';

const [file, out] = process.argv.slice(2);
process.argv = [process.argv[0], 'vmm', 'import', 'rvtools', file, '-o', out, '--force'];
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`${JSON.stringify({ peakRssMB: Math.round(u.maxRSS / 1024), cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000) })}\n`);
});
createRequire(import.meta.url)('../dist/vmm.cjs');
