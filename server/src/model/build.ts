import type { Attribute, Block, Body, Declaration, Span } from '../syntax/ast.js';
import { declarationKeywords, vmmLexer } from '../syntax/lexer.js';
import { headerSpan } from '../syntax/spans.js';
import { closest } from '../text.js';
import { appendDeclaration, hasEquals, insertAttribute, insertIntoBody } from './edits.js';
import type { Finding, Fix, SourceFile } from './findings.js';
import { greatCircleKm } from './geo.js';
import type { Datastore, Intent, Link, Method, Model, ModelReference, Network, Origin, Policy, Service, Site, Vm } from './model.js';
import { carryOverIndexes } from './indexes.js';
import { policyFromProfile } from './profiles.js';
import { schema, type AttributeSpec, type BlockSpec, type ReferenceKind } from './schema.js';
import { ValueReader, type Interpreted, type Reference } from './values.js';

type Values = Map<string, Interpreted>;

interface Pending {
  origin: Origin;
  values: Values;
  blocks: Map<string, { block: Block; values: Values }>;
}

const kindWords: Record<ReferenceKind, string> = {
  site: 'site',
  datastore: 'datastore',
  network: 'network',
  vm: 'vm',
  service: 'service',
  'vm-or-service': 'vm or service',
  policy: 'policy',
};

/** Glob of spec §2: a trailing `*` matches zero or more characters, case-sensitive. */
/** Names sorted once, so that a glob's matches are found by binary search, then given in declaration order. */
export class GlobIndex {
  private readonly sorted: { name: string; order: number }[];

  constructor(names: readonly string[]) {
    this.sorted = names.map((name, order) => ({ name, order })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  matches(glob: string): string[] {
    const prefix = glob.slice(0, -1);
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].name < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: { name: string; order: number }[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i].name.startsWith(prefix); i++) found.push(this.sorted[i]);
    return found.sort((a, b) => a.order - b.order).map((f) => f.name);
  }
}

export function globMatches(glob: string, name: string): boolean {
  return name.startsWith(glob.slice(0, -1));
}

