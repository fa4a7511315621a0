import type { Declaration } from '../syntax/ast.js';
import { keywordsOf, type Grammar, type HeaderShape } from '../syntax/grammar.js';
import { Syntax } from '../syntax/syntax.js';
import type { KindRegistry, KindSpec } from '../model/kind.js';
import type { AttributeSpec, BlockSpec } from '../model/schema.js';
import { units } from '../model/units.js';
import { datastoreKind } from './kinds/datastore.js';
import { importKind } from './kinds/import.js';
import { linkKind } from './kinds/link.js';
import { migrateKind } from './kinds/migrate.js';
import { networkKind } from './kinds/network.js';
import { policyKind } from './kinds/policy.js';
import { serviceKind } from './kinds/service.js';
import { siteKind } from './kinds/site.js';
import { vmKind } from './kinds/vm.js';

/**
 * A language: its declaration kinds, in the order their entities are built (what a kind resolves
 * against is built before it), and what follows from them: the grammar the syntax is built from,
 * each kind's schema and editor faces. `vmm` is the language of spec v2.0; a test can make one with
 * a kind of its own.
 */
export class Language implements KindRegistry {
  readonly kinds: readonly KindSpec[];
  readonly grammar: Grammar;
  private readonly byKeyword: ReadonlyMap<string, KindSpec>;
  private syntaxBuilt?: Syntax;

  constructor(kinds: readonly KindSpec[], groupWord = 'service') {
    this.kinds = Object.freeze([...kinds]);
    this.byKeyword = new Map(kinds.map((k) => [k.keyword, k]));
    const declarations = new Map<string, HeaderShape>(kinds.map((k) => [k.keyword, k.header]));
    this.grammar = Object.freeze({ declarations, groupWord, units: new Set(units.keys()), keywords: keywordsOf(declarations) });
  }

  /** The lexer, parsers and chunker of this language, built when first asked for. */
  get syntax(): Syntax {
    return (this.syntaxBuilt ??= new Syntax(this.grammar));
  }

  kind(keyword: string): KindSpec | undefined {
    return this.byKeyword.get(keyword);
  }

  isDeclarationKeyword(word: string): boolean {
    return this.byKeyword.has(word);
  }

  /** The kinds a reference may name, in the order they are tried: `vm-or-service` is a vm, else a service (spec §10). */
  referenced(kind: string): readonly string[] {
    return kind === 'vm-or-service' ? ['vm', 'service'] : [kind];
  }

  /** The keywords that start a declaration, in registry order. */
  get keywords(): string[] {
    return this.kinds.map((k) => k.keyword);
  }

  /** The attributes of a declaration kind, or of one of its blocks. */
  attributes(keyword: string, block?: string): readonly AttributeSpec[] {
    const kind = this.byKeyword.get(keyword);
    if (!kind) return [];
    return block === undefined ? kind.attributes : (kind.blocks.find((b) => b.name === block)?.attributes ?? []);
  }

  blocks(keyword: string): readonly BlockSpec[] {
    return this.byKeyword.get(keyword)?.blocks ?? [];
  }

  attribute(keyword: string, name: string, block?: string): AttributeSpec | undefined {
    return this.attributes(keyword, block).find((a) => a.name === name);
  }

  /** The outline's label of a declaration: its kind's own, else its name. */
  label(d: Declaration): string {
    const label = this.byKeyword.get(d.kind)?.editor.label?.(d) ?? d.name?.name;
    // An editor rejects a symbol with an empty name (`import "` with its path not yet typed): the keyword stands in.
    return label?.trim() ? label : d.kind;
  }

  /** A language with one more kind (a test's toy kind), built after the others. */
  with(kind: KindSpec): Language {
    return new Language([...this.kinds, kind], this.grammar.groupWord);
  }
}

/** The language of spec v2.0. */
export const vmm = new Language([importKind, policyKind, siteKind, linkKind, datastoreKind, networkKind, vmKind, serviceKind, migrateKind]);
