import { reportFindings, type Rule } from './rule.js';

/** Found while lexing and parsing (syntax/parser.ts). */
export const VMM001: Rule = {
  code: 'VMM001',
  severity: 'error',
  summary: 'syntax error',
  check: reportFindings('VMM001'),
};
