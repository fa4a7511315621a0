import { reportFindings, type Rule } from './rule.js';

/** Found while reading the declarations (model/build.ts, model/values.ts). */
export const VMM003: Rule = {
  code: 'VMM003',
  severity: 'error',
  summary: 'wrong type, wrong unit dimension, or missing unit',
  check: reportFindings('VMM003'),
};
