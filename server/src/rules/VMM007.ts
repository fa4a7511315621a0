import { reportFindings, type Rule } from './rule.js';

/** Found while loading imports (load.ts). */
export const VMM007: Rule = {
  code: 'VMM007',
  severity: 'error',
  summary: 'import missing, cyclic, or outside the workspace folder',
  check: reportFindings('VMM007'),
};
