import { analyse, type Analysis } from './migration/analysis.js';
import { buildModel } from './model/builder.js';
import { DocumentSession } from './session.js';
import { applyEdits, firstOnItsLine, insertLineAbove, isCommentLine, lineCommentOn } from './model/edits.js';
import type { Edit, Finding, Fix, Severity, SourceFile } from './model/findings.js';
import type { Model } from './model/model.js';
import { loadWithImports, noFiles, sourceFile, type FileSystem } from './load.js';
import { rules } from './rules/registry.js';
import type { Language } from './language/registry.js';
import type { Rule } from './rules/rule.js';
import type { Declaration } from './syntax/ast.js';
import type { Range } from './text.js';

export type SeveritySetting = Severity | 'off';

export interface CheckOptions {
  /** The workspace folder imports must stay in (VMM007). */
  workspace?: string;
  /**
   * Imports are not read at all, and this says why in each one's VMM007 (an untitled document has
   * no folder to read from; a file outside every workspace folder of the editor).
   */
  noImports?: string;
  fs?: FileSystem;
  /** Per-rule severity overrides, `"off"` included. */
  severities?: Record<string, SeveritySetting>;
  /** Where the rule pages are: the diagnostic links `${docsBase}/VMM301.md`. */
  docsBase?: string;
  /** What the document carries from one check to the next (the editor keeps one per open document); a new one by default. */
  session?: DocumentSession;
  /** Rules run after the registered ones: for tests only (a rule that throws, to see the others go on). */
  extraRules?: readonly Rule[];
}

export interface Diagnostic {
  file: string;
  range: Range;
  /** Offsets in the file's text. */
  span: { start: number; end: number };
  severity: Severity;
  code: string;
  message: string;
  /** Link to the rule's page, when a docs base was given. */
  href?: string;
  fixes: Fix[];
  /** The declaration it is anchored on (an intent, a network, a link, a datastore, …). */
  declaration?: Declaration;
  /** The VM it is about, when it names one: with the code and the declaration, its identity (§7). */
  vm?: string;
  /** Its figures in a few words (`path RTT 165 ms > 150 ms`): what a verified fix's title quotes. */
  brief?: string;
  /** Inserts `// vmm-ignore CODE` above the declaration the diagnostic is anchored on ("Silence CODE here"). */
  silence?: Edit;
  /** VMM007 of an import outside the workspace folder: the path it resolves to. */
  outside?: string;
}

export interface CheckResult {
  file: SourceFile;
  /** The language the file was checked in (its kinds' schema and editor faces serve the providers). */
  language: Language;
  files: SourceFile[];
  /** Every file the imports name (inside the folder), whether it could be read or not: the check depends on each. */
  imported: readonly string[];
  model: Model;
  analysis: Analysis;
  diagnostics: Diagnostic[];
}

const IGNORE = /^\/\/\s*vmm-ignore\s+((?:VMM\d{3}[\s,]*)+)/;

/**
 * Codes silenced on each declaration by `// vmm-ignore CODE reason` lines directly above it: the
 * comment-only lines above the line it starts on (a line inside a block comment, or one holding
 * `/* … *\/` before the `//`, is a comment line), up to a blank line or code. The declaration must
 * be the first code on its line (only comments before it), so that no layout the formatter gives
 * the same tokens changes what is silenced.
 */
function ignoredCodes(file: SourceFile): Map<Declaration, Set<string>> {
  const result = new Map<Declaration, Set<string>>();
  if (!file.tree.comments.some((c) => !c.block && IGNORE.test(c.text))) return result;
  for (const d of file.tree.declarations) {
    if (!firstOnItsLine(file, d)) continue;
    const codes = new Set<string>();
    for (let line = file.lines.position(d.span.start).line - 1; isCommentLine(file, line); line--) {
      const m = IGNORE.exec(lineCommentOn(file, line)?.text ?? '');
      if (m) for (const code of m[1].match(/VMM\d{3}/g) ?? []) codes.add(code);
    }
    if (codes.size > 0) result.set(d, codes);
  }
  return result;
}

const WORD_END = /[A-Za-z0-9_.-]$/;
const WORD_START = /^[A-Za-z0-9_.*%-]/;

/**
 * A fix's edit whose text would run into the token beside it gets a space there: `vcpus = 4B/sk`
 * (a rate, then the name `k`) with its unit removed reads `4 k`, not the quantity `4k`.
 */
function apart(text: string, edit: Edit): Edit {
  const before = text.slice(Math.max(0, edit.span.start - 1), edit.span.start);
  const after = text.slice(edit.span.end, edit.span.end + 1);
  const glued = (left: string, right: string) => WORD_END.test(left) && WORD_START.test(right);
  let newText = edit.newText;
  if (glued(newText || before, after)) newText += ' ';
  if (newText.trim() && glued(before, newText)) newText = ' ' + newText;
  return newText === edit.newText ? edit : { ...edit, newText };
}

/**
 * An insertion at the very start of a text that begins with a byte order mark goes after it: the
 * mark stays the file's first character (in the middle of a file it would be text, and vmm format
 * would drop it as a blank).
 */
