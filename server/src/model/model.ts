import type { Attribute, Declaration, Target } from '../syntax/ast.js';
import type { Finding, SourceFile } from './findings.js';
import type { Reference } from './values.js';
import type { ModelIndexes } from './indexes.js';
import type { Converge, EngineFixed, ProfileName } from './engines.js';

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
  /** The CPU baseline its hosts offer (spec §4.1). */
  cpu?: string;
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
  /** bytes the guest has touched (what round 0 sends on kvm and qemu); at most memory */
  resident?: number;
  /** The CPU baseline the running VM uses (spec §4.1). */
  cpu?: string;
  /** Devices that block live migration. */
  devices: string[];
  /** seconds; else the policy's */
  restartTime?: number;
  /** Its identity in the inventory it came from (a MoRef, a UUID). */
  id?: string;
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

/**
 * A policy with its profile applied (spec §4, §5): every figure in canonical units, `undefined`
 * where none is set (a limit the profile does not have, or a written `none`).
 */
export interface Policy {
  name?: string;
  origin?: Origin;
  profile: ProfileName;
  maxRtt?: number;
  minBandwidth?: number;
  maxDistance?: number;
  maxDowntime: number;
  /** The engine stops pre-copy after this many rounds; undefined: `none`. */
  maxRounds?: number;
  /** Fraction of the VM's memory after which the engine stops pre-copy; undefined: `none`. */
  maxData?: number;
  converge: Converge;
  throttleInitial: number;
  throttleStep: number;
  throttleMax: number;
  /** seconds: the fixed pause of a live or routed switch-over */
  switchover: number;
  efficiency: number;
  maxStream?: number;
  /** bytes: the TCP window of one migration connection; undefined: `none` */
  streamWindow?: number;
  streams: number;
  /** seconds to shut a VM down and start it again */
  restartTime: number;
  syncMaxRtt: number;
  /** What the profile fixes: round 0, the final round's rate, the concurrency cap, Xen's threshold. */
  engine: EngineFixed;
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
  /** `keep` (same IP and MAC at the target) or `new` (re-addressed); routed is always `new`. */
  address: 'keep' | 'new';
  reason: string;
  storage: 'stay' | 'move' | 'replica';
  window?: number;
  deadline?: number;
  concurrency: number;
  policy: Policy;
}

export interface Model {
  files: SourceFile[];
  sites: ReadonlyMap<string, Site>;
  links: Link[];
  datastores: ReadonlyMap<string, Datastore>;
  networks: ReadonlyMap<string, Network>;
  vms: ReadonlyMap<string, Vm>;
  services: ReadonlyMap<string, Service>;
  policies: Map<string, Policy>;
  defaultPolicy: Policy;
  intents: Intent[];
  /** VMM002–VMM008 found while reading the declarations. */
  findings: Finding[];
  /** References by the entity they name, for navigation (joined from the entities' lists when first read). */
  readonly references: readonly ModelReference[];
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
