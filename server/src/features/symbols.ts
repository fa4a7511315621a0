import type { CheckResult } from '../checker.js';
import type { SourceFile } from '../model/findings.js';
import type { Declaration, Span } from '../syntax/ast.js';
import { AT, TO } from '../syntax/grammar.js';

/** The kind of a named thing: the keyword of the declaration kind that declares it (spec §10: vms and services share one namespace). */
export type SymbolKind = string;

export interface SymbolRef {
  kind: SymbolKind;
  name: string;
}

export interface Occurrence {
  file: SourceFile;
  span: Span;
  /** The declaring name rather than a use. */
  declaration: boolean;
}

/** The kind a declaration declares a name of, when its kind declares names. */
function declaredKind(result: CheckResult, d: Declaration): SymbolKind | undefined {
  return result.language.kind(d.kind)?.namespace !== undefined ? d.kind : undefined;
}

/** The namespace of a kind's names (a kind without one is its own). */
function namespace(result: CheckResult, kind: SymbolKind): string {
  return result.language.kind(kind)?.namespace ?? kind;
}

function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** The declaration of a symbol (the first, when duplicated), and its file. */
export function declarationOf(result: CheckResult, symbol: SymbolRef): { file: SourceFile; declaration: Declaration } | undefined {
  for (const file of result.files) {
    for (const d of file.tree.declarations) {
      const kind = declaredKind(result, d);
      if (kind && d.name?.name === symbol.name && namespace(result, kind) === namespace(result, symbol.kind)) return { file, declaration: d };
    }
  }
  return undefined;
}

/** The named thing at an offset of the checked file: a declared name or a reference (not a glob). */
export function symbolAt(result: CheckResult, offset: number): (SymbolRef & { span: Span }) | undefined {
  const file = result.file;
  for (const d of file.tree.declarations) {
    if (!contains(d.span, offset) && !(d.name && contains(d.name.span, offset))) continue;
    const kind = declaredKind(result, d);
    if (kind && d.name && contains(d.name.span, offset)) return { kind, name: d.name.name, span: d.name.span };
  }
  for (const r of result.model.references) {
    if (r.file !== file || r.glob || !contains(r.span, offset)) continue;
    const declared = declarationOf(result, { kind: r.kind, name: r.name });
    const kind = declared ? (declaredKind(result, declared.declaration) ?? r.kind) : r.kind;
    return { kind, name: r.name, span: r.span };
  }
  return undefined;
}

/** Every place a symbol is declared or named, in the checked file and what it imports. */
export function occurrences(result: CheckResult, symbol: SymbolRef): Occurrence[] {
  const found: Occurrence[] = [];
  for (const file of result.files) {
    for (const d of file.tree.declarations) {
      const kind = declaredKind(result, d);
      if (kind && d.name?.name === symbol.name && namespace(result, kind) === namespace(result, symbol.kind))
        found.push({ file, span: d.name.span, declaration: true });
    }
  }
  for (const r of result.model.references) {
    if (r.glob || r.name !== symbol.name || namespace(result, r.kind) !== namespace(result, symbol.kind)) continue;
    found.push({ file: r.file, span: r.span, declaration: false });
  }
  const seen = new Set<string>();
  return found
    .filter((o) => {
      const key = `${o.file.path}:${o.span.start}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file.path === b.file.path ? a.span.start - b.span.start : a.file.path < b.file.path ? -1 : 1));
}

const identifier = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Why a new name cannot be used, or undefined when it can. */
export function invalidNewName(result: CheckResult, symbol: SymbolRef, newName: string): string | undefined {
  if (!identifier.test(newName)) return `'${newName}' is not a valid name: letters, digits, '_', '.', '-', starting with a letter or '_'`;
  if (result.language.isDeclarationKeyword(newName) || newName === TO || newName === AT) return `'${newName}' is a keyword`;
  if (newName !== symbol.name && declarationOf(result, { kind: symbol.kind, name: newName })) {
    const sharing = result.language.kinds.filter((k) => k.namespace !== undefined && k.namespace === namespace(result, symbol.kind)).map((k) => k.keyword);
    return `a ${sharing.length > 1 ? sharing.join(' or ') : symbol.kind} named '${newName}' already exists`;
  }
  return undefined;
}
