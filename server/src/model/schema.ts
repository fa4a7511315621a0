import type { Dimension } from './units.js';

/** What an attribute's value must be. */
export type ValueType =
  | {
      kind: 'quantity';
      dimension: Dimension;
      /** the unit a bare number means, where only one reading is sensible */
      bareUnit?: string;
      /** `none` is a value (no limit: max-data, stream-window; spec §10) */
      none?: boolean;
      /** a ratio above 100% is accepted (max-data) */
      unbounded?: boolean;
      /** zero is out of range too (stream-window) */
      positive?: boolean;
    }
  | { kind: 'integer'; min: number; /** `none` is a value (max-rounds) */ none?: boolean }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[]; /** a list of them (devices) */ list?: boolean }
  | { kind: 'reference'; to: ReferenceKind; list?: boolean; globs?: boolean; /** extra words accepted besides references */ words?: readonly string[] }
  | { kind: 'location' };

/** What a reference names: a declaration kind's keyword, or `vm-or-service` (a vm, else a service). */
export type ReferenceKind = string;

export interface AttributeSpec {
  name: string;
  type: ValueType;
  required?: boolean;
  /** Shown in hover and completion. */
  doc: string;
  default?: string;
  /** The placeholder the "insert it" quick-fix writes. */
  placeholder?: string;
}

export interface BlockSpec {
  name: string;
  doc: string;
  attributes: AttributeSpec[];
}

export const l2Extensions = ['none', 'vxlan-evpn', 'otv', 'vpls', 'hcx', 'geneve'] as const;
export const methods = ['live', 'routed', 'cold', 'federate'] as const;
export const reasons = ['optimize', 'maintenance', 'cloud-burst', 'federation', 'disaster-avoidance', 'follow-the-sun'] as const;

/** The CPU baselines of spec §4.1 (VMware's EVC mode keys), each vendor's oldest first. */
export const cpuBaselines = {
  intel: [
    'intel-merom',
    'intel-penryn',
    'intel-nehalem',
    'intel-westmere',
    'intel-sandybridge',
    'intel-ivybridge',
    'intel-haswell',
    'intel-broadwell',
    'intel-skylake',
    'intel-cascadelake',
    'intel-icelake',
    'intel-sapphirerapids',
  ],
  amd: [
    'amd-rev-e',
    'amd-rev-f',
    'amd-greyhound-no3dnow',
    'amd-greyhound',
    'amd-bulldozer',
    'amd-piledriver',
    'amd-steamroller',
    'amd-zen',
    'amd-zen2',
    'amd-zen3',
    'amd-zen4',
  ],
} as const;

/** Every baseline, Intel's then AMD's. */
export const cpuBaselineNames: readonly string[] = [...cpuBaselines.intel, ...cpuBaselines.amd];

/** Devices that block live migration (spec §4 `devices`). */
export const deviceKinds = ['passthrough', 'shared-disk', 'usb'] as const;

export const time = (bareUnit?: string): ValueType => ({ kind: 'quantity', dimension: 'time', bareUnit });
export const size: ValueType = { kind: 'quantity', dimension: 'size' };
export const rate: ValueType = { kind: 'quantity', dimension: 'rate' };
export const distance: ValueType = { kind: 'quantity', dimension: 'distance', bareUnit: 'km' };
export const percent: ValueType = { kind: 'quantity', dimension: 'ratio', bareUnit: '%' };
export const integer = (min = 1, none = false): ValueType => ({ kind: 'integer', min, none });
export const oneOf = (...values: string[]): ValueType => ({ kind: 'enum', values });
export const ref = (to: ReferenceKind, extra: Partial<Extract<ValueType, { kind: 'reference' }>> = {}): ValueType => ({ kind: 'reference', to, ...extra });
