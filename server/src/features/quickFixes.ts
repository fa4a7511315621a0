import { recheck, type CheckOptions, type CheckResult, type Diagnostic } from '../checker.js';
import type { Edit, Fix } from '../model/findings.js';
import { commonPrefix, commonSuffix } from '../text.js';
import { fixAll, snapshot, verifiedFixes, type Checked, type FixStep, type Recheck, type VerifiedFix } from './verify.js';

/** A fix as the lightbulb offers it: verified (its group) or "Silence" (last, group undefined). */
export interface OfferedFix extends Fix {
  diagnostic: Diagnostic;
  group?: 0 | 1 | 2;
  /** The verification behind it (none for "Silence"): what the copy's check found. */
  verified?: VerifiedFix;
}

/** How copies are checked: with the options of the document's check (its session, files, settings). */
export function rechecker(options: CheckOptions): Recheck {
  return (from, edits) => {
    const result = recheck(from.result.file.path, from.texts, edits, options);
    return result && snapshot(result);
  };
}

/**
 * What the lightbulb offers on some diagnostics of a check (by their indexes): their fixes, each
 * verified against a re-check of the copy (spec §7) and ordered in its three groups, the first of
 * the first group preferred; then "Silence CODE here" for each that can be silenced.
 */
export function quickFixes(result: CheckResult, indexes: readonly number[], options: CheckOptions): OfferedFix[] {
  const from = snapshot(result);
  const verified: OfferedFix[] = verifiedFixes(from, indexes, rechecker(options)).map((f: VerifiedFix, i) => ({
    title: f.title,
    edits: f.edits,
    diagnostic: f.diagnostic,
    group: f.group,
    verified: f,
    preferred: i === 0 && f.group === 0 ? true : undefined,
  }));
  const silences: OfferedFix[] = indexes.flatMap((i) => {
    const d = result.diagnostics[i];
    return d.silence ? [{ title: `Silence ${d.code} here`, edits: [d.silence], diagnostic: d }] : [];
  });
  return [...verified, ...silences];
}

/** What "Fix all" did: each step, and one edit per file that changed (from the first change to the last). */
export interface FixAllResult {
  steps: FixStep[];
  edits: Edit[];
  after: Checked;
}

/** "Fix all" (or "Fix all CODE in this file" with `code`): the verified first-group fixes, applied one after another. */
export function fixAllIn(result: CheckResult, options: CheckOptions, code?: string): FixAllResult {
  const from = snapshot(result);
  const { steps, last } = fixAll(from, rechecker(options), code ? (d) => d.code === code : undefined);
  const edits: Edit[] = [];
  for (const [file, before] of from.texts) {
    const after = last.texts.get(file);
    if (after === undefined || after === before) continue;
    edits.push(wholeChange(file, before, after));
  }
  return { steps, edits, after: last };
}

/** One edit that turns `before` into `after`: the part between their common start and end. */
function wholeChange(file: string, before: string, after: string): Edit {
  let prefix = commonPrefix(before, after);
  let suffix = commonSuffix(before, after, Math.min(before.length, after.length) - prefix);
  // Never between the halves of a line break or of a surrogate pair.
  const splits = (text: string, at: number) =>
    at > 0 && at < text.length && ((text[at - 1] === '\r' && text[at] === '\n') || /[\uD800-\uDBFF]/.test(text[at - 1]));
  while (prefix > 0 && splits(before, prefix)) prefix--;
  while (suffix > 0 && splits(before, before.length - suffix)) suffix--;
  return { file, span: { start: prefix, end: before.length - suffix }, newText: after.slice(prefix, after.length - suffix) };
}
