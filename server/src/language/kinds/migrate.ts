import { DEFAULT_POLICY } from '../../model/assemble.js';
import { policyFromProfile } from '../../model/profiles.js';
import type { Intent, Method, Policy, Service, Vm } from '../../model/model.js';
import { numberOf, stringOf, where, type Reading } from '../../model/reading.js';
import type { BuildContext } from '../../model/kind.js';
import type { Reference } from '../../model/values.js';
import { time, integer, oneOf, ref } from '../../model/schema.js';
import { methods, reasons } from '../../model/schema.js';
import type { KindSpec } from '../../model/kind.js';

export const migrateKind: KindSpec = {
  keyword: 'migrate',
  header: 'targets',
  doc: 'An intent: move these VMs to that site.',
  attributes: [
    {
      name: 'method',
      type: oneOf(...methods),
      doc: '`live` keeps IP and MAC; `routed` re-addresses at the target; `cold` shuts down and copies; `federate` starts new instances at the target.',
      default: 'live',
    },
    {
      name: 'address',
      type: oneOf('keep', 'new'),
      doc: '`keep`: the same IP and MAC at the target; `new`: re-addressed there (DNS/DHCP update). Live keeps; routed is always new; cold may be either.',
      default: 'keep, except new for routed',
    },
    { name: 'reason', type: oneOf(...reasons), doc: 'Why the VMs move.', default: 'optimize' },
    {
      name: 'storage',
      type: oneOf('stay', 'move', 'replica'),
      doc: '`stay`: disks stay where they are; `move`: copied with the VM; `replica`: fail over to the target-side replica.',
      default: 'move for cold, stay otherwise',
    },
    { name: 'window', type: time(), doc: 'Time available for the whole intent.' },
    { name: 'deadline', type: time(), doc: 'Time before the source site is lost (disaster avoidance).' },
    { name: 'concurrency', type: integer(), doc: 'Migrations run at once over the path.', default: '1' },
    { name: 'policy', type: ref('policy'), doc: 'Named policy to check against.', default: 'the unnamed policy' },
  ],
  blocks: [],
  editor: {
    snippet: 'migrate ${1:vm} to ${2:site} {\n\tmethod = ${3|live,routed,cold,federate|}\n}',
    symbol: 'Event',
    label: (d) => `${(d.targets ?? []).map((t) => (t.service ? `service ${t.name}` : t.name)).join(', ')} → ${d.to?.name ?? '?'}`,
  },
  // An intent reads which vms the intents before it already move: built anew each time.
  keep: false,
  build(reading, context): Intent {
    const origin = reading.origin;
    const d = origin.declaration;
    const v = reading.values;
    const intents = context.entities<Intent>('migrate');
    const movedBy = context.scratch('moved-by', () => new Map<string, Intent>());
    const to = d.to ? context.resolve(origin, { name: d.to.name, span: d.to.span, glob: false }, 'site')[0] : undefined;
    const policyName = context.resolveOne(reading, 'policy', 'policy');
    const policies = context.entities<Policy & typeof origin>('policy');
    const named = policyName ? policies.find((p) => p.name === policyName) : undefined;
    const policy = named ?? policies.find((p) => p.name === undefined) ?? context.scratch(DEFAULT_POLICY, () => policyFromProfile('metro'));
    const method = (stringOf(v, 'method') ?? 'live') as Method;
    const address = addressOf(reading, method, context);
    const intent: Intent = {
      ...origin,
      index: intents.length,
      targets: [],
      vms: [],
      to,
      method,
      address,
      reason: stringOf(v, 'reason') ?? 'optimize',
      storage: (stringOf(v, 'storage') ?? (method === 'cold' ? 'move' : 'stay')) as Intent['storage'],
      window: numberOf(v, 'window'),
      deadline: numberOf(v, 'deadline'),
      concurrency: numberOf(v, 'concurrency') ?? 1,
      policy,
    };
    for (const target of d.targets ?? []) {
      let vms: string[];
      const reference: Reference = {
        name: target.name,
        span: target.service ? { start: target.span.end - target.name.length, end: target.span.end } : target.span,
        glob: target.glob,
      };
      if (target.service) {
        const [service] = context.resolve(origin, reference, 'service');
        vms = service ? (context.entity<Service>('service', service)?.vms ?? []) : [];
      } else {
        vms = context.resolve(origin, reference, target.glob ? 'vm' : 'vm-or-service');
        // A bare service name in the targets means its VMs, as `service NAME` does.
        const service = !target.glob && vms.length === 1 ? context.entity<Service>('service', vms[0]) : undefined;
        if (service && !context.names('vm').has(vms[0])) vms = service.vms;
      }
      const kept: string[] = [];
      for (const name of vms) {
        const vm = context.entity<Vm>('vm', name);
        if (!vm || (to && vm.site === to)) continue; // already at the target: dropped silently (spec §10)
        const earlier = movedBy.get(name);
        if (earlier === intent) continue; // the same VM twice in one list is merged silently
        if (earlier) {
          context.report('VMM004', origin, target.span, `vm '${name}' is already moved by the migrate at ${where(earlier)}`);
          continue;
        }
        movedBy.set(name, intent);
        kept.push(name);
        intent.vms.push(name);
      }
      intent.targets.push({ target, vms: kept });
    }
    return intent;
  },
};

/**
 * `address` as the method allows it (spec §4, §10): routed always re-addresses, live always keeps;
 * a value the method forbids is VMM008 and left out of the model. Ignored on federate.
 */
function addressOf(reading: Reading, method: Method, context: BuildContext): 'keep' | 'new' {
  const written = stringOf(reading.values, 'address') as 'keep' | 'new' | undefined;
  const fallback = method === 'routed' ? 'new' : 'keep';
  const value = reading.origin.attributes.get('address')?.values[0];
  if (written === 'keep' && method === 'routed' && value) {
    context.report('VMM008', reading.origin, value.span, 'address = keep on routed: routed migration always re-addresses the VM; use live to keep its address');
    return fallback;
  }
  if (written === 'new' && method === 'live' && value) {
    context.report(
      'VMM008',
      reading.origin,
      value.span,
      'address = new on live: live migration keeps the address; routed is the re-addressing live move, cold with address = new the offline one',
    );
    return fallback;
  }
  return method === 'federate' ? fallback : (written ?? fallback);
}
