import type { Finding, SourceFile } from './findings.js';
import type { Datastore, Intent, Link, Model, ModelReference, Network, Origin, Policy, Service, Site, Vm } from './model.js';
import { policyFromProfile } from './profiles.js';
import { indexesFrom, type IndexedModel, type ModelIndexes } from './indexes.js';

/** The model of the built entities: the typed collections the rules read, and every entity by kind. */
/** The scratch key under which intents built without any policy declared share the default one. */
export const DEFAULT_POLICY = 'default-policy';

export function assembleModel(
  files: readonly SourceFile[],
  entities: ReadonlyMap<string, Origin[]>,
  named: ReadonlyMap<string, ReadonlyMap<string, Origin>>,
  findings: Finding[],
  references: readonly (readonly ModelReference[])[],
  scratch: ReadonlyMap<string, unknown>,
  kept: { indexed?: IndexedModel },
): Model {
  const of = <T extends Origin>(kind: string) => (entities.get(kind) ?? []) as T[];
  // The builder's maps by name (the first of each name; a name declared twice is VMM004 and built once).
  const byName = <T extends Origin & { name: string }>(kind: string) => (named.get(kind) ?? new Map()) as ReadonlyMap<string, T>;
  const policies = new Map<string, Policy>();
  let defaultPolicy: Policy | undefined;
  for (const policy of of<Origin & Policy>('policy')) {
    if (policy.name === undefined) defaultPolicy ??= policy;
    else if (!policies.has(policy.name)) policies.set(policy.name, policy);
  }
  let built: ModelIndexes | undefined;
  let flat: readonly ModelReference[] | undefined;
  const model: Model = {
    files: files.slice(),
    sites: byName<Site>('site'),
    links: of<Link>('link'),
    datastores: byName<Datastore>('datastore'),
    networks: byName<Network>('network'),
    vms: byName<Vm>('vm'),
    services: byName<Service>('service'),
    policies,
    defaultPolicy: defaultPolicy ?? (scratch.get(DEFAULT_POLICY) as Policy | undefined) ?? policyFromProfile('metro'),
    intents: of<Intent>('migrate'),
    findings,
    get references(): readonly ModelReference[] {
      return (flat ??= references.length === 1 ? references[0] : references.flat());
    },
    entities,
    get indexes(): ModelIndexes {
      if (!built) {
        built = indexesFrom(model, kept.indexed);
        kept.indexed = { vms: model.vms, services: model.services, indexes: built };
      }
      return built;
    },
  };
  return model;
}
