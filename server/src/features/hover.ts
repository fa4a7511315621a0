import type { CheckResult } from '../checker.js';
import { formatDistance, formatDuration, formatPercent, formatRate, formatSize } from '../format.js';
import type { Migration } from '../migration/analysis.js';
import type { Intent } from '../model/model.js';
import type { Language } from '../language/registry.js';
import type { Attribute, Block, Body, Declaration, Span } from '../syntax/ast.js';
import { headerSpan } from '../syntax/spans.js';
import { symbolAt, type SymbolRef } from './symbols.js';
import { precopyEnd } from './precopy.js';

export interface Hover {
  markdown: string;
  span: Span;
}

const contains = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

function typeText(language: Language, kind: Declaration['kind'], name: string, block?: string): string {
  const spec = language.attribute(kind, name, block);
  if (!spec) return '';
  const t = spec.type;
  switch (t.kind) {
    case 'quantity':
      return { time: 'time', size: 'data size', rate: 'data rate', distance: 'distance', ratio: 'percentage' }[t.dimension];
    case 'enum':
      return t.values.map((v) => `\`${v}\``).join(' | ');
    case 'reference':
      return `${t.list ? 'list of ' : ''}${t.to}${t.list ? 's' : ''}${t.globs ? ' (globs allowed)' : ''}${t.words ? ` or ${t.words.map((w) => `\`${w}\``).join(', ')}` : ''}`;
    default:
      return t.kind;
  }
}

function attributeHover(language: Language, d: Declaration, item: Attribute | Block, block?: string): string | undefined {
  if (item.kind === 'block') {
    const spec = language.blocks(d.kind).find((b) => b.name === item.name);
    return spec ? `**${item.name}** { … }\n\n${spec.doc}` : undefined;
  }
  const spec = language.attribute(d.kind, item.name, block);
  if (!spec) return undefined;
  const lines = [`**${item.name}**: ${typeText(language, d.kind, item.name, block)}${spec.required ? ' (required)' : ''}`, '', spec.doc];
  if (spec.default) lines.push('', `Default: ${spec.default}`);
  return lines.join('\n');
}

function findItem(body: Body | undefined, offset: number, block?: string): { item: Attribute | Block; block?: string } | undefined {
  for (const item of body?.items ?? []) {
    if (contains(item.nameSpan, offset)) return { item, block };
    if (item.kind === 'block' && contains(item.span, offset)) return findItem(item.body, offset, item.name);
  }
  return undefined;
}

function migrationLines(m: Migration): string[] {
  const e = m.estimate;
  const lines: string[] = [];
  if (!m.path) {
    lines.push(`- ${m.vm.name}: no path from ${m.from ?? '?'} to ${m.to ?? '?'}`);
    return lines;
  }
  const route = `${m.path.sites.join(' → ')}, RTT ${formatDuration(m.path.rtt)}`;
  if (!e) return [`- **${m.vm.name}**: ${route}`];
  if (e.method === 'federate') return [`- **${m.vm.name}**: federate (nothing copied, no downtime)`];
  const parts = [`${route}`, `R ${formatRate(e.rate)}`, `${formatSize(e.data)} sent`];
  if (e.precopy && e.method !== 'cold') {
    const end = precopyEnd(m);
    parts.push(end ?? `${e.precopy.rounds} pre-copy round${e.precopy.rounds === 1 ? '' : 's'}`);
  }
  parts.push(`time ≈ ${formatDuration(e.duration)}`, `downtime ≈ ${formatDuration(e.downtime)}`);
  return [`- **${m.vm.name}**: ${parts.join(' · ')}`];
}

function intentHover(result: CheckResult, intent: Intent): string {
  const ia = result.analysis.intents[intent.index];
  const lines = [
    `**migrate** ${ia.migrations.length} VM${ia.migrations.length === 1 ? '' : 's'} to **${intent.to ?? '?'}** by ${intent.method}` +
      ` (${intent.reason}; storage ${intent.storage}; ${ia.concurrent} at a time; ${intent.policy.name ? `policy ${intent.policy.name}, ` : ''}profile ${intent.policy.profile})`,
    '',
  ];
  if (ia.duration !== undefined)
    lines.push(
      `Estimated time of the intent: **${formatDuration(ia.duration)}**${intent.window !== undefined ? ` (window ${formatDuration(intent.window)})` : ''}`,
      '',
    );
  for (const m of ia.migrations.slice(0, 20)) lines.push(...migrationLines(m));
  if (ia.migrations.length > 20) lines.push(`- … and ${ia.migrations.length - 20} more`);
  return lines.join('\n');
}

