import type { Rule } from './rule.js';

// PLACEHOLDER: being written (rule, test, docs page).
export const VMM204: Rule = {
  code: 'VMM204',
  severity: 'info',
  summary: 'TODO',
  check() {},
};
