import type { Rule } from './rule.js';

// PLACEHOLDER: being written (rule, test, docs page).
export const VMM601: Rule = {
  code: 'VMM601',
  severity: 'error',
  summary: 'TODO',
  check() {},
};
