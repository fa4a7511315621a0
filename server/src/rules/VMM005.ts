import { reportFindings, type Rule } from './rule.js';

/** Found while reading the declarations (model/build.ts, model/values.ts). */
export const VMM005: Rule = {
  code: 'VMM005',
  severity: 'error',
  summary: 'reference to an undeclared name (or a glob that matches nothing)',
  check: reportFindings('VMM005'),
};
