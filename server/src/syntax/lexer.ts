import { createToken, Lexer, type TokenType } from 'chevrotain';
import type { Grammar } from './grammar.js';

// Every identifier-like token (plain names and keywords) belongs to this category: inside a body
// keywords are ordinary attribute names (`site = dc1`), spec §2.
export const AnyIdent = createToken({ name: 'AnyIdent', pattern: Lexer.NA });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_.-]*/,
  categories: [AnyIdent],
});

function keyword(word: string): TokenType {
  return createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [AnyIdent],
  });
}

export const To = keyword('to');
export const At = keyword('at');

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\uFEFF]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments' });
// An unterminated block comment runs to the end of the file; it is reported, not silently swallowed.
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'comments' });

export const Arrow = createToken({ name: 'Arrow', pattern: /<->/ });
export const LCurly = createToken({ name: 'LCurly', pattern: /{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /}/ });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\.)*"/ });
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\r\n]|\\.)*/ });

// Digits followed directly by letters (or `%`, or a `/s` rate suffix) always lex as one quantity,
// whatever the letters are: an unknown unit is VMM003, never a syntax error (spec §2).
export const Quantity = createToken({
  name: 'Quantity',
  pattern: /-?[0-9]+(?:\.[0-9]+)?(?:%|[A-Za-z_][A-Za-z0-9_]*(?:\/s)?)/,
});
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /-?[0-9]+(?:\.[0-9]+)?/ });

/** The length of the number a Quantity or NumberLiteral token starts with (`-1.5` of `-1.5GiB`); 0 for a text without one. */
export function numberLength(image: string): number {
  return /^-?[0-9]+(?:\.[0-9]+)?/.exec(image)?.[0].length ?? 0;
}
export const Glob = createToken({ name: 'Glob', pattern: /[A-Za-z_][A-Za-z0-9_.-]*\*/ });
// `50 %` and `10 MB/s`: a unit standing apart from its number. Lexed so that the parser can read it
// as a spaced quantity (VMM003 "remove the space", spec §2), not as an unexpected character.
export const Percent = createToken({ name: 'Percent', pattern: /%/ });
export const RateUnit = createToken({ name: 'RateUnit', pattern: /[A-Za-z]+\/s/ });

/** The tokens of one grammar: a keyword token per declaration keyword, then the shared ones. */
export interface GrammarTokens {
  /** Declaration keyword → its token type, in the grammar's order. */
  readonly keywords: ReadonlyMap<string, TokenType>;
  /** The declaration keywords' token types, in the grammar's order. */
  readonly declarationTypes: readonly TokenType[];
  readonly all: readonly TokenType[];
  readonly lexer: Lexer;
}

/** Builds the lexer of a grammar (analysing every token pattern costs ~20 ms: done once per grammar, when first needed). */
export function grammarTokens(grammar: Grammar): GrammarTokens {
  const keywords = new Map<string, TokenType>();
  for (const word of grammar.declarations.keys()) keywords.set(word, keyword(word));
  const declarationTypes = [...keywords.values()];
  const all: TokenType[] = [
    WhiteSpace,
    LineComment,
    BlockComment,
    UnterminatedComment,
    Arrow,
    LCurly,
    RCurly,
    Equals,
    Comma,
    Semicolon,
    StringLiteral,
    UnterminatedString,
    Quantity,
    NumberLiteral,
    Percent,
    RateUnit,
    Glob,
    ...declarationTypes,
    To,
    At,
    Identifier,
    AnyIdent,
  ];
  const lexer = new Lexer(all, { positionTracking: 'onlyOffset', ensureOptimizations: true });
  return { keywords, declarationTypes, all, lexer };
}
