/**
 * What the syntax needs to know of the language: which words start a declaration and the shape of
 * each one's header. The language's registry of declaration kinds (language/registry.ts) hands it
 * to the lexer, both parsers and the chunker; nothing in syntax/ names a declaration keyword.
 */

/**
 * The header forms of spec §3. A kind picks one:
 * - `path`: `import "FILE"`
 * - `optional-name`: `policy [NAME] [body]`
 * - `name`: `site NAME [body]`
 * - `name-at`: `vm NAME [at SITE] [body]`
 * - `ends`: `link A <-> B [body]`
 * - `targets`: `migrate T, T to SITE [body]`, a target being `[GROUP] NAME_OR_GLOB`
 */
export type HeaderShape = 'path' | 'optional-name' | 'name' | 'name-at' | 'ends' | 'targets';

export interface Grammar {
  /** Each declaration keyword and its header's shape, in the order the kinds are registered. */
  readonly declarations: ReadonlyMap<string, HeaderShape>;
  /** The word that, in a `targets` header, names a group of vms (`service web`). */
  readonly groupWord: string;
  /** Unit words (`ms`, `GiB`, …): a number followed by one of them apart (`10 ms`) is a spaced quantity. */
  readonly units: ReadonlySet<string>;
  /** Every word the lexer makes a keyword token of: the declaration keywords, `to` and `at` (keywordsOf). */
  readonly keywords: ReadonlySet<string>;
}

/** The words a header reads besides names (spec §2): `migrate … to SITE`, `vm NAME at SITE`. */
export const TO = 'to';
export const AT = 'at';

/** The words the lexer makes keyword tokens of, for a grammar's `keywords`. */
export function keywordsOf(declarations: ReadonlyMap<string, HeaderShape>): ReadonlySet<string> {
  return new Set([...declarations.keys(), TO, AT]);
}
