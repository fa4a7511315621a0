import { setAttribute } from '../model/edits.js';
import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';

/** The TTL the fix writes: 60 s, or the window itself when that is shorter (so the fix removes the warning). */
function ttlValue(window: number): string {
  if (window >= 60) return '60s';
  if (Number.isInteger(window)) return `${window}s`;
  return `${Math.floor(window * 1000)}ms`;
}

/** After a re-addressing move (routed, or cold with address = new) the VM has a new address; resolvers keep the old one for up to one TTL. */
export const VMM604: Rule = {
  code: 'VMM604',
  severity: 'warning',
  summary: "a re-addressing migration (routed, or cold with address = new) with a window, while the network's dns-ttl is longer than the window",
  check({ model, analysis, derive, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const window = intent.window;
      const readdressed = intent.method === 'routed' || (intent.method === 'cold' && intent.address === 'new');
      if (!readdressed || window === undefined) continue;
      for (const m of ia.migrations) {
        const { vm } = m;
        const network = vm.network ? model.networks.get(vm.network) : undefined;
        if (!network || !(network.dnsTtl > window)) continue;
        const ttl = formatDuration(network.dnsTtl);
        const value = ttlValue(window);
        report(
          intent,
          targetSpan(derive, model, intent, vm.name),
          `vm ${vm.name} is on network ${network.name} with dns-ttl ${ttl}, longer than the window ${formatDuration(window)}: clients keep resolving its old address for up to ${ttl} after cutover; lower the TTL at least ${ttl} (one old TTL) before the cutover`,
          [
            {
              title: `Set dns-ttl = ${value} on network ${network.name}: do it at least ${ttl} (the old TTL) before the cutover`,
              edits: [setAttribute(network.file, network.declaration, 'dns-ttl', value)],
            },
          ],
          vm.name,
          `vm ${vm.name}: dns-ttl ${ttl} > window ${formatDuration(window)}`,
        );
      }
    }
  },
};
