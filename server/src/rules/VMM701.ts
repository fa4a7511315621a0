import { cpuBaselines } from '../model/schema.js';
import type { Rule } from './rule.js';
import { useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';
import { isLiveOrRouted } from '../migration/methods.js';

type Vendor = keyof typeof cpuBaselines;

const vendorNames: Record<Vendor, string> = { intel: 'Intel', amd: 'AMD' };

/** A baseline's vendor and its place in that vendor's list, oldest first (spec §4.1). */
function baseline(cpu: string): { vendor: Vendor; generation: number } | undefined {
  for (const vendor of Object.keys(cpuBaselines) as Vendor[]) {
    const generation = (cpuBaselines[vendor] as readonly string[]).indexOf(cpu);
    if (generation >= 0) return { vendor, generation };
  }
  return undefined;
}

/**
 * A VM arrives live only where the hosts offer every CPU feature it is running with: a baseline of
 * the same vendor and the same or a later generation (VMware EVC, QEMU named CPU models). Another
 * vendor, or an earlier entry of the same vendor's list at the target, would take features away
 * from under the running guest.
 */
export const VMM701: Rule = {
  code: 'VMM701',
  severity: 'error',
  summary: "live/routed: the VM's cpu baseline is not offered at the target site: another vendor, or an older generation",
  check({ model, analysis, derive, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const to = intent.to;
      if (to === undefined || !isLiveOrRouted(intent.method)) continue;
      const offered = model.sites.get(to)?.cpu;
      const target = offered === undefined ? undefined : baseline(offered);
      if (offered === undefined || !target) continue;
      for (const m of ia.migrations) {
        const running = m.vm.cpu;
        const own = running === undefined ? undefined : baseline(running);
        if (running === undefined || !own) continue;
        if (own.vendor === target.vendor && target.generation >= own.generation) continue;
        const why =
          own.vendor !== target.vendor
            ? `an ${vendorNames[target.vendor]} baseline, and a running guest cannot switch from ${vendorNames[own.vendor]} to ${vendorNames[target.vendor]}`
            : `an earlier ${vendorNames[own.vendor]} baseline that lacks CPU features the running guest uses`;
        report(
          intent,
          targetSpan(derive, model, intent, m.vm.name),
          `vm ${m.vm.name} runs on CPU baseline ${running}, which site ${to} does not offer: its hosts offer ${offered}, ${why}, so ${intent.method} migration cannot move it`,
          [useMethod(model, analysis, intent, 'cold', `restarts with CPU baseline ${offered} at ${to}`)],
          m.vm.name,
          `vm ${m.vm.name}: CPU ${running} not at ${to}`,
        );
      }
    }
  },
};