/** Reads every declaration of the loaded files into the model, reporting VMM002–VMM008. */
export function buildModel(files: SourceFile[], options: BuildOptions = {}): Model {
  const reuse = options.reuse === true;
  const findings: Finding[] = [];
  const model: Model = {
    files,
    sites: new Map(),
    links: [],
    datastores: new Map(),
    networks: new Map(),
    vms: new Map(),
    services: new Map(),
    policies: new Map(),
    defaultPolicy: policyFromProfile('metro'),
    intents: [],
    findings,
    references: [],
  };
  const report = (code: string, origin: { file: SourceFile; declaration?: Declaration }, span: Span, message: string, fixes?: Fix[]) =>
    findings.push({ code, file: origin.file, declaration: origin.declaration, span, message, fixes });

  const pending: Record<string, Pending[]> = { policy: [], site: [], link: [], datastore: [], network: [], vm: [], service: [], migrate: [] };
  // An edit inside vms or migrates of a clean estate: the last build is patched, not redone.
  const patch = reuse && !options.rebuild ? patchPlan(files) : undefined;
  /** Starts over without patching, when a patched vm or migrate turns out to have something to report. */
  const rebuild = () => buildModel(files, { ...options, rebuild: true });
  /** The first declaration of each name, per namespace (vms and services share one). */
  const firstDeclared = new Map<string, Map<string, Origin>>();
  let unnamedPolicy: Pending | undefined;
  const linkPairs = new Map<string, Origin>();

  // 1. Read every declaration's attributes against the schema.
  for (const file of patch ? [] : files) {
    const reader = new ValueReader(file, findings);
    for (const declaration of file.tree.declarations) {
      if (declaration.kind === 'import') continue;
      const entry = readDeclaration(reader, file, declaration, findings, report, reuse);
      const origin = entry.origin;

      // Namespaces: vms and services share one (spec §10).
      const name = declaration.name?.name;
      if (declaration.kind === 'link') {
        const [a, b] = declaration.ends ?? [];
        if (!a || !b) continue;
        const key = [a.name, b.name].sort().join('\u0000');
        const previous = linkPairs.get(key);
        if (previous) {
          report('VMM004', origin, headerSpan(declaration), `duplicate link between ${a.name} and ${b.name} (first declared at ${where(previous)})`);
          continue;
        }
        linkPairs.set(key, origin);
      } else if (declaration.kind === 'policy' && !name) {
        if (unnamedPolicy) {
          report(
            'VMM004',
            origin,
            declaration.keywordSpan,
            `a second unnamed policy (the first is at ${where(unnamedPolicy.origin)}); name this one and use it with policy = NAME`,
          );
          continue;
        }
        unnamedPolicy = entry;
      } else if (declaration.kind !== 'migrate') {
        if (!name) continue; // a half-typed header: the syntax error says it
        const namespace = declaration.kind === 'service' ? 'vm' : declaration.kind;
        let declared = firstDeclared.get(namespace);
        if (!declared) firstDeclared.set(namespace, (declared = new Map()));
        const previous = declared.get(name);
        if (previous) {
          const message =
            previous.declaration.kind === declaration.kind
              ? `duplicate ${declaration.kind} '${name}' (first declared at ${where(previous)})`
              : `duplicate name '${name}': a ${previous.declaration.kind} has it (first declared at ${where(previous)}); vms and services share one namespace`;
          report('VMM004', origin, declaration.name!.span, message);
          continue;
        }
        declared.set(name, origin);
      }
      pending[declaration.kind].push(entry);
    }
  }

  // 2. Entities, with defaults.
  const num = (values: Values, key: string): number | undefined => {
    const v = values.get(key);
    return typeof v === 'number' ? v : undefined;
  };
  const str = (values: Values, key: string): string | undefined => {
    const v = values.get(key);
    return typeof v === 'string' ? v : undefined;
  };
  const refs = (values: Values, key: string): Reference[] => {
    const v = values.get(key);
    return Array.isArray(v) && (v.length === 0 || typeof v[0] === 'object') ? (v as Reference[]) : [];
  };

  const readPolicy = (entry: Pending, name?: string): Policy => {
    const v = entry.values;
    const base = policyFromProfile(str(v, 'profile') ?? 'metro');
    return {
      ...base,
      name,
      origin: entry.origin,
      maxRtt: num(v, 'max-rtt') ?? base.maxRtt,
      minBandwidth: num(v, 'min-bandwidth') ?? base.minBandwidth,
      maxDistance: num(v, 'max-distance') ?? base.maxDistance,
      maxDowntime: num(v, 'max-downtime') ?? base.maxDowntime,
      maxRounds: num(v, 'max-rounds') ?? base.maxRounds,
      efficiency: num(v, 'efficiency') ?? base.efficiency,
      maxStream: num(v, 'max-stream') ?? base.maxStream,
      syncMaxRtt: num(v, 'sync-max-rtt') ?? base.syncMaxRtt,
    };
  };
  if (patch) {
    const previous = patch.last.model;
    model.sites = previous.sites;
    model.links = previous.links;
    model.datastores = previous.datastores;
    model.networks = previous.networks;
    model.services = previous.services;
    model.policies = previous.policies;
    model.defaultPolicy = previous.defaultPolicy;
    // Shared, and changed in place below: the last model is superseded by this one (copying a map
    // of twenty thousand vms would cost more than the rest of the patch).
    model.vms = previous.vms;
    pending.migrate = patch.last.migrates.slice();
  }
  if (unnamedPolicy) model.defaultPolicy = readPolicy(unnamedPolicy);
  for (const entry of pending.policy) {
    const name = entry.origin.declaration.name?.name;
    if (name) model.policies.set(name, readPolicy(entry, name));
  }

  for (const entry of pending.site) {
    const v = entry.values;
    const location = v.get('location');
    const capacity = entry.blocks.get('capacity')?.values;
    const site: Site = {
      declaration: entry.origin.declaration,
      file: entry.origin.file,
      attributes: entry.origin.attributes,
      name: entry.origin.declaration.name!.name,
      location: Array.isArray(location) && typeof location[0] === 'number' ? (location as [number, number]) : undefined,
      capacity: capacity ? { memory: num(capacity, 'memory'), vcpus: num(capacity, 'vcpus'), storage: num(capacity, 'storage') } : {},
    };
    model.sites.set(site.name, site);
  }

  // 3. References (VMM005), resolved once everything is declared.
  // Declared names per kind, for constant-time lookups (a large estate has tens of thousands).
  const declaredNames = (kind: 'datastore' | 'network' | 'vm' | 'service') =>
    pending[kind].map((e) => e.origin.declaration.name?.name).filter((n): n is string => !!n);
  const nameLists = patch
    ? lastNames!.lists
    : { datastore: declaredNames('datastore'), network: declaredNames('network'), vm: declaredNames('vm'), service: declaredNames('service') };
  // The editor's builds mostly see the same names as the last one: their sets and glob indexes are kept.
  const namesKey = patch
    ? lastNames!.key
    : reuse
      ? [
          [...model.sites.keys()].join('\u0000'),
          nameLists.datastore.join('\u0000'),
          nameLists.network.join('\u0000'),
          nameLists.vm.join('\u0000'),
          nameLists.service.join('\u0000'),
        ].join('\u0001')
      : undefined;
  const sameNames = namesKey !== undefined && lastNames?.key === namesKey;
  const nameSets = sameNames
    ? lastNames!.sets
    : {
        datastore: new Set(nameLists.datastore),
        network: new Set(nameLists.network),
        vm: new Set(nameLists.vm),
        service: new Set(nameLists.service),
      };
  if (namesKey !== undefined && !sameNames) lastNames = { key: namesKey, lists: nameLists, sets: nameSets, globs: new Map() };
  const lookup: Record<ReferenceKind, (name: string) => boolean> = {
    site: (n) => model.sites.has(n),
    datastore: (n) => nameSets.datastore.has(n),
    network: (n) => nameSets.network.has(n),
    vm: (n) => nameSets.vm.has(n),
    service: (n) => nameSets.service.has(n),
    'vm-or-service': (n) => nameSets.vm.has(n) || nameSets.service.has(n),
    policy: (n) => model.policies.has(n),
  };
  const names = (kind: ReferenceKind): string[] => {
    switch (kind) {
      case 'site':
        return [...model.sites.keys()];
      case 'policy':
        return [...model.policies.keys()];
      case 'vm-or-service':
        return [...nameLists.vm, ...nameLists.service];
      default:
        return nameLists[kind];
    }
  };
  // Policies are not among the names kept: their index is never kept.
  const globIndexes = namesKey !== undefined ? lastNames!.globs : new Map<ReferenceKind, GlobIndex>();
  const globIndex = (kind: ReferenceKind) => {
    if (kind === 'policy') return new GlobIndex(names(kind));
    let index = globIndexes.get(kind);
    if (!index) globIndexes.set(kind, (index = new GlobIndex(names(kind))));
    return index;
  };

  /**
   * The site a declare-it fix places its new declaration at: the referring declaration's own site,
   * else the only candidate site (a migrate's VM is not declared at its target, where it would be
   * dropped), else the placeholder `site`.
   */
  const skeletonSite = (origin: Origin): string => {
    const d = origin.declaration;
    const own = d.at?.name ?? origin.attributes.get('site')?.values[0]?.text;
    if (own && model.sites.has(own)) return own;
    if (model.sites.size > 2) return 'site'; // two candidates at least: not worth listing them all for each unknown name
    const candidates = [...model.sites.keys()].filter((s) => s !== d.to?.name);
    return candidates.length === 1 ? candidates[0] : 'site';
  };

  /**
   * Did-you-mean compares a name with every declared name of its kind: linear per unknown name,
   * quadratic over a file of thousands of them. Each unknown name is looked up once, and lookups
   * stop after a budget of comparisons: a file that broken gets its errors promptly, unsuggested.
   */
  const suggestions = new Map<string, string | undefined>();
  let comparisons = 0;
  const suggest = (name: string, kind: ReferenceKind): string | undefined => {
    const key = `${kind}\u0000${name}`;
    if (!suggestions.has(key)) {
      const candidates = comparisons < SUGGESTION_BUDGET ? names(kind) : [];
      comparisons += candidates.length;
      suggestions.set(key, closest(name, candidates));
    }
    return suggestions.get(key);
  };

  /** Resolves one reference; reports VMM005 with did-you-mean and declare-it fixes. */
  const resolve = (origin: Origin, reference: Reference, kind: ReferenceKind): string[] => {
    const modelKind = kind === 'vm-or-service' ? 'vm' : kind;
    if (reference.glob) {
      const matched = globIndex(kind).matches(reference.name);
      if (matched.length === 0) report('VMM005', origin, reference.span, `glob '${reference.name}' matches no ${kindWords[kind]}`);
      model.references.push(modelReference(reference, modelKind, origin.file, matched));
      return matched;
    }
    if (lookup[kind](reference.name)) {
      const resolvedKind = kind === 'vm-or-service' ? (lookup.vm(reference.name) ? 'vm' : 'service') : modelKind;
      model.references.push(modelReference(reference, resolvedKind, origin.file, [reference.name]));
      return [reference.name];
    }
    const suggestion = suggest(reference.name, kind);
    const fixes: Fix[] = [];
    if (suggestion)
      fixes.push({ title: `Change to '${suggestion}'`, edits: [{ file: origin.file.path, span: reference.span, newText: suggestion }], preferred: true });
    const skeleton = declarationSkeleton(kind === 'vm-or-service' ? 'vm' : kind, reference.name, skeletonSite(origin));
    // vms and services share one namespace: declaring a service named like a vm would be VMM004.
    const nameTaken = (kind === 'service' || kind === 'vm' || kind === 'vm-or-service') && lookup['vm-or-service'](reference.name);
    if (skeleton && !nameTaken)
      fixes.push({ title: `Declare ${kind === 'vm-or-service' ? 'vm' : kind} '${reference.name}'`, edits: [appendDeclaration(origin.file, skeleton)] });
    report('VMM005', origin, reference.span, `unknown ${kindWords[kind]} '${reference.name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`, fixes);
    return [];
  };
  const resolveOne = (origin: Origin, values: Values, key: string, kind: ReferenceKind): string | undefined => {
    const [reference] = refs(values, key);
    return reference ? resolve(origin, reference, kind)[0] : undefined;
  };
  /** `at SITE` or `site = SITE`, exactly one of the two (VMM004 for both, VMM006 for neither). */
  const placement = (entry: Pending): string | undefined => {
    const d = entry.origin.declaration;
    const attribute = entry.origin.attributes.get('site');
    if (d.at && attribute) {
      report('VMM004', entry.origin, attribute.nameSpan, `${d.kind} '${d.name?.name}' is placed twice: both 'at ${d.at.name}' and 'site ='; keep one`, [
        { title: "Remove 'site ='", edits: [{ file: entry.origin.file.path, span: withLeadingSpace(entry.origin.file.text, attribute.span), newText: '' }] },
      ]);
    }
    if (d.at) return resolve(entry.origin, { name: d.at.name, span: d.at.span, glob: false }, 'site')[0];
    if (attribute) return resolveOne(entry.origin, entry.values, 'site', 'site');
    const span = d.name?.span ?? d.keywordSpan;
    const fixes: Fix[] = [];
    const site = model.sites.size === 1 ? [...model.sites.keys()][0] : 'site';
    fixes.push({ title: `Insert 'site = ${site}'`, edits: [insertAttribute(entry.origin.file, d, 'site', site)] });
    report('VMM006', entry.origin, span, `${d.kind} '${d.name?.name}' has no site: write 'at SITE' or 'site = SITE'`, fixes);
    return undefined;
  };

  for (const entry of pending.link) {
    const d = entry.origin.declaration;
    const [a, b] = d.ends!;
    const siteA = resolve(entry.origin, { name: a!.name, span: a!.span, glob: false }, 'site')[0];
    const siteB = resolve(entry.origin, { name: b!.name, span: b!.span, glob: false }, 'site')[0];
    if (!siteA || !siteB) continue;
    if (siteA === siteB) {
      report('VMM008', entry.origin, headerSpan(d), `a link joins two different sites; this one joins ${siteA} to itself`);
      continue;
    }
    const v = entry.values;
    const l2Extension = str(v, 'l2-extension') ?? 'none';
    const explicitDistance = num(v, 'distance');
    const la = model.sites.get(siteA)!.location;
    const lb = model.sites.get(siteB)!.location;
    const encrypted = v.get('encrypted');
    const link: Link = {
      declaration: entry.origin.declaration,
      file: entry.origin.file,
      attributes: entry.origin.attributes,
      a: siteA,
      b: siteB,
      rtt: num(v, 'rtt'),
      bandwidth: num(v, 'bandwidth'),
      explicitDistance,
      distance: explicitDistance ?? (la && lb ? greatCircleKm(la, lb) : undefined),
      share: num(v, 'share') ?? 1,
      l2Extension,
      mtu: num(v, 'mtu') ?? 1500,
      encrypted: typeof encrypted === 'boolean' ? encrypted : l2Extension === 'hcx',
    };
    model.links.push(link);
  }

  for (const entry of pending.datastore) {
    const v = entry.values;
    const site = placement(entry);
    const replicationBlock = entry.blocks.get('replication');
    let replication: Datastore['replication'];
    if (replicationBlock) {
      const rv = replicationBlock.values;
      const [target] = refs(rv, 'target');
      replication = {
        target: target ? resolve(entry.origin, target, 'datastore')[0] : undefined,
        mode: str(rv, 'mode') as 'sync' | 'async' | undefined,
        rpo: num(rv, 'rpo'),
      };
      const block = replicationBlock.block;
      const present = new Set(block.body.items.map((i) => i.name));
      if (replication.mode === 'async' && !present.has('rpo')) {
        report('VMM006', entry.origin, block.nameSpan, `async replication needs an rpo`, [
          { title: 'Insert rpo = 15min', edits: [insertIntoBody(entry.origin.file, entry.origin.declaration, block.body, 'rpo = 15min')] },
        ]);
      }
    }
    const datastore: Datastore = {
      declaration: entry.origin.declaration,
      file: entry.origin.file,
      attributes: entry.origin.attributes,
      name: entry.origin.declaration.name!.name,
      site,
      capacity: num(v, 'capacity'),
      changeRate: num(v, 'change-rate'),
      replication,
    };
    model.datastores.set(datastore.name, datastore);
  }

  for (const entry of pending.network) {
    const v = entry.values;
    const sites = [...new Set(refs(v, 'sites').flatMap((r) => resolve(entry.origin, r, 'site')))];
    const gatewayValue = v.get('gateway');
    let gateway: Network['gateway'];
    if (gatewayValue === 'anycast') gateway = 'anycast';
    else if (Array.isArray(gatewayValue)) {
      gateway = [];
      for (const r of gatewayValue as Reference[]) {
        const [s] = resolve(entry.origin, r, 'site');
        if (!s) continue;
        if (!sites.includes(s)) report('VMM008', entry.origin, r.span, `gateway site ${s} is not one of the network's sites (${sites.join(', ')})`);
        else gateway.push(s);
      }
    } else gateway = sites.slice(0, 1);
    const network: Network = {
      declaration: entry.origin.declaration,
      file: entry.origin.file,
      attributes: entry.origin.attributes,
      name: entry.origin.declaration.name!.name,
      sites,
      gateway,
      ingress: str(v, 'ingress') ?? 'none',
      mtu: num(v, 'mtu') ?? 1500,
      dnsTtl: num(v, 'dns-ttl') ?? 3600,
    };
    model.networks.set(network.name, network);
  }

  // What a vm or service resolves to depends on its own declaration and on the names it can name
  // (and, for VMM008, the networks' sites). Where both are as in the last build, the editor takes
  // the entity over instead of resolving it again: a keystroke in one vm of an estate of twenty
  // thousand rebuilds one vm. (Only entities whose resolution reported nothing are kept.)
  const universe = patch ? patch.last.universe : namesKey !== undefined ? universeOf(model, lastNames!.key) : undefined;
  const kept = <T extends Origin>(memo: WeakMap<Declaration, Kept<T>>, declaration: Declaration, file: SourceFile): Kept<T> | undefined => {
    const found = universe === undefined ? undefined : memo.get(declaration);
    if (!found || (found.universe !== universe && !stillResolves(found))) return undefined;
    found.universe = universe!;
    // The editor's file object stays the same from edit to edit; written only where it is not.
    if (found.entity.file !== file) {
      found.entity.file = file;
      for (const r of found.references) r.file = file;
      for (const r of found.late) r.file = file;
    }
    return found;
  };

  /**
   * Whether an entity kept from a build under other names resolves as it did: every name it named
   * still names the same kind of thing (a vm before a service, spec §10), no glob (whose matches may
   * have changed), and a vm's network still reaches its site (VMM008). Typing a vm's new name
   * changes the names, not what the other twenty thousand vms resolve to.
   */
  const stillResolves = (found: Kept<Origin>): boolean => {
    const resolves = (r: ModelReference): boolean => {
      if (r.glob) return false;
      switch (r.kind) {
        case 'site':
          return model.sites.has(r.name);
        case 'datastore':
          return nameSets.datastore.has(r.name);
        case 'network':
          return nameSets.network.has(r.name);
        case 'vm':
          return nameSets.vm.has(r.name);
        case 'service':
          return !nameSets.vm.has(r.name) && nameSets.service.has(r.name);
        default:
          return false;
      }
    };
    if (!found.references.every(resolves) || !found.late.every(resolves)) return false;
    const vm = found.entity as Partial<Vm>;
    if (vm.network === undefined || vm.site === undefined) return true;
    const network = model.networks.get(vm.network);
    return !(network && network.sites.length > 0 && !network.sites.includes(vm.site));
  };

  /** A vm from its declaration: placed, its datastore and network resolved (VMM008 where the network does not reach its site); its depends-on comes later. */
  const newVm = (entry: Pending): Vm => {
    const v = entry.values;
    const vm: Vm = {
      declaration: entry.origin.declaration,
      file: entry.origin.file,
      attributes: entry.origin.attributes,
      name: entry.origin.declaration.name!.name,
      site: placement(entry),
      memory: num(v, 'memory'),
      vcpus: num(v, 'vcpus') ?? 1,
      disk: num(v, 'disk') ?? 0,
      datastore: resolveOne(entry.origin, v, 'datastore', 'datastore'),
      network: resolveOne(entry.origin, v, 'network', 'network'),
      dirtyRate: num(v, 'dirty-rate'),
      workingSet: num(v, 'working-set'),
      sessions: str(v, 'sessions') ?? 'stateful',
      dependsOn: [],
    };
    const network = vm.network ? model.networks.get(vm.network) : undefined;
    if (network && vm.site && network.sites.length > 0 && !network.sites.includes(vm.site)) {
      const attribute = entry.origin.attributes.get('network')!;
      report(
        'VMM008',
        entry.origin,
        attribute.values[0]?.span ?? attribute.span,
        `vm '${vm.name}' is at ${vm.site}, but network '${network.name}' exists only at ${network.sites.join(', ')}`,
      );
    }
    return vm;
  };
  /** Its depends-on, resolved once every vm and service is known (itself left out). */
  const dependenciesOf = (vm: Vm, references: Reference[]): string[] =>
    references.length === 0 ? [] : [...new Set(references.flatMap((r) => resolve(vm, r, 'vm-or-service')))].filter((n) => n !== vm.name);

  /** Per vm in order: taken over (its `depends-on` references come later), or to resolve its `depends-on` once every vm and service is known. */
  const late: (Kept<Vm> | { vm: Vm; references: Reference[]; clean: boolean; placed: ModelReference[] })[] = [];
  for (const entry of pending.vm) {
    const reused = kept(keptVms, entry.origin.declaration, entry.origin.file);
    if (reused) {
      model.vms.set(reused.entity.name, reused.entity);
      for (const r of reused.references) model.references.push(r);
      late.push(reused);
      continue;
    }
    const findingsBefore = findings.length;
    const referencesBefore = model.references.length;
    const v = entry.values;
    const vm = newVm(entry);
    model.vms.set(vm.name, vm);
    late.push({ vm, references: refs(v, 'depends-on'), clean: findings.length === findingsBefore, placed: model.references.slice(referencesBefore) });
  }

  for (const entry of pending.service) {
    const reused = kept(keptServices, entry.origin.declaration, entry.origin.file);
    if (reused) {
      model.services.set(reused.entity.name, reused.entity);
      for (const r of reused.references) model.references.push(r);
      continue;
    }
    const findingsBefore = findings.length;
    const referencesBefore = model.references.length;
    const v = entry.values;
    const vms = [...new Set(refs(v, 'vms').flatMap((r) => resolve(entry.origin, r, 'vm')))];
    const service: Service = {
      declaration: entry.origin.declaration,
      file: entry.origin.file,
      attributes: entry.origin.attributes,
      name: entry.origin.declaration.name!.name,
      vms,
      loadBalancer: str(v, 'load-balancer') ?? 'none',
      scalable: v.get('scalable') === true,
    };
    model.services.set(service.name, service);
    if (universe !== undefined && findings.length === findingsBefore) {
      keptServices.set(service.declaration, { universe, entity: service, references: model.references.slice(referencesBefore), late: [] });
    }
  }
  for (const item of late) {
    if ('universe' in item) {
      for (const r of item.late) model.references.push(r);
      continue;
    }
    const { vm, references, clean, placed } = item;
    const findingsBefore = findings.length;
    const referencesBefore = model.references.length;
    vm.dependsOn = dependenciesOf(vm, references);
    if (universe !== undefined && clean && findings.length === findingsBefore) {
      keptVms.set(vm.declaration, { universe, entity: vm, references: placed, late: model.references.slice(referencesBefore) });
    }
  }

  if (patch) {
    // The vms the edit touched, resolved again; their references take the old ones' places.
    const references = patch.last.model.references.slice(0, patch.last.intentReferences);
    const replaced: [Vm, Vm][] = [];
    for (const { file, before, after } of patch.changed) {
      const entry = readDeclaration(new ValueReader(file, findings), file, after, findings, report, true);
      if (after.kind === 'migrate') {
        const at = patch.last.migrates.findIndex((m) => m.origin.declaration === before);
        if (findings.length > 0 || at < 0) return rebuild();
        pending.migrate[at] = entry;
        continue;
      }
      const old = keptVms.get(before);
      if (findings.length > 0 || !old || old.references.length === 0) return rebuild();
      const placedAt = model.references.length;
      const vm = newVm(entry);
      const lateAt = model.references.length;
      vm.dependsOn = dependenciesOf(vm, refs(entry.values, 'depends-on'));
      if (findings.length > 0) return rebuild();
      const placed = model.references.slice(placedAt, lateAt);
      const lateReferences = model.references.slice(lateAt);
      // A list of references that had no place in the old list has none to take.
      if (lateReferences.length > 0 && old.late.length === 0) return rebuild();
      // Each vm's references lie together in the list: its placement, then, after every vm's
      // placement and every service, its depends-on. The later run is replaced first.
      const placedIndex = references.indexOf(old.references[0]);
      const lateIndex = old.late.length > 0 ? references.indexOf(old.late[0]) : -1;
      if (placedIndex < 0 || (old.late.length > 0 && lateIndex < 0)) return rebuild();
      if (lateIndex >= 0) references.splice(lateIndex, old.late.length, ...lateReferences);
      references.splice(placedIndex, old.references.length, ...placed);
      replaced.push([old.entity, vm]);
      model.vms.set(vm.name, vm);
      keptVms.set(after, { universe: universe!, entity: vm, references: placed, late: lateReferences });
    }
    model.references = references;
    carryOverIndexes(patch.last.model, model, replaced);
  }
  const intentReferences = model.references.length;
  const clean = findings.length === 0;

  // 4. Intents.
  const movedBy = new Map<string, Intent>();
  pending.migrate.forEach((entry, index) => {
    const d = entry.origin.declaration;
    const v = entry.values;
    const to = d.to ? resolve(entry.origin, { name: d.to.name, span: d.to.span, glob: false }, 'site')[0] : undefined;
    const policyName = resolveOne(entry.origin, v, 'policy', 'policy');
    const method = (str(v, 'method') ?? 'live') as Method;
    const intent: Intent = {
      declaration: entry.origin.declaration,
      file: entry.origin.file,
      attributes: entry.origin.attributes,
      index,
      targets: [],
      vms: [],
      to,
      method,
      reason: str(v, 'reason') ?? 'optimize',
      storage: (str(v, 'storage') ?? (method === 'cold' ? 'move' : 'stay')) as Intent['storage'],
      window: num(v, 'window'),
      deadline: num(v, 'deadline'),
      concurrency: num(v, 'concurrency') ?? 1,
      policy: (policyName && model.policies.get(policyName)) || model.defaultPolicy,
    };
    for (const target of d.targets ?? []) {
      let vms: string[];
      const reference: Reference = {
        name: target.name,
        span: target.service ? { start: target.span.end - target.name.length, end: target.span.end } : target.span,
        glob: target.glob,
      };
      if (target.service) {
        const [service] = resolve(entry.origin, reference, 'service');
        vms = service ? (model.services.get(service)?.vms ?? []) : [];
      } else if (target.glob) {
        vms = globIndex('vm').matches(target.name);
        model.references.push(modelReference(reference, 'vm', entry.origin.file, vms));
        if (vms.length === 0) report('VMM005', entry.origin, target.span, `glob '${target.name}' matches no vm`);
      } else {
        vms = resolve(entry.origin, reference, 'vm-or-service');
        // A bare service name in the targets means its VMs, as `service NAME` does.
        if (vms.length === 1 && model.services.has(vms[0])) vms = model.services.get(vms[0])!.vms;
      }
      const kept: string[] = [];
      for (const name of vms) {
        const vm = model.vms.get(name);
        if (!vm || (to && vm.site === to)) continue; // already at the target: dropped silently (spec §10)
        const earlier = movedBy.get(name);
        if (earlier === intent) continue; // the same VM twice in one list is merged silently
        if (earlier) {
          report('VMM004', entry.origin, target.span, `vm '${name}' is already moved by the migrate at ${where(earlier)}`);
          continue;
        }
        movedBy.set(name, intent);
        kept.push(name);
        intent.vms.push(name);
      }
      intent.targets.push({ target, vms: kept });
    }
    model.intents.push(intent);
  });

  if (reuse) {
    lastBuild =
      clean && universe !== undefined
        ? { files: files.slice(), declarations: files.map((f) => f.tree.declarations), model, migrates: pending.migrate, universe, intentReferences }
        : undefined;
  }
  return model;
}

