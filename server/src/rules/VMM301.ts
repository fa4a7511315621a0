import type { Rule } from './rule.js';

// PLACEHOLDER: being written (rule, test, docs page).
export const VMM301: Rule = {
  code: 'VMM301',
  severity: 'error',
  summary: 'TODO',
  check() {},
};
