import type { Diagnostic } from '../checker.js';
import type { Fix } from '../model/findings.js';

/** What the lightbulb offers on a diagnostic: its fixes, then "Silence CODE here" where it can be silenced. */
export function quickFixes(d: Diagnostic): Fix[] {
  return d.silence ? [...d.fixes, { title: `Silence ${d.code} here`, edits: [d.silence] }] : d.fixes;
}