/**
 * What a declaration's body says, read against the schema: kept for a declaration whose reading
 * found nothing to report, so that the editor, whose incremental parser hands back the same tree
 * object for every declaration an edit did not touch, reads only the declarations that changed.
 * (A reading that found something is redone each time: its fixes hold offsets into the text.)
 */
const readings = new WeakMap<Declaration, Pending>();

function readDeclaration(reader: ValueReader, file: SourceFile, declaration: Declaration, findings: Finding[], report: Reporter, reuse: boolean): Pending {
  const kept = reuse ? readings.get(declaration) : undefined;
  if (kept) {
    // The editor's file object is the same from edit to edit: then so is the whole entry.
    if (kept.origin.file === file) return kept;
    const entry = { origin: { declaration, file, attributes: kept.origin.attributes }, values: kept.values, blocks: kept.blocks };
    readings.set(declaration, entry);
    return entry;
  }
  const spec = schema[declaration.kind];
  const attributes = new Map<string, Attribute>();
  const entry: Pending = { origin: { declaration, file, attributes }, values: new Map(), blocks: new Map() };
  const before = findings.length;
  readBody(reader, file, declaration, declaration.body, spec.attributes, spec.blocks, entry, attributes, report);
  if (reuse && findings.length === before) readings.set(declaration, entry);
  return entry;
}

