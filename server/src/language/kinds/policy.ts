import { isProfileName, profileNames, type Converge } from '../../model/engines.js';
import type { Policy } from '../../model/model.js';
import { policyFromProfile } from '../../model/profiles.js';
import { numberOf, stringOf, type Values } from '../../model/reading.js';
import { time, rate, distance, percent, integer, oneOf, type ValueType } from '../../model/schema.js';
import { NONE } from '../../model/values.js';
import type { KindSpec } from '../../model/kind.js';

const percentOrNone: ValueType = { kind: 'quantity', dimension: 'ratio', bareUnit: '%', none: true, unbounded: true };
const windowOrNone: ValueType = { kind: 'quantity', dimension: 'size', none: true, positive: true };

/** A value that may be `none`: the written one, `undefined` for `none`, the profile's when absent or invalid. */
function orNone(values: Values, key: string, fallback: number | undefined): number | undefined {
  const v = values.get(key);
  return v === NONE ? undefined : typeof v === 'number' ? v : fallback;
}

/** Engines that can switch to post-copy (spec §5: QEMU only). */
const POSTCOPY_PROFILES: readonly string[] = ['kvm', 'qemu'];

export const policyKind: KindSpec = {
  keyword: 'policy',
  header: 'optional-name',
  namespace: 'policy',
  doc: 'Limits a migration is checked against. The unnamed policy applies to every `migrate`; a named one where a `migrate` says `policy = name`. Attributes set here override the profile.',
  attributes: [
    { name: 'profile', type: oneOf(...profileNames), doc: 'The platform whose published limits apply (spec §5).', default: 'metro' },
    { name: 'max-rtt', type: time('ms'), doc: 'Largest round-trip time a live migration may cross.', default: 'from profile' },
    { name: 'min-bandwidth', type: rate, doc: 'Least bandwidth each concurrent migration needs.', default: 'from profile' },
    {
      name: 'max-distance',
      type: distance,
      doc: 'Largest path distance for live migration (a rule of thumb; RTT is the authoritative limit).',
      default: 'from profile',
    },
    { name: 'max-downtime', type: time('ms'), doc: 'Longest acceptable switch-over pause (the last pre-copy round).', default: 'from profile' },
    {
      name: 'max-rounds',
      type: integer(0, true),
      doc: 'The engine stops pre-copy after this many rounds, whatever remains, and switches over (`none`: no cap).',
      default: 'from profile (xen 29, else none)',
    },
    {
      name: 'max-data',
      type: percentOrNone,
      doc: "The engine stops pre-copy once it has sent this share of the VM's memory (may exceed 100%; `none`: no cap).",
      default: 'from profile (xen 300%, else none)',
    },
    {
      name: 'converge',
      type: oneOf('none', 'throttle', 'postcopy'),
      doc: 'What the engine does when pre-copy does not converge by itself: slow the guest down (VMware SDPS, QEMU auto-converge) or switch to post-copy (QEMU only).',
      default: 'from profile (throttle on VMware and HCX, else none)',
    },
    { name: 'throttle-initial', type: percent, doc: 'Share of guest CPU taken by the first throttling step.', default: '20%' },
    { name: 'throttle-step', type: percent, doc: 'Share of guest CPU each further throttling step adds.', default: '10%' },
    { name: 'throttle-max', type: percent, doc: 'The most guest CPU throttling takes.', default: '99%' },
    {
      name: 'switchover',
      type: time('ms'),
      doc: 'The fixed pause of every live or routed switch-over (device state, resume), on top of the last round.',
      default: 'from profile (kvm, qemu 20 ms; xen 300 ms; else 0 s)',
    },
    {
      name: 'stream-window',
      type: windowOrNone,
      doc: 'The TCP window of one migration connection: one stream carries at most stream-window ÷ RTT (`none`: sized to the path).',
      default: 'from profile (kvm, qemu, xen 4 MiB; else none)',
    },
    { name: 'streams', type: integer(1), doc: 'Connections one migration uses in parallel (vMotion streams, QEMU multifd channels).', default: '1' },
    { name: 'restart-time', type: time(), doc: 'Time to shut a VM down and start it again (cold migration).', default: '2min' },
    { name: 'efficiency', type: percent, doc: 'Share of the bandwidth a migration stream really gets (protocol overhead, TCP).', default: '90%' },
    { name: 'max-stream', type: rate, doc: 'Most one migration stream can carry (hypervisor or appliance cap).', default: 'from profile' },
    { name: 'sync-max-rtt', type: time('ms'), doc: 'Largest RTT for synchronous storage replication.', default: '5ms' },
  ],
  blocks: [],
  editor: {
    snippet: 'policy ${1:name} {\n\tprofile = ${2|metro,vmware-metro,vmware-long-distance,hcx,kvm,hyperv|}\n}',
    symbol: 'Object',
    token: 'type',
    label: (d) => d.name?.name ?? '(default policy)',
  },
  keep: true,
  skeleton: (name) => `policy ${name} {\n  profile = metro\n}`,
  unique: (d) =>
    d.name
      ? undefined
      : {
          key: 'unnamed',
          span: d.keywordSpan,
          message: (first) => `a second unnamed policy (the first is at ${first}); name this one and use it with policy = NAME`,
        },
  build(reading, context) {
    const v = reading.values;
    const profile = stringOf(v, 'profile');
    const base = policyFromProfile(profile !== undefined && isProfileName(profile) ? profile : 'metro');
    let converge = (stringOf(v, 'converge') as Converge | undefined) ?? base.converge;
    if (converge === 'postcopy' && !POSTCOPY_PROFILES.includes(base.profile)) {
      const written = reading.origin.attributes.get('converge')?.values[0];
      if (written) {
        context.report(
          'VMM008',
          reading.origin,
          written.span,
          `converge = postcopy needs QEMU's post-copy (profile kvm or qemu); profile ${base.profile} has none`,
        );
      }
      converge = base.converge; // left out of the model (spec §10)
    }
    const policy: Policy = {
      ...base,
      name: reading.origin.declaration.name?.name,
      origin: reading.origin,
      maxRtt: numberOf(v, 'max-rtt') ?? base.maxRtt,
      minBandwidth: numberOf(v, 'min-bandwidth') ?? base.minBandwidth,
      maxDistance: numberOf(v, 'max-distance') ?? base.maxDistance,
      maxDowntime: numberOf(v, 'max-downtime') ?? base.maxDowntime,
      maxRounds: orNone(v, 'max-rounds', base.maxRounds),
      maxData: orNone(v, 'max-data', base.maxData),
      converge,
      throttleInitial: numberOf(v, 'throttle-initial') ?? base.throttleInitial,
      throttleStep: numberOf(v, 'throttle-step') ?? base.throttleStep,
      throttleMax: numberOf(v, 'throttle-max') ?? base.throttleMax,
      switchover: numberOf(v, 'switchover') ?? base.switchover,
      efficiency: numberOf(v, 'efficiency') ?? base.efficiency,
      maxStream: numberOf(v, 'max-stream') ?? base.maxStream,
      streamWindow: orNone(v, 'stream-window', base.streamWindow),
      streams: numberOf(v, 'streams') ?? base.streams,
      restartTime: numberOf(v, 'restart-time') ?? base.restartTime,
      syncMaxRtt: numberOf(v, 'sync-max-rtt') ?? base.syncMaxRtt,
    };
    return { ...policy, ...reading.origin };
  },
};