function afterBom(text: string, edit: Edit): Edit {
  if (edit.span.start !== 0 || edit.span.end !== 0 || text.charCodeAt(0) !== 0xfeff) return edit;
  return { ...edit, span: { start: 1, end: 1 } };
}

/** Checks one file (and what it imports): text in, model and diagnostics out. */
export function check(path: string, text: string, options: CheckOptions = {}): CheckResult {
  const findings: Finding[] = [];
  const session = options.session ?? new DocumentSession();
  const root = sourceFile(path, text, session.parser);
  const imported = new Set<string>();
  const files = loadWithImports(
    root,
    options.workspace,
    options.fs ?? noFiles,
    findings,
    session.imports,
    session.language.syntax,
    options.noImports,
    imported,
  );
  const model = buildModel(files, session.language, session.memo);
  const derive = session.derived.derive;
  const analysis = analyse(model, derive);
  for (const error of root.tree.errors) findings.push({ code: 'VMM001', file: root, span: error.span, message: error.message });
  model.findings.push(...findings);

  const diagnostics: Diagnostic[] = [];
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const ignored = ignoredCodes(root);
  const severities = options.severities ?? {};
  const emit = (code: string, severity: Severity, f: Omit<Finding, 'code'>, vm?: string, brief?: string) => {
    if (f.file !== root) return;
    if (f.declaration && ignored.get(f.declaration)?.has(code)) return;
    diagnostics.push({
      file: root.path,
      range: root.lines.range(f.span.start, f.span.end),
      span: { start: f.span.start, end: f.span.end }, // a copy: the tree's own spans move with the next edit
      severity,
      code,
      message: f.message,
      href: options.docsBase ? `${options.docsBase.replace(/\/$/, '')}/${code}.md` : undefined,
      fixes: (f.fixes ?? []).map((fix) => ({ ...fix, edits: fix.edits.map((e) => afterBom(texts.get(e.file) ?? '', apart(texts.get(e.file) ?? '', e))) })),
      declaration: f.declaration,
      vm,
      brief,
      ...(f.outside !== undefined ? { outside: f.outside } : {}),
      silence: f.declaration && code !== 'VMM001' ? afterBom(root.text, insertLineAbove(root, f.declaration, `// vmm-ignore ${code} <reason>`)) : undefined,
    });
  };
  for (const rule of [...rules, ...(options.extraRules ?? [])]) {
    const setting = severities[rule.code] ?? rule.severity;
    if (setting === 'off') continue;
    const report = (
      anchor: { file: SourceFile; declaration?: Declaration },
      span: { start: number; end: number },
      message: string,
      fixes?: Fix[],
      vm?: string,
      brief?: string,
      details?: Pick<Finding, 'outside'>,
    ) => emit(rule.code, setting, { file: anchor.file, declaration: anchor.declaration, span, message, fixes, ...details }, vm, brief);
    try {
      rule.check({ model, analysis, derive, report });
    } catch (error) {
      // One broken rule must not take the others down: say so on the file and go on.
      const message = error instanceof Error ? error.message : String(error);
      emit(rule.code, 'error', { file: root, span: { start: 0, end: 0 }, message: `internal error in rule ${rule.code}: ${message} (please report it)` });
    }
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  return { file: root, files, imported: [...imported], model, analysis, diagnostics, language: session.language };
}

/**
 * The check of some files with edits applied: a verified quick-fix's copy (spec §7). `texts` are the
 * files as the check that offered the edits read them; `options.session` is the document's, and the
 * copy is checked in its `copies` session, so that the document's own check stays as it is. Files
 * the edits do not touch are read as `options.fs` reads them. Undefined when an edit overlaps
 * another or aims at a file the check did not read.
 */
export function recheck(root: string, texts: ReadonlyMap<string, string>, edits: readonly Edit[], options: CheckOptions): CheckResult | undefined {
  const edited = new Map<string, string>();
  for (const file of new Set(edits.map((e) => e.file))) {
    const text = texts.get(file);
    if (text === undefined) return undefined;
    const after = applyEdits(
      text,
      edits.filter((e) => e.file === file),
    );
    if (after === undefined) return undefined;
    edited.set(file, after);
  }
  const base = options.fs ?? noFiles;
  const confined = base.readConfined?.bind(base);
  const fs: FileSystem = {
    readFile: (file) => edited.get(file) ?? texts.get(file) ?? base.readFile(file),
    // A file the copy does not hold is read as the document's check reads it: judged by the real path of what is opened.
    readConfined: confined
      ? (file, allowed) => {
          const text = edited.get(file) ?? texts.get(file);
          return text !== undefined ? { text } : confined(file, allowed);
        }
      : undefined,
    realPath: base.realPath ? (file) => base.realPath?.(file) : undefined,
    size: (file) => {
      const text = edited.get(file) ?? texts.get(file);
      return text !== undefined ? text.length : base.size?.(file);
    },
    paths: base.paths,
  };
  const session = (options.session ?? new DocumentSession()).copies;
  return check(root, edited.get(root) ?? texts.get(root) ?? '', { ...options, fs, session });
}