/** One shape for every reference (a spread of differently shaped objects is slow on large models). */
function modelReference(reference: Reference, kind: ModelReference['kind'], file: SourceFile, targets: string[]): ModelReference {
  return { name: reference.name, span: reference.span, glob: reference.glob, kind, file, targets };
}

/** What a build that kept what it could left for the next one to patch (only a clean one: nothing reported before the intents). */
interface LastBuild {
  files: SourceFile[];
  declarations: Declaration[][];
  model: Model;
  migrates: Pending[];
  universe: string;
  /** Where the intents' references start in the model's list. */
  intentReferences: number;
}

let lastBuild: LastBuild | undefined;

/** At most this many declarations changed for a build to be patched. */
const MOST_PATCHED = 16;

/**
 * Whether the files differ from the last build's only in a few vms or migrates, each with the same
 * name as before (an edit inside their bodies: a value, a reference, a comment): then the names,
 * sites, networks, services, and every other vm are as they were, and the build can take the last
 * model and redo only those vms and the intents.
 */
function patchPlan(files: SourceFile[]): { last: LastBuild; changed: { file: SourceFile; before: Declaration; after: Declaration }[] } | undefined {
  const last = lastBuild;
  if (!last || !lastNames || last.files.length !== files.length) return undefined;
  const changed: { file: SourceFile; before: Declaration; after: Declaration }[] = [];
  for (let f = 0; f < files.length; f++) {
    const file = files[f];
    const now = file.tree.declarations;
    const before = last.declarations[f];
    if (file !== last.files[f] || now.length !== before.length) return undefined;
    for (let i = 0; i < now.length; i++) {
      if (now[i] === before[i]) continue;
      const a = before[i];
      const b = now[i];
      if (a.kind !== b.kind || (b.kind !== 'vm' && b.kind !== 'migrate')) return undefined;
      if (b.kind === 'vm' && (!a.name || a.name.name !== b.name?.name)) return undefined;
      if (changed.push({ file, before: a, after: b }) > MOST_PATCHED) return undefined;
    }
  }
  return { last, changed };
}

