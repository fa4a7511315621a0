import type { Rule } from './rule.js';

// PLACEHOLDER: being written (rule, test, docs page).
export const VMM402: Rule = {
  code: 'VMM402',
  severity: 'warning',
  summary: 'TODO',
  check() {},
};
