import type { Rule } from './rule.js';

// PLACEHOLDER: being written (rule, test, docs page).
export const VMM304: Rule = {
  code: 'VMM304',
  severity: 'warning',
  summary: 'TODO',
  check() {},
};