export interface BuildOptions {
  /**
   * Keep what each declaration's reading and resolution gave, and take it over in the next build
   * where the declaration (the same tree object: the editor's incremental parser hands back the
   * trees of unchanged declarations) and the names it can resolve against are unchanged.
   */
  reuse?: boolean;
  /** Build afresh even where the last build could be patched (what a patch falls back to). */
  rebuild?: boolean;
}

/** An entity taken over from an earlier build, with the references its resolution recorded. */
interface Kept<T extends Origin> {
  /** The names it was resolved against (the same string object while they do not change). */
  universe: string;
  entity: T;
  /** The references its resolution recorded, in the same order as a fresh build. */
  references: ModelReference[];
  /** Of a vm, those recorded after every vm and service is known (its `depends-on`): they come later in the model's list. */
  late: ModelReference[];
}

const keptVms = new WeakMap<Declaration, Kept<Vm>>();
const keptServices = new WeakMap<Declaration, Kept<Service>>();
let lastUniverse = '';
/** The names of the last build that kept what it could, with their sets and glob indexes. */
let lastNames:
  | {
      key: string;
      lists: Record<'datastore' | 'network' | 'vm' | 'service', string[]>;
      sets: Record<'datastore' | 'network' | 'vm' | 'service', Set<string>>;
      globs: Map<ReferenceKind, GlobIndex>;
    }
  | undefined;

