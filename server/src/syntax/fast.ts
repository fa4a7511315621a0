import {
  Attribute,
  Block,
  Body,
  Declaration,
  GlobValue,
  IdentValue,
  Name,
  NumberValue,
  Path,
  QuantityValue,
  StringValue,
  Target,
  type Comment,
  type SyntaxTree,
  type Value,
} from './ast.js';
import { AT, TO, type Grammar, type HeaderShape } from './grammar.js';
import { finishSpans } from './spans.js';

/**
 * The fast path of the parser: a hand-written scanner and recursive-descent reader for the text
 * nearly every declaration of a real estate is, well-formed. It gives up (returns undefined) at the
 * first thing it is not certain of (any syntax error, a keyword used as a name, a unit standing
 * apart from its number, a character outside the grammar, deep nesting), and the chevrotain parser,
 * with its error recovery and messages, reads that chunk instead. Where it does not give up, its
 * tree is exactly the one the chevrotain parser builds, field for field and in the same key order
 * (a test compares the two on every sample, the benchmark estates and every fuzzed input).
 *
 * Why: chevrotain lexes by regular expressions, makes a token object per token and closures per
 * rule call; on the 23,830 declarations of a 20k-VM estate this reads them in 81 ms against its
 * 282 ms (434 against 805 ms when the trees are kept, allocating them then dominating both).
 */

const EOF = 0;
const WORD = 1;
const GLOB = 2;
const QUANTITY = 3;
const NUMBER = 4;
const STRING = 5;
const ARROW = 6;
const LCURLY = 7;
const RCURLY = 8;
const EQUALS = 9;
const COMMA = 10;
const SEMI = 11;

/** Nesting beyond which the chevrotain parser (which knows the limit and its error) reads the chunk. */
const MAX_FAST_NESTING = 16;

class GiveUp extends Error {}
const giveUp = new GiveUp('not for the fast path');

/**
 * `"a\"b"` → `a"b`, `"a\\"` → `a\` (shared with the chevrotain parser). `closed`: the literal has
 * its closing quote (the lexer says so: an unterminated string runs to the end of its line).
 */
export function unescape(literal: string, closed = true): string {
  const inner = literal.slice(1, closed ? -1 : undefined);
  return inner.indexOf('\\') < 0 ? inner : inner.replace(/\\(.)/g, '$1');
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordStart = (c: number) => isLetter(c) || c === 95;
const isUnitChar = (c: number) => isLetter(c) || isDigit(c) || c === 95;
const isWordChar = (c: number) => isUnitChar(c) || c === 46 || c === 45;
/** Line terminators for a regular expression's `.`, which a string's `\` may not escape. */
const isLineTerminator = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

interface Tokens {
  types: number[];
  starts: number[];
  ends: number[];
  comments: Comment[];
}

/** Tokens of the chunk, as chevrotain's lexer would make them; throws `giveUp` at anything else. */
function scan(text: string): Tokens {
  const types: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const comments: Comment[] = [];
  const n = text.length;
  let i = 0;
  const push = (type: number, start: number, end: number) => {
    types.push(type);
    starts.push(start);
    ends.push(end);
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) {
      i++;
    } else if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        let j = i + 2;
        while (j < n) {
          const e = text.charCodeAt(j);
          if (e === 10 || e === 13) break;
          j++;
        }
        comments.push({ text: text.slice(i, j), span: { start: i, end: j }, block: false });
        i = j;
      } else if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) throw giveUp;
        comments.push({ text: text.slice(i, close + 2), span: { start: i, end: close + 2 }, block: true });
        i = close + 2;
      } else throw giveUp;
    } else if (c === 123) {
      push(LCURLY, i, ++i);
    } else if (c === 125) {
      push(RCURLY, i, ++i);
    } else if (c === 61) {
      push(EQUALS, i, ++i);
    } else if (c === 44) {
      push(COMMA, i, ++i);
    } else if (c === 59) {
      push(SEMI, i, ++i);
    } else if (c === 60 /* < */) {
      if (text.charCodeAt(i + 1) !== 45 || text.charCodeAt(i + 2) !== 62) throw giveUp;
      push(ARROW, i, (i += 3));
    } else if (c === 34 /* " */) {
      let j = i + 1;
      for (;;) {
        if (j >= n) throw giveUp; // unterminated
        const e = text.charCodeAt(j);
        if (e === 34) break;
        if (e === 10 || e === 13) throw giveUp;
        if (e === 92) {
          if (j + 1 >= n || isLineTerminator(text.charCodeAt(j + 1))) throw giveUp;
          j += 2;
        } else j++;
      }
      push(STRING, i, (i = j + 1));
    } else if (isDigit(c) || (c === 45 && isDigit(text.charCodeAt(i + 1)))) {
      const start = i;
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const u = text.charCodeAt(i);
      if (u === 37 /* % */) {
        push(QUANTITY, start, ++i);
      } else if (isWordStart(u)) {
        i++;
        while (i < n && isUnitChar(text.charCodeAt(i))) i++;
        if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 115) i += 2; // `/s`
        push(QUANTITY, start, i);
      } else push(NUMBER, start, i);
    } else if (isWordStart(c)) {
      // A run of letters directly followed by `/s` is the lexer's RateUnit (`MB/s`, a unit apart).
      let letters = i;
      while (letters < n && isLetter(text.charCodeAt(letters))) letters++;
      if (letters > i && text.charCodeAt(letters) === 47 && text.charCodeAt(letters + 1) === 115) throw giveUp;
      const start = i;
      i++;
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 42 /* * */) push(GLOB, start, ++i);
      else push(WORD, start, i);
    } else throw giveUp;
  }
  push(EOF, n, n);
  return { types, starts, ends, comments };
}

