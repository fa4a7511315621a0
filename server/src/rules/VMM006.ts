import { reportFindings, type Rule } from './rule.js';

/** Found while reading the declarations (model/build.ts, model/values.ts). */
export const VMM006: Rule = {
  code: 'VMM006',
  severity: 'error',
  summary: 'required attribute missing',
  check: reportFindings('VMM006'),
};