/**
 * Every name a vm or a service can resolve against, in declaration order (globs give matches in
 * that order), and each network's sites (VMM008): the same string object as long as they do not
 * change, so that a kept entity is checked against it by identity.
 */
function universeOf(model: Model, names: string): string {
  const networks: string[] = [];
  for (const n of model.networks.values()) networks.push(`${n.name}:${n.sites.join(',')}`);
  const universe = `${names}\u0002${networks.join('\u0000')}`;
  if (universe === lastUniverse) return lastUniverse;
  lastUniverse = universe;
  return universe;
}
/** Name comparisons did-you-mean may make in one check. */
const SUGGESTION_BUDGET = 1_000_000;

/** `vm 'web-01'`, `link dc-a <-> dc-b`, `the unnamed policy`. */
export function describe(d: Declaration): string {
  if (d.kind === 'link') return `link ${d.ends?.[0]?.name ?? '?'} <-> ${d.ends?.[1]?.name ?? '?'}`;
  if (d.kind === 'policy' && !d.name) return 'the unnamed policy';
  if (d.kind === 'migrate') return `migrate to ${d.to?.name ?? '?'}`;
  return d.name ? `${d.kind} '${d.name.name}'` : d.kind;
}

function where(origin: Origin): string {
  const p = origin.file.lines.position(origin.declaration.span.start);
  const base = origin.file.path.split(/[\\/]/).pop();
  return `${base}:${p.line + 1}`;
}

