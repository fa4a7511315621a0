import type { ILexingResult } from 'chevrotain';
import type { SyntaxTree } from './ast.js';
import type { Grammar } from './grammar.js';
import { chunkStarts, IncrementalParser, parseFile } from './incremental.js';
import { ChunkParser } from './parser.js';

/**
 * The syntax of one language: its lexer, both parsers (fast path and chevrotain) and its chunker,
 * all built from the grammar its registry of declaration kinds gives (language/registry.ts).
 */
export class Syntax {
  readonly chunks: ChunkParser;

  constructor(readonly grammar: Grammar) {
    this.chunks = new ChunkParser(grammar);
  }

  /** The tree of a whole file, parsed chunk by chunk. */
  parse(text: string): SyntaxTree {
    return parseFile(text, this.chunks);
  }

  /** Where each top-level chunk of declarations starts. */
  chunkStarts(text: string): number[] {
    return chunkStarts(text, this.grammar);
  }

  /** A parser for one document that re-parses only what an edit touched. */
  incremental(): IncrementalParser {
    return new IncrementalParser(this.chunks);
  }

  /** The chevrotain tokens of a text (completion and formatting read them). */
  tokenize(text: string): ILexingResult {
    return this.chunks.tokens.lexer.tokenize(text);
  }

  /** Whether a word starts a declaration (where no `=` follows it). */
  isDeclarationKeyword(word: string): boolean {
    return this.grammar.declarations.has(word);
  }
}
