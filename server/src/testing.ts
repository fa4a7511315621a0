/**
 * Test helpers: mark ranges in test text with `[|` and `|]`, check it, and compare what a user sees
 * (code, marked range, message), or apply a quick-fix and read the resulting text.
 */
import assert from 'node:assert/strict';
import { check, type CheckOptions, type CheckResult, type Diagnostic } from './checker.js';
import type { Fix } from './model/findings.js';
import { buildPlan } from './plan/plan.js';
import { exportPlan, type ExportFormat, type ExportResult, type ForkliftOptions } from './plan/exports/index.js';
import { profileFigures, profiles, type PolicyFigures, type ProfileName } from './model/engines.js';
import { migrationRates } from './migration/rates.js';
import { precopy, precopyInputs, type Precopy, type PrecopyVm } from './migration/precopy.js';

export interface Marked {
  text: string;
  spans: { start: number; end: number }[];
}

/** Strips `[|…|]` markers, returning the clean text and the marked spans in order. */
export function marked(source: string): Marked {
  const spans: { start: number; end: number }[] = [];
  let text = '';
  const open: number[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('[|', i)) {
      open.push(text.length);
      i++;
    } else if (source.startsWith('|]', i)) {
      spans.push({ start: open.pop()!, end: text.length });
      i++;
    } else text += source[i];
  }
  spans.sort((a, b) => a.start - b.start);
  return { text, spans };
}

export function checkText(text: string, options: CheckOptions = {}): CheckResult {
  return check('/workspace/test.vmm', text, { workspace: '/workspace', ...options });
}

export function diagnostics(text: string, code?: string, options?: CheckOptions): Diagnostic[] {
  return checkText(text, options).diagnostics.filter((d) => code === undefined || d.code === code);
}

/** Asserts that `code` is reported exactly on the marked ranges, with these messages (in order). */
export function expectDiagnostics(source: string, code: string, messages: string[], options?: CheckOptions): Diagnostic[] {
  const { text, spans } = marked(source);
  const found = diagnostics(text, code, options);
  assert.deepEqual(
    found.map((d) => ({ code: d.code, text: text.slice(d.span.start, d.span.end), span: d.span, message: d.message })),
    spans.map((s, i) => ({ code, text: text.slice(s.start, s.end), span: s, message: messages[i] })),
  );
  return found;
}

/** Asserts that `code` is not reported. */
export function expectNone(text: string, code: string, options?: CheckOptions): void {
  const found = diagnostics(marked(text).text, code, options);
  assert.deepEqual(
    found.map((d) => d.message),
    [],
    `expected no ${code}`,
  );
}

/** Applies the edits of a fix (all in one file) to the text. */
export function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const e of edits) result = result.slice(0, e.span.start) + e.newText + result.slice(e.span.end);
  return result;
}

/** Finds the fix whose title starts with `title` on the first `code` diagnostic and applies it. */
export function fixed(text: string, code: string, title: string, options?: CheckOptions): { text: string; fix: Fix } {
  const d = diagnostics(text, code, options)[0];
  assert.ok(d, `no ${code} to fix`);
  const fix = d.fixes.find((f) => f.title.startsWith(title));
  assert.ok(fix, `no fix starting '${title}' among: ${d.fixes.map((f) => f.title).join(' | ')}`);
  return { text: applyFix(text, fix), fix };
}

/** The plan of a text without errors exported to `format` (spec §12); fails when it has errors. */
export function exportOf(format: ExportFormat, text: string, options?: ForkliftOptions): ExportResult {
  const result = checkText(text);
  const planned = buildPlan(result);
  assert.ok(planned.ok, planned.ok ? '' : planned.errors.map((e) => `${e.code} ${e.message}`).join('\n'));
  return exportPlan(format, result, planned.plan, options);
}

/** The export's text; fails when there is none. */
export function exportTextOf(format: ExportFormat, text: string, options?: ForkliftOptions): string {
  const e = exportOf(format, text, options);
  assert.ok(e.ok, e.ok ? '' : e.message);
  return e.text;
}

/** One VM's live migration under a profile's own figures (with `written` over them) over one path, alone on it: rates, then pre-copy. */
export function liveMigration(profile: ProfileName, vm: PrecopyVm, path: { bandwidth: number; rtt: number }, written: Partial<PolicyFigures> = {}): Precopy {
  const policy = { ...profileFigures(profile), ...written };
  const fixed = profiles[profile].fixed;
  const rates = migrationRates({
    pathBandwidth: path.bandwidth,
    pathRtt: path.rtt,
    concurrent: 1,
    ...policy,
    liftsRateCapForFinalRound: fixed.liftsRateCapForFinalRound,
  });
  return precopy(precopyInputs(vm, policy, fixed, rates));
}