function declarationSkeleton(kind: ReferenceKind, name: string, site: string): string | undefined {
  switch (kind) {
    case 'site':
      return `site ${name} {\n}`;
    case 'network':
      return `network ${name} {\n  sites = ${site}\n}`;
    case 'datastore':
      return `datastore ${name} at ${site} {\n}`;
    case 'vm':
      return `vm ${name} at ${site} {\n  memory = 8GiB\n}`;
    case 'service':
      return `service ${name} {\n  vms = vm\n}`;
    case 'policy':
      return `policy ${name} {\n  profile = metro\n}`;
    default:
      return undefined;
  }
}

/** An item's span with the blanks before it, so that removing it leaves no gap (or no empty line). */
function withLeadingSpace(text: string, span: Span): Span {
  let start = span.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] === '\n') {
    start--;
    if (start > 0 && text[start - 1] === '\r') start--;
  }
  return { start, end: span.end };
}

/** `site`, `network`: names of attributes that start a declaration where no `=` follows them. */
function startsDeclaration(word: string): boolean {
  return declarationKeywords.includes(vmmLexer.tokenize(word).tokens[0]?.tokenType);
}

function headerComplete(d: Declaration): boolean {
  if (d.kind === 'link') return !!d.ends?.[0] && !!d.ends?.[1];
  if (d.kind === 'policy' || d.kind === 'migrate' || d.kind === 'import') return true;
  return !!d.name;
}

