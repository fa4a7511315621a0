import type { Migration } from '../migration/analysis.js';
import type { Fix } from '../model/findings.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import {
  addTargetsFix,
  dependencyEdges,
  diskFixes,
  disksLeftBehind,
  gatewayFixes,
  gatewaysLeftBehind,
  ingressFixes,
  ingressLeftBehind,
  type Addable,
} from './shared/left-behind.js';

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`. */
function names(list: readonly string[]): string {
  const quoted = list.map((n) => `'${n}'`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/**
 * Disaster avoidance (spec §7, §10): an intent with a `deadline` will lose its source site, so what
 * a VM still needs there after the move is lost with it: its only gateway (VMM401's condition), its
 * inbound traffic (VMM402's), its disks (VMM501's) or a dependency that stays there (VMM403's).
 * Reported instead of that rule, with its fixes, and only for what stays at the doomed site; one
 * diagnostic per VM and kind. A VM that stays at the doomed site and depends on the moved one is
 * lost with the site: neither VMM207 nor VMM403.
 */
export const VMM207: Rule = {
  code: 'VMM207',
  severity: 'error',
  summary:
    'an intent with a deadline leaves at its doomed source site something a VM needs: its only gateway, its inbound traffic, its disks or a dependency (instead of VMM401, VMM402, VMM501, VMM403)',
  check({ model, analysis: all, derive, report }) {
    // Collected per migration, then reported VM by VM in the order gateway, inbound traffic, disks, dependencies.
    const found = new Map<Migration, { message: string; fixes: Fix[] }[]>();
    const add = (m: Migration, message: string, fixes: Fix[]) => {
      const list = found.get(m);
      if (list) list.push({ message, fixes });
      else found.set(m, [{ message, fixes }]);
    };
    const lost = (site: string, m: Migration) => `after the loss of ${site}, vm '${m.vm.name}'`;
    // Only an intent with a deadline dooms its source: the others cannot leave anything to VMM207.
    const doomed = all.intents.filter((ia) => ia.intent.deadline !== undefined);
    if (doomed.length === 0) return;
    const analysis = { ...all, intents: doomed };

    for (const left of gatewaysLeftBehind(model, analysis)) {
      const site = left.migration.vm.site;
      if (!left.doomed || !site) continue;
      add(left.migration, `${lost(site, left.migration)} has no gateway (only at ${site})`, gatewayFixes(model, analysis, left));
    }
    for (const left of ingressLeftBehind(model, analysis)) {
      if (!left.doomed) continue;
      add(left.migration, `${lost(left.source, left.migration)}: inbound traffic still arrives at ${left.source} (ingress = none)`, ingressFixes(left.network));
    }
    for (const left of disksLeftBehind(model, analysis)) {
      if (!left.doomed) continue;
      const replica = left.noReplica ? ` (storage = replica, but no replica at ${left.target})` : '';
      add(left.migration, `${lost(left.site, left.migration)}: its disks stay on ${left.datastore.name} at ${left.site}${replica}`, diskFixes(model, left));
    }
    // Every dependency of a VM that stays at the doomed site, in one diagnostic.
    const dependencies = new Map<Migration, Addable[]>();
    for (const edge of dependencyEdges(model, analysis)) {
      if (edge.doomed !== 'dependency') continue;
      const list = dependencies.get(edge.migration);
      if (!list) dependencies.set(edge.migration, [edge.addable]);
      else if (!list.some((a) => (a.kind === 'vm' ? a.vm : a.service) === (edge.addable.kind === 'vm' ? edge.addable.vm : edge.addable.service)))
        list.push(edge.addable);
    }
    for (const [m, list] of dependencies) {
      const site = m.vm.site;
      if (!site) continue;
      const named = names(list.map((a) => (a.kind === 'vm' ? a.vm.name : a.service.name)));
      const fix = addTargetsFix(model, analysis, m.intent, list, m.vm);
      add(m, `${lost(site, m)}: it depends on ${named}, which ${list.length === 1 ? 'stays' : 'stay'} at ${site}`, fix ? [fix] : []);
    }

    for (const ia of analysis.intents) {
      for (const m of ia.migrations) {
        for (const { message, fixes } of found.get(m) ?? []) report(ia.intent, targetSpan(derive, model, ia.intent, m.vm.name), message, fixes, m.vm.name);
      }
    }
  },
};
