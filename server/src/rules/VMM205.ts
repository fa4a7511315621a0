import type { Rule } from './rule.js';

// PLACEHOLDER: being written (rule, test, docs page).
export const VMM205: Rule = {
  code: 'VMM205',
  severity: 'info',
  summary: 'TODO',
  check() {},
};
