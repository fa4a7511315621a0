import type { CheckResult, Diagnostic } from '../checker.js';
import type { Edit, Fix, Severity } from '../model/findings.js';
import { rules } from '../rules/registry.js';

/**
 * Spec §7 "Quick-fixes are verified": a fix is a promise, so before it is offered its edits are
 * applied to a copy of the files and the copy is checked. A fix is offered only when the copy no
 * longer has the diagnostic it is attached to; its title then says what the copy still has on the
 * same declaration (`— leaves …`) and what it has anywhere that the file did not (`— adds …`).
 */

/**
 * A check as it was when it was made: the texts it read and where each diagnostic's declaration
 * started. A session's trees move with its next check (its file object is the document's for life),
 * so what a verification compares is taken down at once.
 */
export interface Checked {
  result: CheckResult;
  texts: ReadonlyMap<string, string>;
  /** The start of each diagnostic's declaration, by the diagnostic's index. */
  starts: readonly (number | undefined)[];
}

export function snapshot(result: CheckResult): Checked {
  return {
    result,
    texts: new Map(result.files.map((f) => [f.path, f.text])),
    starts: result.diagnostics.map((d) => d.declaration?.span.start),
  };
}

/** Checks the files of a check with the edits applied (in a session of its own); undefined when the edits cannot be applied. */
export type Recheck = (from: Checked, edits: readonly Edit[]) => Checked | undefined;

/** A fix that passed its re-check: its title states what it leaves and adds, its group the worst of those. */
export interface VerifiedFix extends Fix {
  /** The diagnostic it is attached to. */
  diagnostic: Diagnostic;
  /** 0: leaves and adds nothing; 1: warnings only; 2: an error. */
  group: 0 | 1 | 2;
  /** What the copy still has on the declaration, and what it has that the file had not (errors and warnings). */
  leaves: Diagnostic[];
  adds: Diagnostic[];
  /** The check of the copy: what the file is after the fix ("Fix all" goes on from it). */
  after: Checked;
}

/** The table row of each code (rules are registered in code order, which is the table's). */
function rowOf(code: string): number {
  const index = rules.findIndex((r) => r.code === code);
  return index < 0 ? rules.length : index;
}

/** Where an offset of the text before the edits lands in the text after them (edits of one file, not overlapping). */
export function mapOffset(offset: number, edits: readonly Edit[]): number {
  let delta = 0;
  for (const e of edits) {
    // An edit before it, or an insertion at it, moves it; one that replaces it puts it at the edit's start.
    if (e.span.end <= offset) delta += e.newText.length - (e.span.end - e.span.start);
    else if (e.span.start <= offset) return e.span.start + delta;
  }
  return offset + delta;
}

/**
 * A diagnostic's identity (§7): its code, the declaration it is anchored on and the VM it names.
 * Declarations are named by where they start (in the copy's terms: a start before the edits is
 * mapped through them); a diagnostic anchored on nothing (a syntax error) by its message.
 */
function identity(d: Diagnostic, start: number | undefined): string {
  const where = start !== undefined ? String(start) : `:${d.message}`;
  return `${d.code}\u0000${where}\u0000${d.vm ?? ''}`;
}

const listed = (d: Diagnostic) => d.severity !== 'info';

/** `VMM101 (path RTT 165 ms > 150 ms), VMM203 (…) and 2 more`. */
function names(found: readonly Diagnostic[]): string {
  const shown = found.slice(0, 2).map((d) => `${d.code} (${d.brief ?? shortened(d.message)})`);
  const more = found.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(' and ');
}

/** A message without a brief of its own, in a title: up to its first `: `, at most about 80 characters. */
function shortened(message: string): string {
  const colon = message.indexOf(': ');
  const head = colon > 0 ? message.slice(0, colon) : message;
  if (head.length <= 80) return head;
  const cut = head.lastIndexOf(' ', 79);
  return `${head.slice(0, cut > 40 ? cut : 79)}…`;
}

/** What the title says when the fix leaves the declaration with nothing and adds nothing. */
function cleanWords(d: Diagnostic): string {
  const kind = d.declaration?.kind;
  if (kind === 'migrate') return 'leaves the intent clean';
  return kind ? `leaves the ${kind} clean` : 'leaves the file clean';
}

/**
 * One fix of the diagnostic at `index`, verified: undefined when its edits cannot be applied or the
 * copy still has the diagnostic it is attached to; otherwise its title with what it leaves and adds.
 */
