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
import { VMM102 } from './VMM102.js';
import { VMM103 } from './VMM103.js';
import { VMM104 } from './VMM104.js';
import { VMM105 } from './VMM105.js';
import { VMM106 } from './VMM106.js';
import { VMM107 } from './VMM107.js';
import { VMM201 } from './VMM201.js';
import { VMM202 } from './VMM202.js';
import { VMM203 } from './VMM203.js';
import { VMM204 } from './VMM204.js';
import { VMM205 } from './VMM205.js';
import { VMM206 } from './VMM206.js';
import { VMM207 } from './VMM207.js';
import { VMM208 } from './VMM208.js';
import { VMM209 } from './VMM209.js';
import { VMM301 } from './VMM301.js';
import { VMM302 } from './VMM302.js';
import { VMM303 } from './VMM303.js';
import { VMM304 } from './VMM304.js';
import { VMM401 } from './VMM401.js';
import { VMM402 } from './VMM402.js';
import { VMM403 } from './VMM403.js';
import { VMM501 } from './VMM501.js';
import { VMM502 } from './VMM502.js';
import { VMM503 } from './VMM503.js';
import { VMM504 } from './VMM504.js';
import { VMM601 } from './VMM601.js';
import { VMM602 } from './VMM602.js';
import { VMM603 } from './VMM603.js';
import { VMM604 } from './VMM604.js';
import { VMM701 } from './VMM701.js';
import { VMM702 } from './VMM702.js';

/** Every rule, in code order. A test keeps this list, docs/rules/ and the settings schema in agreement. */
export const rules: readonly Rule[] = Object.freeze([
  VMM001,
  VMM002,
  VMM003,
  VMM004,
  VMM005,
  VMM006,
  VMM007,
  VMM008,
  VMM101,
  VMM102,
  VMM103,
  VMM104,
  VMM105,
  VMM106,
  VMM107,
  VMM201,
  VMM202,
  VMM203,
  VMM204,
  VMM205,
  VMM206,
  VMM207,
  VMM208,
  VMM209,
  VMM301,
  VMM302,
  VMM303,
  VMM304,
  VMM401,
  VMM402,
  VMM403,
  VMM501,
  VMM502,
  VMM503,
  VMM504,
  VMM601,
  VMM602,
  VMM603,
  VMM604,
  VMM701,
  VMM702,
]);

export function ruleByCode(code: string): Rule | undefined {
  return rules.find((r) => r.code === code);
}