type Reporter = (code: string, origin: { file: SourceFile; declaration?: Declaration }, span: Span, message: string, fixes?: Fix[]) => void;

/** Checks a body against its schema: unknown names (VMM002), duplicates (VMM004), values (VMM003/008), required ones (VMM006). */
function readBody(
  reader: ValueReader,
  file: SourceFile,
  declaration: Declaration,
  body: Body | undefined,
  specs: AttributeSpec[],
  blocks: BlockSpec[],
  entry: Pending,
  attributes: Map<string, Attribute>,
  report: Reporter,
  blockName?: string,
): void {
  const origin = { file, declaration };
  const where = blockName ? `${blockName} block` : declaration.kind;
  const seen = new Set<string>();
  for (const item of body?.items ?? []) {
    const spec = item.kind === 'attribute' ? specs.find((s) => s.name === item.name) : undefined;
    const blockSpec = item.kind === 'block' ? blocks.find((b) => b.name === item.name) : undefined;
    if (!spec && !blockSpec) {
      const isBlockName = blocks.some((b) => b.name === item.name);
      const isAttributeName = specs.some((s) => s.name === item.name);
      if (isBlockName || isAttributeName) {
        const message = isBlockName ? `${item.name} is a block here: write ${item.name} { … }` : `${item.name} is an attribute here: write ${item.name} = …`;
        report('VMM002', origin, item.nameSpan, message);
        continue;
      }
      // Only a name of the same kind: renaming an attribute to a block's name is another VMM002.
      const suggestion = closest(item.name, item.kind === 'block' ? blocks.map((b) => b.name) : specs.map((s) => s.name));
      report(
        'VMM002',
        origin,
        item.nameSpan,
        `unknown ${item.kind} '${item.name}' for ${where}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
        suggestion && !(item.kind === 'attribute' && startsDeclaration(suggestion) && !hasEquals(file, item))
          ? [{ title: `Rename to '${suggestion}'`, edits: [{ file: file.path, span: item.nameSpan, newText: suggestion }], preferred: true }]
          : undefined, // `sit 1` renamed `site 1`, no `=` after it, would start a declaration
      );
      continue;
    }
    const scope = blockName ? entry.blocks.get(blockName)! : undefined;
    if (seen.has(item.name)) {
      report('VMM004', origin, item.nameSpan, `duplicate ${item.kind} '${item.name}' in ${where}`);
      continue;
    }
    seen.add(item.name);
    if (item.kind === 'attribute' && spec) {
      if (!blockName) attributes.set(item.name, item);
      const value = reader.read(declaration, item, spec);
      if (value !== undefined) (scope?.values ?? entry.values).set(item.name, value);
    } else if (item.kind === 'block' && blockSpec) {
      entry.blocks.set(item.name, { block: item, values: new Map() });
      readBody(reader, file, declaration, item.body, blockSpec.attributes, [], entry, attributes, report, item.name);
    }
  }
  // A half-typed header (`vm` with no name yet, `link a <->`) has its syntax error; what its body
  // still lacks is not worth a second error on the same words.
  if (!blockName && !headerComplete(declaration)) return;
  const present = new Set((body?.items ?? []).map((i) => i.name));
  for (const spec of specs) {
    if (!spec.required || present.has(spec.name)) continue;
    const span = blockName ? entry.blocks.get(blockName)!.block.nameSpan : (declaration.name?.span ?? headerSpan(declaration));
    const placeholder = spec.placeholder ?? '?';
    const edit = blockName
      ? insertIntoBody(file, declaration, entry.blocks.get(blockName)!.block.body, `${spec.name} = ${placeholder}`)
      : insertAttribute(file, declaration, spec.name, placeholder);
    const subject = blockName ? `${blockName} block` : describe(declaration);
    report('VMM006', origin, span, `${subject} is missing the required attribute ${spec.name}`, [
      { title: `Insert ${spec.name} = ${placeholder}`, edits: [edit] },
    ]);
  }
}
