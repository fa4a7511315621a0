import type { Dimension } from './units.js';

/** What an attribute's value must be. */
export type ValueType =
  | { kind: 'quantity'; dimension: Dimension; /** the unit a bare number means, where only one reading is sensible */ bareUnit?: string }
  | { kind: 'integer'; min: number }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
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

export const profiles = ['metro', 'vmware-metro', 'vmware-long-distance', 'hcx', 'kvm', 'hyperv'] as const;
export const l2Extensions = ['none', 'vxlan-evpn', 'otv', 'vpls', 'hcx', 'geneve'] as const;
export const methods = ['live', 'routed', 'cold', 'federate'] as const;
export const reasons = ['optimize', 'maintenance', 'cloud-burst', 'federation', 'disaster-avoidance', 'follow-the-sun'] as const;

export const time = (bareUnit?: string): ValueType => ({ kind: 'quantity', dimension: 'time', bareUnit });
export const size: ValueType = { kind: 'quantity', dimension: 'size' };
export const rate: ValueType = { kind: 'quantity', dimension: 'rate' };
export const distance: ValueType = { kind: 'quantity', dimension: 'distance', bareUnit: 'km' };
export const percent: ValueType = { kind: 'quantity', dimension: 'ratio', bareUnit: '%' };
export const integer = (min = 1): ValueType => ({ kind: 'integer', min });
export const oneOf = (...values: string[]): ValueType => ({ kind: 'enum', values });
export const ref = (to: ReferenceKind, extra: Partial<Extract<ValueType, { kind: 'reference' }>> = {}): ValueType => ({ kind: 'reference', to, ...extra });
