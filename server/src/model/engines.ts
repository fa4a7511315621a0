/**
 * The profiles of spec §5: the limits an intent is checked against, and the engine that runs the
 * migration, in canonical units (seconds, bytes, bytes/s, km, fractions). `undefined` is the spec's
 * `none` / "—": no limit, no cap, no window. Every figure carries its source as §5 gives it.
 *
 * Three engine columns have no policy attribute and are fixed by the profile (§10): what round 0
 * sends, whether the final round lifts the rate cap, the concurrency cap; so is Xen's stop
 * threshold of 50 pages (§6).
 */

export type ProfileName = 'metro' | 'vmware-metro' | 'vmware-long-distance' | 'hcx' | 'kvm' | 'qemu' | 'xen' | 'hyperv';

/** What the engine does when pre-copy does not converge by itself (§4 `converge`, §6). */
export type Converge = 'none' | 'throttle' | 'postcopy';

/** What round 0 sends: all of `memory`, or only the pages the guest has touched (`resident`). */
export type RoundZero = 'memory' | 'resident';

const ms = 1e-3;
const mbps = 1e6 / 8;
const gbps = 1e9 / 8;
const KiB = 2 ** 10;
const MiB = 2 ** 20;

/** The Limits table of §5; each can be overridden by the policy attribute of the same name. */
export interface ProfileLimits {
  /** seconds; undefined: no limit */
  readonly maxRtt?: number;
  /** bytes/s per concurrent migration; undefined: no limit */
  readonly minBandwidth?: number;
  /** km; undefined: no limit */
  readonly maxDistance?: number;
  /** seconds */
  readonly maxDowntime: number;
  /** bytes/s, the engine's own cap on one migration; undefined: none (it can be set, not removed, §10) */
  readonly maxStream?: number;
}

/** The columns of the Engines table of §5 that a policy attribute can override. */
export interface EngineFigures {
  /** undefined: `none` */
  readonly maxRounds?: number;
  /** fraction of the VM's `memory` (3 = 300%); undefined: `none` */
  readonly maxData?: number;
  readonly converge: Converge;
  /** seconds, the fixed pause of every live or routed switch-over */
  readonly switchover: number;
  /** bytes, the TCP window of one migration connection; undefined: `none` */
  readonly streamWindow?: number;
}

/** The columns fixed by the profile (§10), and Xen's threshold (§6). */
export interface EngineFixed {
  readonly roundZero: RoundZero;
  /** The final round and a post-copy pull run at R_f, with any `max-stream` dropped (QEMU). */
  readonly liftsRateCapForFinalRound: boolean;
  /** undefined: no cap */
  readonly concurrencyCap?: number;
  /** bytes: a fixed stop threshold K replacing R × max-downtime (Xen's 50 pages); undefined: R × max-downtime */
  readonly stopThreshold?: number;
}

/** The policy attributes of §4 whose defaults do not depend on the profile. */
export interface PolicyDefaults {
  readonly throttleInitial: number;
  readonly throttleStep: number;
  readonly throttleMax: number;
  readonly efficiency: number;
  readonly streams: number;
  /** seconds */
  readonly restartTime: number;
  /** seconds */
  readonly syncMaxRtt: number;
}

export interface Profile {
  readonly name: ProfileName;
  readonly limits: ProfileLimits;
  readonly engine: EngineFigures;
  readonly fixed: EngineFixed;
}

/** Every figure a policy can set, as it stands before anything is written: the profile's, then §4's defaults. */
export type PolicyFigures = ProfileLimits & EngineFigures & PolicyDefaults;

/** §4's defaults for every profile. */
export const policyDefaults: PolicyDefaults = Object.freeze({
  // QEMU's auto-converge defaults: cpu-throttle-initial 20, cpu-throttle-increment 10, at most 99.
  throttleInitial: 0.2,
  throttleStep: 0.1,
  throttleMax: 0.99,
  // What one migration stream really gets of the bandwidth (protocol overhead).
  efficiency: 0.9,
  // One connection per migration unless `streams` says otherwise (vMotion streams, QEMU multifd).
  streams: 1,
  // Time to shut a VM down and start it again (cold migration).
  restartTime: 2 * 60,
  // Synchronous storage replication.
  syncMaxRtt: 5 * ms,
});

/** The Engines rows that most profiles share: no caps, no throttling, no window, round 0 sends all memory, final round at R. */
const plainEngine: EngineFigures = { converge: 'none', switchover: 0 };
const plainFixed: EngineFixed = { roundZero: 'memory', liftsRateCapForFinalRound: false };

// What Linux TCP autotuning reaches with its default buffers; one connection at 160 ms RTT then
// carries about 26 MB/s (4 MiB ÷ 0.16 s = 26.2 MB/s).
const linuxTcpWindow = 4 * MiB;

