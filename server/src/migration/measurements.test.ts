// The model against published measurements, where the publication gives the inputs. Each test
// names its source, the inputs it takes from it, what it had to assume, and how close the model
// comes; docs/model.md §7 lists them with the measurements the model cannot reproduce and why.
//
// Clark et al., "Live Migration of Virtual Machines", NSDI 2005: only the paper's abstract and §1
// could be read here (the §6 evaluation, with each run's memory, rates and rounds, could not), so
// no run is reproduced; what §1 gives, the total downtimes of two Xen runs, is compared below with
// the one figure of the xen profile that bounds every xen downtime whatever the inputs. Song et
// al., "Parallelizing live migration of virtual machines", VEE 2013: only its relative results
// (speed-ups) could be read, with none of the absolute inputs; no test (docs/model.md §7 says why).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileFigures, type PolicyFigures } from '../model/engines.js';
import { liveMigration } from '../testing.js';
import type { Precopy, PrecopyVm } from './precopy.js';

const KiB = 2 ** 10;
const MiB = 2 ** 20;
const GiB = 2 ** 30;
const mbps = 1e6 / 8;
const gbps = 1e9 / 8;

const live = liveMigration;

/** A kvm (libvirt-managed QEMU: no rate cap) migration of one VM over one path. */
function kvm(vm: PrecopyVm, path: { bandwidth: number; rtt: number }, written: Partial<PolicyFigures> = {}): Precopy {
  return live('kvm', vm, path, written);
}

function within(model: number, measured: number, tolerance: number, what: string): void {
  const error = (model - measured) / measured;
  assert.ok(Math.abs(error) <= tolerance, `${what}: model ${model.toFixed(3)} s, measured ${measured} s (${(error * 100).toFixed(1)}%)`);
}

test('measurements: QEMU docs/multi-thread-compression.txt, idle 4 GiB guest over 1 GbE, no compression: 3.333 s', () => {
  // Source: QEMU, docs/multi-thread-compression.txt (Liang Li, Intel, 2015), "Performance", first
  // table, column "original way": `-m 4096`, Intel I350 1 GbE, speed limit raised out of the way
  // (so kvm: no rate cap), no application running in the guest. Measured: total time 3333 ms,
  // downtime 100 ms, transferred ram 363 536 kB (QEMU's kB are KiB), total ram 4 211 524 kB.
  // Assumed: the resident size is what was transferred (the document gives none; QEMU sends zero
  // pages as markers, and an idle guest re-sends next to nothing); LAN RTT, so the 4 MiB window does
  // not bind (0 here). No dirty-rate is known: the unchecked estimate.
  // Model: R = 1 Gbps × 90% = 112.5 MB/s; 363 536 × 1024 = 372 260 864 B ÷ 112.5e6 = 3.309 s + 20 ms = 3.329 s (−0.1%).
  const p = kvm({ memory: 4_211_524 * KiB, resident: 363_536 * KiB }, { bandwidth: 1 * gbps, rtt: 0 });
  assert.equal(p.data, 363_536 * KiB);
  within(p.duration, 3.333, 0.05, 'idle guest, total time');
  // Its 100 ms downtime is not reproduced: the model's idle switch-over is 20 ms (QEMU's measured
  // idle switch-over today is a few to tens of ms), and the guest's dirty rate is unknown.
  assert.equal(p.downtime, 0.02);
});

test('measurements: QEMU docs/multi-thread-compression.txt, 4 GiB guest writing RAM over 1 GbE, no compression: 37.369 s', () => {
  // Source: as above, second table ("an application running on the guest which write random numbers
  // to RAM block areas periodically"), column "original way". Measured: total time 37 369 ms,
  // downtime 337 ms, transferred ram 4 274 143 kB, total ram 4 211 524 kB.
  // Assumed: every page is resident (more than the whole RAM was sent). The dirty rate is not given,
  // so the rounds after the first (62 619 kB re-sent, 1.5%) are not modelled: the unchecked estimate.
  // Model: 4 211 524 × 1024 = 4 312 600 576 B ÷ 112.5e6 = 38.334 s + 20 ms = 38.354 s (+2.6%): the run
  // got 93.7% of the link (936.99 Mbps), more than the model's 90%, which outweighs the re-sent 1.5%.
  const p = kvm({ memory: 4_211_524 * KiB }, { bandwidth: 1 * gbps, rtt: 0 });
  within(p.duration, 37.369, 0.05, 'busy guest, total time');
});