export function verifyFix(from: Checked, index: number, fix: Fix, recheck: Recheck): VerifiedFix | undefined {
  const d = from.result.diagnostics[index];
  const rootEdits = fix.edits.filter((e) => e.file === from.result.file.path).sort((a, b) => a.span.start - b.span.start);
  const moved = (start: number | undefined) => (start === undefined ? undefined : mapOffset(start, rootEdits));
  const had = new Set(from.result.diagnostics.map((x, i) => identity(x, moved(from.starts[i]))));
  const mine = identity(d, moved(from.starts[index]));
  const anchor = moved(from.starts[index]);
  const after = recheck(from, fix.edits);
  if (!after) return undefined;
  const leaves: Diagnostic[] = [];
  const adds: Diagnostic[] = [];
  for (const [i, x] of after.result.diagnostics.entries()) {
    const id = identity(x, after.starts[i]);
    if (id === mine) return undefined; // the promise is broken: its own diagnostic is still there
    if (!listed(x)) continue;
    if (!had.has(id)) adds.push(x);
    else if (anchor !== undefined && after.starts[i] === anchor) leaves.push(x);
  }
  const worst = (found: Diagnostic[], severity: Severity) => found.some((x) => x.severity === severity);
  const group = worst(leaves, 'error') || worst(adds, 'error') ? 2 : leaves.length + adds.length > 0 ? 1 : 0;
  const parts: string[] = [];
  if (leaves.length > 0) parts.push(`leaves ${names(leaves)}`);
  if (adds.length > 0) parts.push(`adds ${names(adds)}`);
  if (parts.length === 0) parts.push(cleanWords(d));
  return { ...fix, title: `${fix.title} — ${parts.join(' — ')}`, diagnostic: d, group, leaves, adds, after };
}

/**
 * The lightbulb on some diagnostics (their indexes in the check): every fix verified, in three
 * groups by the worst severity it leaves or adds (nothing, warnings only, errors), within a group by
 * the table row of the diagnostic it is attached to, then in the order of that row's quick-fixes.
 * The same edits offered for two diagnostics are offered once. "Silence" is not here: the caller
 * puts it last.
 */
export function verifiedFixes(from: Checked, indexes: readonly number[], recheck: Recheck): VerifiedFix[] {
  const found: { fix: VerifiedFix; order: number }[] = [];
  const seen = new Set<string>();
  for (const index of indexes) {
    from.result.diagnostics[index].fixes.forEach((fix, order) => {
      const key = JSON.stringify(fix.edits);
      if (seen.has(key)) return;
      const verified = verifyFix(from, index, fix, recheck);
      if (!verified) return;
      seen.add(key);
      found.push({ fix: verified, order });
    });
  }
  found.sort((a, b) => a.fix.group - b.fix.group || rowOf(a.fix.diagnostic.code) - rowOf(b.fix.diagnostic.code) || a.order - b.order);
  return found.map((f) => f.fix);
}

/** One step of "Fix all": the fix applied and the diagnostic it was attached to. */
export interface FixStep {
  diagnostic: Diagnostic;
  fix: VerifiedFix;
}

/**
 * "Fix all" (§7): the file's diagnostics in document order; for each one still there, its first
 * fix as the lightbulb lists it, when that fix is in the first group (it leaves and adds nothing),
 * re-checking after each; never "Silence". `only` limits it to some diagnostics ("Fix all VMM301"). Returns the steps taken and the last check (the file as it ends).
 */
export function fixAll(from: Checked, recheck: Recheck, only?: (d: Diagnostic) => boolean): { steps: FixStep[]; last: Checked } {
  const steps: FixStep[] = [];
  let current = from;
  // Each diagnostic of the file is followed through the edits made so far, by its identity.
  const moves: Edit[][] = [];
  const placeNow = (start: number | undefined) => (start === undefined ? undefined : moves.reduce((offset, edits) => mapOffset(offset, edits), start));
  for (const [i, original] of from.result.diagnostics.entries()) {
    if (original.fixes.length === 0 || (only && !only(original))) continue;
    const wanted = identity(original, placeNow(from.starts[i]));
    const index = current.result.diagnostics.findIndex((x, j) => identity(x, current.starts[j]) === wanted);
    if (index < 0) continue;
    const d = current.result.diagnostics[index];
    const [fix] = verifiedFixes(current, [index], recheck);
    if (!fix || fix.group !== 0) continue;
    steps.push({ diagnostic: d, fix });
    moves.push(fix.edits.filter((e) => e.file === from.result.file.path).sort((a, b) => a.span.start - b.span.start));
    current = fix.after;
  }
  return { steps, last: current };
}
