import type { Analysis } from '../migration/analysis.js';
import type { Fix } from '../model/findings.js';
import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import { addTargetsFix, dependencyEdges, type DependencyEdge } from './shared/left-behind.js';

/** `, adding 4 ms RTT (b → a)` to the nearest of `to`, or nothing when no path is known. */
function rttClause(analysis: Analysis, from: string, to: readonly string[]): string {
  let best: { rtt: number; sites: string[] } | undefined;
  for (const site of to) {
    const path = analysis.paths.path(from, site);
    if (path && path.links.length > 0 && (!best || path.rtt < best.rtt)) best = path;
  }
  return best ? `, adding ${formatDuration(best.rtt)} RTT (${best.sites.join(' → ')})` : '';
}

function where(site: string, start: string): string {
  return `${site === start ? 'stays at' : 'moves to'} ${site}`;
}

/** What the VM is split from, in a word or two. */
function partner(edge: DependencyEdge): string {
  switch (edge.kind) {
    case 'depends-on-vm':
      return edge.other.name;
    case 'depends-on-service':
      return `service ${edge.service.name}`;
    default:
      return edge.dependent.name;
  }
}

/** The message for one broken edge: what the VM moves away from, where that ends, and the RTT each call adds. */
function describe(analysis: Analysis, edge: DependencyEdge): string {
  const vm = edge.migration.vm;
  const moves = `vm '${vm.name}' moves from ${edge.start} to ${edge.end}`;
  switch (edge.kind) {
    case 'depends-on-vm':
      return `${moves}, away from vm '${edge.other.name}' it depends on, which ${where(edge.otherEnd, edge.start)}: each call crosses the WAN${rttClause(analysis, edge.end, [edge.otherEnd])}`;
    case 'depends-on-service':
      return `${moves}, away from service '${edge.service.name}' it depends on, whose VMs end at ${edge.serviceEnds.join(', ')}: each call crosses the WAN${rttClause(analysis, edge.end, edge.serviceEnds)}`;
    case 'dependent-vm':
      return `${moves}, away from vm '${edge.dependent.name}' that depends on it, which ${where(edge.dependentEnd, edge.start)}: each call crosses the WAN${rttClause(analysis, edge.dependentEnd, [edge.end])}`;
    case 'dependent-of-service':
      return `${moves}, away from vm '${edge.dependent.name}' that depends on its service '${edge.service.name}', which ${where(edge.dependentEnd, edge.start)}, where no VM of '${edge.service.name}' is left: each call crosses the WAN${rttClause(analysis, edge.dependentEnd, edge.serviceEnds)}`;
  }
}

/** A VM that moves away from what it calls, or from what calls it, makes every call cross the WAN. */
export const VMM403: Rule = {
  code: 'VMM403',
  severity: 'warning',
  summary: 'a VM moves away from something it depends on that stays; each call crosses the WAN',
  check({ model, analysis, derive, report }) {
    for (const edge of dependencyEdges(model, analysis)) {
      // A dependency left at the source of an intent with a deadline is VMM207's error; a dependent
      // that stays there is lost with the site (spec §10).
      if (edge.doomed) continue;
      const { intent, migration } = edge;
      const fix: Fix | undefined = addTargetsFix(model, analysis, intent, [edge.addable], migration.vm);
      report(
        intent,
        targetSpan(derive, model, intent, migration.vm.name),
        describe(analysis, edge),
        fix ? [fix] : [],
        migration.vm.name,
        `vm ${migration.vm.name} split from ${partner(edge)}`,
      );
    }
  },
};
