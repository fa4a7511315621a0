import type { Attribute, Declaration, Target } from '../syntax/ast.js';
import type { Finding, SourceFile } from './findings.js';
import type { Reference } from './values.js';
import type { ModelIndexes } from './indexes.js';

/** Where an entity was declared. */
export interface Origin {
  declaration: Declaration;
  file: SourceFile;
  /** Attributes by name (the first of each name). */
  attributes: Map<string, Attribute>;
}

export interface Site extends Origin {
  name: string;
  location?: [number, number];
  capacity: { memory?: number; vcpus?: number; storage?: number };
}

export interface Link extends Origin {
  a: string;
  b: string;
  /** seconds */
  rtt?: number;
  /** bytes/s */
  bandwidth?: number;
  /** km, as written */
  explicitDistance?: number;
  /** km: explicit, else the great-circle distance of two located sites */
  distance?: number;
  share: number;
  l2Extension: string;
  mtu: number;
  encrypted: boolean;
}

export interface Replication {
  target?: string;
  mode?: 'sync' | 'async';
  /** seconds */
  rpo?: number;
}

export interface Datastore extends Origin {
  name: string;
  site?: string;
  capacity?: number;
  changeRate?: number;
  replication?: Replication;
}

export interface Network extends Origin {
  name: string;
  sites: string[];
  gateway: 'anycast' | string[];
  ingress: string;
  mtu: number;
  /** seconds */
  dnsTtl: number;
}

export interface Vm extends Origin {
  name: string;
  site?: string;
  memory?: number;
  vcpus: number;
  disk: number;
  datastore?: string;
  network?: string;
  dirtyRate?: number;
  workingSet?: number;
  sessions: string;
  /** Names of vms and services, globs expanded. */
  dependsOn: string[];
}

export interface Service extends Origin {
  name: string;
  vms: string[];
  loadBalancer: string;
  scalable: boolean;
}

/** A policy with its profile applied: every limit in canonical units, undefined where none is set. */
export interface Policy {
  name?: string;
  origin?: Origin;
  profile: string;
  maxRtt?: number;
  minBandwidth?: number;
  maxDistance?: number;
  maxDowntime: number;
  maxRounds: number;
  efficiency: number;
  maxStream?: number;
  syncMaxRtt: number;
  /** The most concurrent migrations the profile allows (hcx: 1). */
  maxConcurrency?: number;
}

export type Method = 'live' | 'routed' | 'cold' | 'federate';

/** The targets of a `migrate` with the VMs each brought in. */
export interface ResolvedTarget {
  target: Target;
  vms: string[];
}

export interface Intent extends Origin {
  /** Index in declaration order over the whole model. */
  index: number;
  targets: ResolvedTarget[];
  /** VMs to move, in target order, without duplicates, without those already at the target. */
  vms: string[];
  to?: string;
  method: Method;
  reason: string;
  storage: 'stay' | 'move' | 'replica';
  window?: number;
  deadline?: number;
  concurrency: number;
  policy: Policy;
}

export interface Model {
  files: SourceFile[];
  sites: Map<string, Site>;
  links: Link[];
  datastores: Map<string, Datastore>;
  networks: Map<string, Network>;
  vms: Map<string, Vm>;
  services: Map<string, Service>;
  policies: Map<string, Policy>;
  defaultPolicy: Policy;
  intents: Intent[];
  /** VMM002–VMM008 found while reading the declarations. */
  findings: Finding[];
  /** References by the entity they name, for navigation. */
  references: ModelReference[];
  /** Reverse indexes (services of a vm, dependents of a vm), built when first read. */
  readonly indexes: ModelIndexes;
  /** Every entity by its kind's keyword, in declaration order (a kind the typed fields above do not name is found here). */
  entities: ReadonlyMap<string, readonly Origin[]>;
}

export interface ModelReference extends Reference {
  /** The kind of what it names (a declaration kind's keyword). */
  kind: string;
  file: SourceFile;
  /** The resolved names (one, or several for a glob). */
  targets: string[];
}
