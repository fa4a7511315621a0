import type { Rule } from './rule.js';

// PLACEHOLDER: being written (rule, test, docs page).
export const VMM403: Rule = {
  code: 'VMM403',
  severity: 'warning',
  summary: 'TODO',
  check() {},
};
