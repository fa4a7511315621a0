import { reportFindings, type Rule } from './rule.js';

/** Found while reading the declarations (model/build.ts, model/values.ts). */
export const VMM008: Rule = {
  code: 'VMM008',
  severity: 'error',
  summary: 'value out of range',
  check: reportFindings('VMM008'),
};
