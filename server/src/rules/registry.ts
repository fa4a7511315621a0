import type { Rule } from './rule.js';
import { VMM001 } from './VMM001.js';
import { VMM002 } from './VMM002.js';
import { VMM003 } from './VMM003.js';
import { VMM004 } from './VMM004.js';
import { VMM005 } from './VMM005.js';
import { VMM006 } from './VMM006.js';
import { VMM007 } from './VMM007.js';
import { VMM008 } from './VMM008.js';
import { VMM101 } from './VMM101.js';

/** Every rule, in code order. A test keeps this list, docs/rules/ and the settings schema in agreement. */
export const rules: readonly Rule[] = Object.freeze([VMM001, VMM002, VMM003, VMM004, VMM005, VMM006, VMM007, VMM008, VMM101]);

export function ruleByCode(code: string): Rule | undefined {
  return rules.find((r) => r.code === code);
}
