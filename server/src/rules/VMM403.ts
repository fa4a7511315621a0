import type { Analysis } from '../migration/analysis.js';
import type { Fix } from '../model/findings.js';
import type { Intent, Model, Service, Vm } from '../model/model.js';
import { formatDuration } from '../format.js';
import type { Rule } from './rule.js';
import { targetSpan } from './shared/targets.js';
import { indexes } from '../model/indexes.js';

/** Where a VM is after every intent: the target of the intent that moves it, else where it is; undefined when unknown. */
function endOf(analysis: Analysis, vm: Vm): string | undefined {
  const m = analysis.byVm.get(vm.name);
  return m ? m.intent.to : vm.site;
}

/** `, adding 4 ms RTT (b → a)` to the nearest of `to`, or nothing when no path is known. */
function rttClause(analysis: Analysis, from: string, to: readonly string[]): string {
  let best: { rtt: number; sites: string[] } | undefined;
  for (const site of to) {
    const path = analysis.paths.path(from, site);
    if (path && path.links.length > 0 && (!best || path.rtt < best.rtt)) best = path;
  }
  return best ? `, adding ${formatDuration(best.rtt)} RTT (${best.sites.join(' → ')})` : '';
}

/**
 * Adds `name` (or `service NAME`) to the intent's targets, unless one of the VMs it brings is already
 * moved by another intent (that would be VMM004).
 */
function addTargetFix(model: Model, analysis: Analysis, intent: Intent, dependency: Vm | Service, kind: 'vm' | 'service', vm: Vm): Fix | undefined {
  const targets = intent.declaration.targets ?? [];
  const last = targets[targets.length - 1];
  if (!last || !intent.to) return undefined;
  const names = kind === 'service' ? (dependency as Service).vms : [dependency.name];
  for (const name of names) {
    const other = model.vms.get(name);
    if (!other || other.site === intent.to) continue; // dropped silently from the intent
    const moved = analysis.byVm.get(name);
    if (moved && moved.intent !== intent) return undefined;
  }
  const written = kind === 'service' ? `service ${dependency.name}` : dependency.name;
  return {
    title: `Add ${kind === 'service' ? `service '${dependency.name}'` : `'${dependency.name}'`} to the targets: move ${kind === 'service' ? 'its VMs' : 'it'} to ${intent.to} with '${vm.name}'`,
    edits: [{ file: intent.file.path, span: { start: last.span.end, end: last.span.end }, newText: `, ${written}` }],
    preferred: true,
  };
}

/** A VM that moves away from what it calls, or from what calls it, makes every call cross the WAN. */
export const VMM403: Rule = {
  code: 'VMM403',
  severity: 'warning',
  summary: 'a VM moves away from something it depends on that stays; each call crosses the WAN',
  check({ model, analysis, derive, report }) {
    const vmsOf = (service: Service) => service.vms.map((n) => model.vms.get(n)).filter((v): v is Vm => !!v);
    /** Where the service's VMs end; undefined when one of them is unknown (a missing site has its own VMM006). */
    const ends = (service: Service): string[] | undefined => {
      const sites = vmsOf(service).map((v) => endOf(analysis, v));
      return sites.every((s): s is string => s !== undefined) ? [...new Set(sites)] : undefined;
    };
    for (const ia of analysis.intents) {
      const { intent } = ia;
      if (!intent.to) continue;
      for (const m of ia.migrations) {
        const vm = m.vm;
        const start = vm.site;
        const end = intent.to;
        if (!start) continue;
        const span = targetSpan(derive, model, intent, vm.name);
        const moves = `vm '${vm.name}' moves from ${start} to ${end}`;
        const emit = (message: string, fix: Fix | undefined) => report(intent, span, message, fix ? [fix] : []);

        // What this VM depends on: a vm, or a service (staying when any of its VMs ends where this VM ends).
        for (const name of vm.dependsOn) {
          const other = model.vms.get(name);
          const service = other ? undefined : model.services.get(name);
          if (other) {
            const otherEnd = endOf(analysis, other);
            if (other.site !== start || !otherEnd || otherEnd === end) continue;
            emit(
              `${moves}, away from vm '${other.name}' it depends on, which ${otherEnd === start ? 'stays at' : 'moves to'} ${otherEnd}: each call crosses the WAN${rttClause(analysis, end, [otherEnd])}`,
              addTargetFix(model, analysis, intent, other, 'vm', vm),
            );
          } else if (service) {
            const members = vmsOf(service);
            const serviceEnds = ends(service);
            if (!serviceEnds || !members.some((v) => v.site === start) || serviceEnds.includes(end)) continue;
            emit(
              `${moves}, away from service '${service.name}' it depends on, whose VMs end at ${serviceEnds.join(', ')}: each call crosses the WAN${rttClause(analysis, end, serviceEnds)}`,
              addTargetFix(model, analysis, intent, service, 'service', vm),
            );
          }
        }

        // What depends on this VM: a vm that names it, or that names a service it belongs to.
        for (const dependent of indexes(model).dependentsOf.get(vm.name) ?? []) {
          if (dependent === vm || dependent.site !== start) continue;
          const dependentEnd = endOf(analysis, dependent);
          if (!dependentEnd) continue;
          const where = `${dependentEnd === start ? 'stays at' : 'moves to'} ${dependentEnd}`;
          if (dependent.dependsOn.includes(vm.name) && dependentEnd !== end) {
            emit(
              `${moves}, away from vm '${dependent.name}' that depends on it, which ${where}: each call crosses the WAN${rttClause(analysis, dependentEnd, [end])}`,
              addTargetFix(model, analysis, intent, dependent, 'vm', vm),
            );
          }
          // A direct dependency already covers the edge: when the service edge fires, so does the direct one.
          if (dependent.dependsOn.includes(vm.name)) continue;
          for (const name of dependent.dependsOn) {
            const service = model.services.get(name);
            if (!service || model.vms.has(name) || !service.vms.includes(vm.name)) continue;
            const serviceEnds = ends(service);
            if (!serviceEnds || serviceEnds.includes(dependentEnd)) continue;
            emit(
              `${moves}, away from vm '${dependent.name}' that depends on its service '${service.name}', which ${where}, where no VM of '${service.name}' is left: each call crosses the WAN${rttClause(analysis, dependentEnd, serviceEnds)}`,
              addTargetFix(model, analysis, intent, dependent, 'vm', vm),
            );
          }
        }
      }
    }
  },
};
