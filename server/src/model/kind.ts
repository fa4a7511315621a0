import type { Declaration, Span } from '../syntax/ast.js';
import type { HeaderShape } from '../syntax/grammar.js';
import type { Origin } from './model.js';
import type { NameTable } from './names.js';
import type { Reading, Reporter } from './reading.js';
import type { AttributeSpec, BlockSpec, ReferenceKind } from './schema.js';
import type { Reference } from './values.js';

/** The outline's symbol kinds (LSP `SymbolKind` names) a declaration kind may show as. */
export type SymbolName = 'File' | 'Object' | 'Namespace' | 'Interface' | 'Struct' | 'Module' | 'Class' | 'Package' | 'Event' | 'Enum' | 'Field';

/** The semantic token types a declared name may be highlighted as (the server's legend has each). */
export type TokenName = 'namespace' | 'class' | 'type' | 'struct' | 'interface' | 'enumMember' | 'event' | 'variable';

/**
 * A declaration kind: everything the language knows of it, in one place. The registry of kinds
 * (language/registry.ts) hands the lexer, both parsers and the chunker their keywords and header
 * shapes, the model its schema and builders, and the editor's providers their faces.
 */
export interface KindSpec {
  /** The word that starts the declaration (spec §2). */
  keyword: string;
  header: HeaderShape;
  /** The namespace its names are declared in (spec §10: vms and services share `vm`); none where it has no name to declare. */
  namespace?: string;
  /** Shown in hover and completion. */
  doc: string;
  attributes: AttributeSpec[];
  blocks: BlockSpec[];
  /** How the editor shows it: its outline symbol, the token of its declared name, its snippet. */
  editor: {
    symbol: SymbolName;
    token?: TokenName;
    /** What completion inserts for the keyword (a snippet: `${1:name}` placeholders, `\t` for one indent). */
    snippet: string;
    /** The outline's label, where it is not the declared name. */
    label?(d: Declaration): string;
  };
  /**
   * Builds the entity of one declaration (its values read, its names resolved through the
   * context), or nothing where what stops it is reported. A kind without one declares names only.
   */
  build?(reading: Reading, context: BuildContext): Origin | undefined;
  /**
   * Whether a built entity may be kept for the next build of the document while its declaration
   * and everything it resolved and read are unchanged (not for a kind whose build reads other
   * declarations of its own kind, as an intent does).
   */
  keep?: boolean;
  /** What the "Declare it" fix of VMM005 writes for an unknown name of this kind. */
  skeleton?(name: string, site: string): string;
  /** For declarations that may appear once beside their names (two links between the same sites, two unnamed policies): the key two such share, and what VMM004 says of the second. */
  unique?(d: Declaration): { key: string; span: Span; message(first: string): string } | undefined;
}

/** The kinds of a language, as the model builder needs them. */
export interface KindRegistry {
  readonly kinds: readonly KindSpec[];
  kind(keyword: string): KindSpec | undefined;
  /** Whether a word starts a declaration (where no `=` follows it). */
  isDeclarationKeyword(word: string): boolean;
  /** The kinds a reference may name, in the order they are tried (`vm-or-service`: a vm, else a service). */
  referenced(kind: ReferenceKind): readonly string[];
}

/** What a kind's builder is given: the reading of its declaration resolved against every declared name. */
export interface BuildContext {
  report: Reporter;
  /** Resolves a reference, reporting VMM005 with did-you-mean and declare-it fixes; a glob gives its matches. */
  resolve(origin: Origin, reference: Reference, kind: ReferenceKind): string[];
  /** The first reference of an attribute, resolved. */
  resolveOne(reading: Reading, key: string, kind: ReferenceKind): string | undefined;
  /** `at SITE` or `site = SITE`, exactly one of the two (VMM004 for both, VMM006 for neither). */
  placement(reading: Reading): string | undefined;
  /** An entity of an earlier kind, by name (what a kept entity read must be the same object next time). */
  entity<T extends Origin>(kind: string, name: string): T | undefined;
  /** Every entity of a kind built so far, in declaration order (a kind that reads these is not kept). */
  entities<T extends Origin>(kind: string): readonly T[];
  /** The declared names of a kind. */
  names(kind: string): NameTable;
  /** State one build shares between the declarations of a kind (which intent already moves each vm). */
  scratch<T>(key: string, create: () => T): T;
}