const table: Record<ProfileName, Profile> = {
  metro: {
    name: 'metro',
    // Conservative composite quoted in 2012 guidance: 10 ms (Metro vMotion), ≈622 Mbps (OC-12,
    // vSphere 4 era), 200 km rule of thumb; RTT is the authoritative limit, distance a rule of thumb.
    limits: { maxRtt: 10 * ms, minBandwidth: 600 * mbps, maxDistance: 200, maxDowntime: 1 },
    // A generic engine: no caps, no throttling; switch-over 0 s for want of a published figure.
    engine: plainEngine,
    fixed: plainFixed,
  },
  'vmware-metro': {
    name: 'vmware-metro',
    // vSphere 5 Metro vMotion (Enterprise Plus): 10 ms RTT, 250 Mbps.
    limits: { maxRtt: 10 * ms, minBandwidth: 250 * mbps, maxDowntime: 1 },
    // vSphere 5.0+ slows the vCPUs of a VM whose pre-copy does not converge (Stun During Page Send).
    // vMotion sizes its socket buffers to the RTT: no window. Switch-over 0 s for want of a published figure.
    engine: { ...plainEngine, converge: 'throttle' },
    fixed: plainFixed,
  },
  'vmware-long-distance': {
    name: 'vmware-long-distance',
    // vSphere 6.0+ long-distance vMotion: 150 ms RTT, 250 Mbps per concurrent vMotion.
    limits: { maxRtt: 150 * ms, minBandwidth: 250 * mbps, maxDowntime: 1 },
    // SDPS, as vmware-metro.
    engine: { ...plainEngine, converge: 'throttle' },
    fixed: plainFixed,
  },
  hcx: {
    name: 'hcx',
    // HCX vMotion: underlay minimum 100 Mbps, 1 Gbps per migration flow, 150 ms RTT.
    limits: { maxRtt: 150 * ms, minBandwidth: 100 * mbps, maxDowntime: 1, maxStream: 1 * gbps },
    // HCX vMotion is vMotion: SDPS.
    engine: { ...plainEngine, converge: 'throttle' },
    // HCX runs one vMotion at a time per service mesh: the model uses the cap (VMM105 still warns).
    fixed: { ...plainFixed, concurrencyCap: 1 },
  },
  kvm: {
    name: 'kvm',
    // libvirt-managed QEMU/KVM (virsh, OpenStack, Proxmox): QEMU `downtime-limit` default 300 ms;
    // libvirt lifts QEMU's bandwidth cap unless told otherwise (no max-stream).
    limits: { maxDowntime: 300 * ms },
    // QEMU: no round cap; auto-converge off by default; measured switch-over of an idle guest a few
    // to tens of milliseconds (20 ms); Linux TCP autotuning window.
    engine: { converge: 'none', switchover: 20 * ms, streamWindow: linuxTcpWindow },
    // QEMU sends untouched (zero) pages as markers, so round 0 costs the resident size; it lifts its
    // rate limit for the final stop-and-copy (migration_completion_precopy).
    fixed: { roundZero: 'resident', liftsRateCapForFinalRound: true },
  },
  qemu: {
    name: 'qemu',
    // Bare QEMU defaults: `downtime-limit` 300 ms, `max-bandwidth` 128 MiB/s.
    limits: { maxDowntime: 300 * ms, maxStream: 128 * MiB },
    // As kvm.
    engine: { converge: 'none', switchover: 20 * ms, streamWindow: linuxTcpWindow },
    fixed: { roundZero: 'resident', liftsRateCapForFinalRound: true },
  },
  xen: {
    name: 'xen',
    // Xen `xc_domain_save` has no downtime target: the 1 s is only what VMM202 checks.
    limits: { maxDowntime: 1 },
    // xc_domain_save: DEF_MAX_ITERS 29, DEF_MAX_FACTOR 3 (stop once it has sent 3 × memory); idle
    // switch-over measured 0.3–0.4 s (Xen 4.1 HVM); Linux TCP autotuning window.
    engine: { maxRounds: 29, maxData: 3, converge: 'none', switchover: 300 * ms, streamWindow: linuxTcpWindow },
    // xc_domain_save stops pre-copy below 50 dirty pages: 50 × 4 KiB = 200 KiB.
    fixed: { ...plainFixed, stopThreshold: 200 * KiB },
  },
  hyperv: {
    name: 'hyperv',
    // A dedicated live-migration network of at least 1 Gbps is recommended.
    limits: { minBandwidth: 1 * gbps, maxDowntime: 1 },
    // Switch-over 0 s for want of a published figure.
    engine: plainEngine,
    fixed: plainFixed,
  },
};

for (const profile of Object.values(table)) {
  Object.freeze(profile.limits);
  Object.freeze(profile.engine);
  Object.freeze(profile.fixed);
  Object.freeze(profile);
}
Object.freeze(plainEngine);
Object.freeze(plainFixed);

/** The profiles of §5, by name (frozen). */
export const profiles: Readonly<Record<ProfileName, Profile>> = Object.freeze(table);

/** The profile names, in the order of §5's tables. */
export const profileNames: readonly ProfileName[] = Object.freeze(Object.keys(table) as ProfileName[]);

export function isProfileName(name: string): name is ProfileName {
  return Object.prototype.hasOwnProperty.call(table, name);
}

/**
 * The figures of a policy with this profile and nothing else written: the profile's limits and
 * engine columns, then §4's defaults. A policy's written attributes go on top (a written `none`
 * for max-rounds, max-data or stream-window is `undefined`).
 */
export function profileFigures(name: ProfileName): PolicyFigures {
  const { limits, engine } = profiles[name];
  return { ...limits, ...engine, ...policyDefaults };
}