class Reader {
  private at = 0;
  readonly declarations: Declaration[] = [];
  private depth = 0;

  /** Every word the lexer makes a keyword token of. */
  private readonly keywords: ReadonlySet<string>;

  constructor(
    private readonly text: string,
    private readonly t: Tokens,
    private readonly grammar: Grammar,
  ) {
    this.keywords = grammar.keywords;
  }

  private type(k = 0): number {
    return this.t.types[this.at + k] ?? EOF;
  }

  private image(k = 0): string {
    return this.text.slice(this.t.starts[this.at + k], this.t.ends[this.at + k]);
  }

  /** A plain name (not a keyword, which the lexer and its keyword rules treat apart). */
  private name(): Name {
    if (this.type() !== WORD) throw giveUp;
    const word = this.image();
    if (this.keywords.has(word)) throw giveUp;
    const name = new Name(word, this.t.starts[this.at], this.t.ends[this.at]);
    this.at++;
    return name;
  }

  private isWord(word: string, k = 0): boolean {
    return this.type(k) === WORD && this.image(k) === word;
  }

  file(): void {
    for (;;) {
      const type = this.type();
      if (type === EOF) return;
      if (type === SEMI) {
        this.at++;
        continue;
      }
      if (type !== WORD) throw giveUp;
      const keyword = this.image();
      const shape = this.grammar.declarations.get(keyword);
      if (!shape) throw giveUp;
      this.declaration(keyword, shape);
    }
  }

  private declaration(kind: string, shape: HeaderShape): void {
    const d = new Declaration(kind, this.t.starts[this.at], this.t.ends[this.at]);
    this.at++;
    this.declarations.push(d);
    switch (shape) {
      case 'path': {
        if (this.type() !== STRING) throw giveUp;
        d.path = new Path(unescape(this.image()), this.t.starts[this.at], this.t.ends[this.at]);
        this.at++;
        return this.finish(d, false);
      }
      case 'optional-name':
        if (this.type() === WORD) d.name = this.name();
        break;
      case 'name':
        d.name = this.name();
        break;
      case 'name-at':
        d.name = this.name();
        if (this.isWord(AT)) {
          this.at++;
          d.at = this.name();
        }
        break;
      case 'ends': {
        const a = this.name();
        d.ends = [a, undefined];
        if (this.type() !== ARROW) throw giveUp;
        this.at++;
        d.ends[1] = this.name();
        break;
      }
      case 'targets': {
        const targets: Target[] = [];
        d.targets = targets;
        for (;;) {
          let service: number | undefined;
          if (this.isWord(this.grammar.groupWord)) {
            service = this.t.starts[this.at];
            this.at++;
          }
          const type = this.type();
          if (type !== GLOB && type !== WORD) throw giveUp;
          const name = type === GLOB ? this.image() : this.name().name;
          if (type === GLOB) this.at++;
          const end = this.t.ends[this.at - 1];
          targets.push(new Target(service !== undefined, name, type === GLOB, service ?? end - name.length, end));
          if (this.type() !== COMMA) break;
          this.at++;
        }
        if (!this.isWord(TO)) throw giveUp;
        this.at++;
        d.to = this.name();
        break;
      }
    }
    this.finish(d, true);
  }

