import { reportFindings, type Rule } from './rule.js';

/** Found while reading the declarations (model/build.ts, model/values.ts). */
export const VMM004: Rule = {
  code: 'VMM004',
  severity: 'error',
  summary: 'duplicate declaration or attribute',
  check: reportFindings('VMM004'),
};
