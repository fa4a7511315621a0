import type { Rule } from './rule.js';

// PLACEHOLDER: being written (rule, test, docs page).
export const VMM401: Rule = {
  code: 'VMM401',
  severity: 'warning',
  summary: 'TODO',
  check() {},
};
