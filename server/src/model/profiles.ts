import type { Policy } from './model.js';

const ms = 1e-3;
const mbps = 1e6 / 8;
const gbps = 1e9 / 8;

type Limits = Omit<Policy, 'name' | 'origin' | 'profile' | 'maxRounds' | 'efficiency' | 'syncMaxRtt'>;

/** The profiles of spec §5, in canonical units (seconds, bytes/s, km); the sources are in docs/profiles.md. */
export const profileLimits: Record<string, Limits> = {
  // Conservative composite of 2012 guidance: 10 ms Metro vMotion, ≈622 Mbps (OC-12), 200 km rule of thumb.
  metro: { maxRtt: 10 * ms, minBandwidth: 600 * mbps, maxDistance: 200, maxDowntime: 1 },
  // vSphere 5 Metro vMotion (Enterprise Plus).
  'vmware-metro': { maxRtt: 10 * ms, minBandwidth: 250 * mbps, maxDowntime: 1 },
  // vSphere 6.0+ long-distance vMotion: 150 ms RTT, 250 Mbps per concurrent vMotion.
  'vmware-long-distance': { maxRtt: 150 * ms, minBandwidth: 250 * mbps, maxDowntime: 1 },
  // HCX vMotion: 100 Mbps underlay minimum, one migration at a time, 1 Gbps per migration flow.
  hcx: { maxRtt: 150 * ms, minBandwidth: 100 * mbps, maxDowntime: 1, maxStream: 1 * gbps, maxConcurrency: 1 },
  // QEMU defaults: downtime-limit 300 ms, max-bandwidth 128 MiB/s.
  kvm: { maxDowntime: 300 * ms, maxStream: 128 * 2 ** 20 },
  // Hyper-V: a dedicated live-migration network of at least 1 Gbps.
  hyperv: { minBandwidth: 1 * gbps, maxDowntime: 1 },
};

export function policyFromProfile(profile: string): Policy {
  return { profile, maxRounds: 30, efficiency: 0.9, syncMaxRtt: 5 * ms, ...(profileLimits[profile] ?? profileLimits.metro) };
}