  /** The optional body, then what may follow a declaration: another one, `;` or the end. */
  private finish(d: Declaration, bodied: boolean): void {
    if (bodied && this.type() === LCURLY) this.body(d);
    const next = this.type();
    if (next !== EOF && next !== SEMI && !(next === WORD && this.grammar.declarations.has(this.image()))) throw giveUp;
    finishSpans(d);
  }

  private body(owner: Declaration | Block): void {
    if (++this.depth > MAX_FAST_NESTING) throw giveUp;
    const body = new Body(this.t.starts[this.at], this.t.ends[this.at]);
    this.at++;
    owner.body = body;
    for (;;) {
      const type = this.type();
      if (type === RCURLY) {
        body.closed = true;
        body.end = this.t.starts[this.at] + 1;
        // The items as long as they are: the list they were pushed onto has room for more.
        body.items = body.items.slice();
        this.at++;
        break;
      }
      if (type === SEMI) {
        this.at++;
        continue;
      }
      if (type !== WORD) throw giveUp;
      this.item(body);
    }
    this.depth--;
  }

  private item(body: Body): void {
    const name = this.image();
    const start = this.t.starts[this.at];
    const after = this.type(1);
    // A keyword names an attribute (`site = dc1`); anything else a keyword does here is for the full parser.
    if (this.keywords.has(name) && after !== EQUALS) throw giveUp;
    if (after === EQUALS) {
      this.at += 2;
      // `[first]` holds one value where pushing onto `[]` would reserve room for seventeen.
      const values: Value[] = [this.value()];
      while (this.type() === COMMA) {
        this.at++;
        values.push(this.value());
      }
      body.items.push(new Attribute(name, start, values[values.length - 1].end, values));
      if (this.type() === SEMI) this.at++;
      return;
    }
    const nameEnd = this.t.ends[this.at];
    // The body stands for the one the body rule reads (as in the chevrotain parser), from the name.
    const block = new Block(name, start, nameEnd, new Body(start, nameEnd));
    if (after === LCURLY) {
      body.items.push(block);
      this.at++;
    } else if (after === WORD && this.type(2) === LCURLY) {
      body.items.push(block);
      this.at++;
      block.label = this.name();
    } else throw giveUp;
    this.body(block); // its span ends with its body: finishSpans
  }

  /** One value; a missing one, or a number whose unit stands apart, is for the full parser. */
  private value(): Value {
    const type = this.type();
    const text = this.image();
    const start = this.t.starts[this.at];
    const end = this.t.ends[this.at];
    let value: Value;
    switch (type) {
      case QUANTITY: {
        let digits = text.charCodeAt(0) === 45 ? 1 : 0;
        while (digits < text.length && isDigit(text.charCodeAt(digits))) digits++;
        if (text.charCodeAt(digits) === 46 && isDigit(text.charCodeAt(digits + 1))) {
          digits += 2;
          while (digits < text.length && isDigit(text.charCodeAt(digits))) digits++;
        }
        value = new QuantityValue(text, start, end, Number(text.slice(0, digits)), text.slice(digits));
        break;
      }
      case NUMBER:
        // `10 ms`: a unit apart from its number (VMM003), or a name that happens to be a unit.
        if (this.type(1) === WORD && this.grammar.units.has(this.image(1))) throw giveUp;
        value = new NumberValue(text, start, end, Number(text));
        break;
      case STRING:
        value = new StringValue(text, start, end, unescape(text));
        break;
      case GLOB:
        value = new GlobValue(text, start, end);
        break;
      case WORD:
        // A keyword as a value, or a name followed by `=` or `{` (the value is missing): full parser.
        if (this.keywords.has(text) || this.type(1) === EQUALS || this.type(1) === LCURLY) throw giveUp;
        value = new IdentValue(text, start, end);
        break;
      default:
        throw giveUp;
    }
    this.at++;
    return value;
  }
}

/** The tree of a well-formed chunk, or undefined where the full parser must read it. */
export function fastParseChunk(text: string, grammar: Grammar): SyntaxTree | undefined {
  try {
    const tokens = scan(text);
    const reader = new Reader(text, tokens, grammar);
    reader.file();
    return { declarations: reader.declarations.slice(), comments: tokens.comments, errors: [] };
  } catch (error) {
    if (error === giveUp) return undefined;
    throw error;
  }
}