test('measurements: QEMU docs/rdma.txt, idle 8 GB guest fully in use over 40 Gbps InfiniBand at 9.5 Gbps: ≈ 7.5 s', () => {
  // Source: QEMU, docs/rdma.txt (Michael R. Hines, IBM, 2013), "PERFORMANCE", "EFFECTS of memory
  // registration on bulk phase round": 8 GB RAM VM with all 8 GB in active use, the VM idle, 40 Gbps
  // InfiniBand; rdma-pin-all disabled: "approximately 7.5 seconds @ 9.5 Gbps".
  // Inputs: memory = resident = 8 GiB (QEMU's `8G`); the stream rate 9.5 Gbps is given, so it is the
  // path bandwidth at 100% efficiency. Idle: no dirty rate, the unchecked estimate.
  // Model: 8 GiB = 8 589 934 592 B ÷ 1.1875e9 B/s = 7.234 s + 20 ms = 7.254 s (−3.3%).
  const p = kvm({ memory: 8 * GiB }, { bandwidth: 9.5 * gbps, rtt: 0 }, { efficiency: 1 });
  within(p.duration, 7.5, 0.1, 'rdma-pin-all disabled');
});

test('measurements: QEMU docs/rdma.txt with rdma-pin-all at 26 Gbps (≈ 4 s): the model leaves out the pinning', () => {
  // Same source: rdma-pin-all enabled, "approximately 4 seconds @ 26 Gbps". The model sends 8 GiB
  // at 26 Gbps: 8 589 934 592 ÷ 3.25e9 = 2.643 s + 20 ms = 2.663 s, 1.3 s (33%) short: pinning and
  // registering all 8 GiB before the bulk round is not in §6. This pins the size of that gap.
  const p = kvm({ memory: 8 * GiB }, { bandwidth: 26 * gbps, rtt: 0 }, { efficiency: 1 });
  const gap = 4 - p.duration;
  assert.ok(gap > 1 && gap < 1.6, `gap ${gap.toFixed(3)} s`);
});

test('measurements: Clark et al. NSDI 2005 §1, Xen downtimes of 210 ms (SPECweb99) and 60 ms (Quake 3): below the xen profile’s 300 ms floor whatever the inputs', () => {
  // Source: Clark et al., "Live Migration of Virtual Machines", NSDI 2005, abstract and §1: an OS
  // running SPECweb migrated with 210 ms of unavailability, one running a Quake 3 server with 60 ms
  // of downtime (the abstract: "as low as 60ms"), on Xen of 2005, whose guests were paravirtualised
  // (HVM arrived with Xen 3.0, December 2005). The runs' memory, rates and rounds (§6) could not
  // be read, so neither run is modelled. What can be said without them: on the xen profile every
  // downtime is Vₙ ÷ R_f + switchover ≥ 300 ms (§5's switch-over, measured on idle Xen 4.1 HVM
  // guests), so no input reproduces either figure: the model is at least 90 ms (+42.9%) above the
  // SPECweb99 run and 240 ms (+400%) above the Quake 3 one. A PV guest's pause is shorter; set
  // `switchover` for one. The grid below is not Clark's inputs (unknown): it only shows the floor
  // holds across sizes, dirty rates, working sets and links, and is reached (a guest that
  // dirties nothing ends on an empty round, and the unchecked estimate is the switch-over alone).
  const specweb = 0.21;
  const quake = 0.06;
  const switchover = profileFigures('xen').switchover;
  let lowest = Infinity;
  for (const memory of [256 * MiB, 1 * GiB, 4 * GiB, 32 * GiB]) {
    for (const bandwidth of [100 * mbps, 1 * gbps, 10 * gbps]) {
      for (const rtt of [0, 0.0005]) {
        for (const lambda of [undefined, 0, 0.1, 0.5, 0.9, 1.5]) {
          for (const workingSet of [undefined, 1 * MiB, 64 * MiB]) {
            const dirtyRate = lambda === undefined ? undefined : lambda * bandwidth * 0.9;
            const p = live('xen', { memory, dirtyRate, workingSet }, { bandwidth, rtt });
            const what = JSON.stringify({ memory, bandwidth, rtt, lambda, workingSet, downtime: p.downtime, stop: p.stop });
            assert.ok(Number.isFinite(p.downtime), what);
            assert.ok(p.downtime >= switchover, what);
            lowest = Math.min(lowest, p.downtime);
          }
        }
      }
    }
  }
  assert.equal(switchover, 0.3);
  assert.equal(lowest, 0.3);
  assert.ok(lowest - specweb >= 0.09 - 1e-12 && lowest - quake >= 0.24 - 1e-12);
});