function symbolHover(result: CheckResult, symbol: SymbolRef): string | undefined {
  const model = result.model;
  switch (symbol.kind) {
    case 'site': {
      const site = model.sites.get(symbol.name);
      if (!site) return undefined;
      const lines = [`**site** ${site.name}`];
      if (site.location) lines.push(`Location ${site.location[0]}, ${site.location[1]}`);
      const links = model.links.filter((l) => l.a === site.name || l.b === site.name);
      for (const l of links) {
        const other = l.a === site.name ? l.b : l.a;
        lines.push(
          `- link to ${other}: RTT ${l.rtt !== undefined ? formatDuration(l.rtt) : '?'}, ${l.bandwidth !== undefined ? formatRate(l.bandwidth) : '?'}${l.share < 1 ? ` (${formatPercent(l.share)} for migrations)` : ''}${l.l2Extension !== 'none' ? `, L2 ${l.l2Extension}` : ''}`,
        );
      }
      const vms = [...model.vms.values()].filter((v) => v.site === site.name).length;
      lines.push(`${vms} VM${vms === 1 ? '' : 's'} declared here`);
      const c = site.capacity;
      if (c.memory !== undefined || c.vcpus !== undefined || c.storage !== undefined) {
        lines.push(
          `Capacity: ${[c.memory !== undefined ? `${formatSize(c.memory)} memory` : '', c.vcpus !== undefined ? `${c.vcpus} vCPUs` : '', c.storage !== undefined ? `${formatSize(c.storage)} storage` : ''].filter(Boolean).join(', ')}`,
        );
      }
      return lines.join('\n\n');
    }
    case 'vm': {
      const vm = model.vms.get(symbol.name);
      if (!vm) return undefined;
      const facts = [
        `at ${vm.site ?? '?'}`,
        vm.memory !== undefined ? `${formatSize(vm.memory)} memory` : '',
        `${vm.vcpus} vCPU${vm.vcpus === 1 ? '' : 's'}`,
        vm.disk ? `${formatSize(vm.disk)} disk${vm.datastore ? ` on ${vm.datastore}` : ' (local)'}` : '',
        vm.network ? `network ${vm.network}` : '',
        vm.dirtyRate !== undefined ? `dirty-rate ${formatRate(vm.dirtyRate)}` : '',
      ].filter(Boolean);
      const lines = [`**vm** ${vm.name}: ${facts.join(', ')}`];
      const m = result.analysis.byVm.get(vm.name);
      if (m) lines.push('', `Moves to ${m.to} by ${m.intent.method}:`, ...migrationLines(m));
      return lines.join('\n');
    }
    case 'service': {
      const s = model.services.get(symbol.name);
      return s
        ? `**service** ${s.name}: ${s.vms.length} VMs (${s.vms.slice(0, 10).join(', ')}${s.vms.length > 10 ? ', …' : ''}), load-balancer ${s.loadBalancer}${s.scalable ? ', scalable' : ''}`
        : undefined;
    }
    case 'network': {
      const n = model.networks.get(symbol.name);
      if (!n) return undefined;
      return `**network** ${n.name}: at ${n.sites.join(', ')}${n.sites.length > 1 ? ' (stretched L2)' : ''}; gateway ${n.gateway === 'anycast' ? 'anycast' : n.gateway.join(', ')}; ingress ${n.ingress}; mtu ${n.mtu}; dns-ttl ${formatDuration(n.dnsTtl)}`;
    }
    case 'datastore': {
      const ds = model.datastores.get(symbol.name);
      if (!ds) return undefined;
      const r = ds.replication;
      return `**datastore** ${ds.name} at ${ds.site ?? '?'}${r ? `; replicates ${r.mode ?? '?'} to ${r.target ?? '?'}${r.rpo !== undefined ? ` (rpo ${formatDuration(r.rpo)})` : ''}` : ''}`;
    }
    case 'policy': {
      const p = model.policies.get(symbol.name);
      if (!p) return undefined;
      const limits = [
        p.maxRtt !== undefined ? `max-rtt ${formatDuration(p.maxRtt)}` : '',
        p.minBandwidth !== undefined ? `min-bandwidth ${formatRate(p.minBandwidth)}` : '',
        p.maxDistance !== undefined ? `max-distance ${formatDistance(p.maxDistance)}` : '',
        `max-downtime ${formatDuration(p.maxDowntime)}`,
        p.maxStream !== undefined ? `max-stream ${formatRate(p.maxStream)}` : '',
        `efficiency ${formatPercent(p.efficiency)}`,
      ].filter(Boolean);
      return `**policy** ${p.name} (profile ${p.profile}): ${limits.join(', ')}`;
    }
  }
}

/** Hover at an offset of the checked file: attribute docs, or the computed facts of what is named there. */
export function hoverAt(result: CheckResult, offset: number): Hover | undefined {
  const file = result.file;
  const declaration = file.tree.declarations.find((d) => contains(d.span, offset));
  if (declaration) {
    const found = findItem(declaration.body, offset);
    if (found) {
      const markdown = attributeHover(result.language, declaration, found.item, found.block);
      if (markdown) return { markdown, span: found.item.nameSpan };
    }
  }
  const symbol = symbolAt(result, offset);
  if (symbol) {
    const markdown = symbolHover(result, symbol);
    if (markdown) return { markdown, span: symbol.span };
  }
  if (declaration?.kind === 'migrate' && contains(headerSpan(declaration), offset)) {
    const intent = result.model.intents.find((i) => i.declaration === declaration);
    if (intent) return { markdown: intentHover(result, intent), span: headerSpan(declaration) };
  }
  if (declaration?.kind === 'link' && contains(headerSpan(declaration), offset)) {
    const link = result.model.links.find((l) => l.declaration === declaration);
    if (link) {
      const facts = [
        `RTT ${link.rtt !== undefined ? formatDuration(link.rtt) : '?'}`,
        `${link.bandwidth !== undefined ? formatRate(link.bandwidth) : '?'}${link.share < 1 ? ` × ${formatPercent(link.share)} = ${formatRate((link.bandwidth ?? 0) * link.share)} for migrations` : ''}`,
        link.distance !== undefined ? `${formatDistance(link.distance)}${link.explicitDistance === undefined ? ' (great circle)' : ''}` : 'distance unknown',
        `L2 extension ${link.l2Extension}`,
        `mtu ${link.mtu}${link.encrypted ? ', encrypted' : ''}`,
      ];
      return { markdown: `**link** ${link.a} ↔ ${link.b}: ${facts.join(' · ')}`, span: headerSpan(declaration) };
    }
  }
  if (declaration && contains(declaration.keywordSpan, offset)) {
    return { markdown: `**${declaration.kind}**: ${result.language.kind(declaration.kind)?.doc ?? ''}`, span: declaration.keywordSpan };
  }
  return undefined;
}
