import type { CheckResult } from '../checker.js';
import type { DeclarationKind } from '../syntax/ast.js';
import { headerSpan } from '../syntax/spans.js';
import type { Range } from '../text.js';
import type { SymbolName } from '../model/kind.js';

/** A declaration found by a workspace symbol search. */
export interface FoundSymbol {
  name: string;
  kind: DeclarationKind;
  /** Its kind's outline symbol (the registry's editor face). */
  symbol: SymbolName;
  /** The path of the file declaring it. */
  file: string;
  /** Its name, or its header when it has none. */
  range: Range;
}

/** At most this many: a query of one letter in a large estate matches every declaration. */
const MAX_FOUND = 1000;

/**
 * The declarations (imports left out) of the checked files and of the files they import, each file
 * once, whose label holds the query's characters in order (case-insensitive).
 */
export function workspaceSymbols(results: Iterable<CheckResult>, query: string): FoundSymbol[] {
  const wanted = query.toLowerCase();
  const matches = (name: string) => {
    let i = 0;
    for (const c of name.toLowerCase()) if (i < wanted.length && c === wanted[i]) i++;
    return i === wanted.length;
  };
  const seen = new Set<string>();
  const found: FoundSymbol[] = [];
  for (const result of results) {
    for (const file of result.files) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      for (const d of file.tree.declarations) {
        const kind = result.language.kind(d.kind);
        if (!kind || kind.header === 'path') continue;
        const name = result.language.label(d);
        if (!matches(name)) continue;
        const span = d.name?.span ?? headerSpan(d);
        found.push({ name, kind: d.kind, symbol: kind.editor.symbol, file: file.path, range: file.lines.range(span.start, span.end) });
      }
    }
  }
  return found.slice(0, MAX_FOUND);
}
