import { reportFindings, type Rule } from './rule.js';

/** Found while reading the declarations (model/build.ts, model/values.ts). */
export const VMM002: Rule = {
  code: 'VMM002',
  severity: 'error',
  summary: 'unknown attribute or block for this declaration',
  check: reportFindings('VMM002'),
};
