import type { Declaration, Span } from '../syntax/ast.js';
import type { Analysis } from '../migration/analysis.js';
import type { Finding, Fix, Severity, SourceFile } from '../model/findings.js';
import type { Model } from '../model/model.js';
import type { Derive } from '../derived.js';
export { headerSpan } from '../syntax/spans.js';

/** A rule declares its code, a one-line summary, its default severity and the check; the checker does the rest. */
export interface Rule {
  code: string;
  severity: Severity;
  /** One line, shown in the docs index, SARIF and settings. */
  summary: string;
  check(context: RuleContext): void;
}

export interface Anchor {
  file: SourceFile;
  declaration: Declaration;
}

export interface RuleContext {
  model: Model;
  analysis: Analysis;
  /** Data derived from parts of the model, kept by the document's session while those parts are unchanged. */
  derive: Derive;
  /**
   * `vm`: the VM the diagnostic is about, when it names one (part of its identity, §7). `brief`: its
   * figures in a few words (`path RTT 165 ms > 150 ms`), for the titles of verified fixes.
   * `details`: what a shell may add to the message (VMM007: the path an import outside the folder resolves to).
   */
  report(
    anchor: { file: SourceFile; declaration?: Declaration },
    span: Span,
    message: string,
    fixes?: Fix[],
    vm?: string,
    brief?: string,
    details?: Pick<Finding, 'outside'>,
  ): void;
}

/** Rules whose findings come from reading the model (VMM002–VMM008) report what the reader found. */
export function reportFindings(code: string) {
  return (context: RuleContext): void => {
    for (const f of context.model.findings) {
      if (f.code === code) context.report(f, f.span, f.message, f.fixes, undefined, undefined, f.outside !== undefined ? { outside: f.outside } : undefined);
    }
  };
}

export type { Finding };
