import { EmbeddedActionsParser, EMPTY_ALT, EOF, type IToken, type TokenType, tokenMatcher } from 'chevrotain';
import { fastParseChunk, unescape } from './fast.js';
import { finishSpans } from './spans.js';
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
  type Span,
  type SyntaxError,
  type SyntaxTree,
  type Value,
} from './ast.js';
import type { Grammar, HeaderShape } from './grammar.js';
import {
  AnyIdent,
  grammarTokens,
  Arrow,
  At,
  Comma,
  Equals,
  Glob,
  type GrammarTokens,
  Identifier,
  LCurly,
  LineComment,
  NumberLiteral,
  numberLength,
  Percent,
  Quantity,
  RateUnit,
  RCurly,
  Semicolon,
  StringLiteral,
  To,
  UnterminatedComment,
  UnterminatedString,
} from './lexer.js';

const tokenLabels: ReadonlyMap<TokenType, string> = new Map<TokenType, string>([
  [AnyIdent, 'a name'],
  [Identifier, 'a name'],
  [Arrow, "'<->'"],
  [LCurly, "'{'"],
  [RCurly, "'}'"],
  [Equals, "'='"],
  [Comma, "','"],
  [Semicolon, "';'"],
  [StringLiteral, 'a string'],
  [Quantity, 'a quantity'],
  [NumberLiteral, 'a number'],
  [Glob, 'a glob'],
  [RateUnit, 'a unit'],
  [To, "'to'"],
  [At, "'at'"],
  [EOF, 'end of file'],
]);

function label(type: TokenType): string {
  return tokenLabels.get(type) ?? `'${String(type.PATTERN).replace(/^\/|\/$/g, '')}'`;
}

function found(token: IToken): string {
  return token.tokenType === EOF ? 'end of file' : `'${token.image}'`;
}

function nameOf(token: IToken): Name | undefined {
  if (token.isInsertedInRecovery || token.tokenType === EOF) return undefined;
  return new Name(token.image, token.startOffset, token.startOffset + token.image.length);
}

function spanOf(token: IToken): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function valueOf(token: IToken): Value | undefined {
  if (token.isInsertedInRecovery) return undefined;
  const text = token.image;
  const start = token.startOffset;
  const end = start + text.length;
  switch (token.tokenType) {
    case Quantity: {
      const digits = numberLength(text);
      return new QuantityValue(text, start, end, Number(text.slice(0, digits)), text.slice(digits));
    }
    case NumberLiteral:
      return new NumberValue(text, start, end, Number(text));
    case StringLiteral:
    case UnterminatedString:
      return new StringValue(text, start, end, unescape(text, token.tokenType === StringLiteral));
    case Glob:
      return new GlobValue(text, start, end);
    default:
      return new IdentValue(text, start, end);
  }
}

/** Blocks nest two deep in the schema (`site { capacity { … } }`); far deeper is a runaway file. */
const MAX_NESTING = 64;

/**
 * The `.vmm` grammar of spec §3. Embedded actions build the tree directly; each node is attached to
 * its parent as soon as it starts, so when recovery abandons a rule half-way the part already read
 * stays in the tree (a half-typed attribute still counts as present, a declaration with a broken
 * body keeps its header).
 */
class VmmParser extends EmbeddedActionsParser {
  private declarations: Declaration[] = [];
  private text = '';
  extraErrors: SyntaxError[] = [];
  /** Bodies open around the current token. */
  private nesting = 0;
  private readonly declarationTypes: readonly TokenType[];
  /** The token of the word that names a group in a `targets` header (`service web`). */
  private readonly groupType: TokenType | undefined;
  /** One rule per declaration kind, in the grammar's order: the alternatives of a declaration. */
  private readonly kindAlternatives: { ALT: () => void }[] = [];

  constructor(
    private readonly grammar: Grammar,
    private readonly tokens: GrammarTokens,
  ) {
    super(tokens.all as TokenType[], {
      recoveryEnabled: true,
      maxLookahead: 3,
      skipValidations: process.env.VMM_PARSER_VALIDATIONS !== '1',
      errorMessageProvider: {
        buildMismatchTokenMessage: ({ expected, actual }) => `expected ${label(expected)} but found ${found(actual)}`,
        buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${found(firstRedundant)}: expected a declaration`,
        buildNoViableAltMessage: ({ actual, ruleName }) => `unexpected ${found(actual[0])}${this.ruleHint(ruleName)}`,
        buildEarlyExitMessage: ({ actual, ruleName }) => `unexpected ${found(actual[0])}${this.ruleHint(ruleName)}`,
      },
    });
    this.declarationTypes = tokens.declarationTypes;
    this.groupType = tokens.keywords.get(grammar.groupWord);
    for (const [word, shape] of grammar.declarations) {
      const type = tokens.keywords.get(word);
      if (!type) continue;
      const rule = this.RULE(word, () => this.header(type, word, shape));
      this.kindAlternatives.push({ ALT: () => this.SUBRULE(rule) });
    }
    this.performSelfAnalysis();
  }

  parseTokens(tokens: IToken[], text: string): Declaration[] {
    this.declarations = [];
    this.text = text;
    this.extraErrors = [];
    this.input = tokens;
    this.file();
    return this.declarations;
  }

  private begin(kind: string, keyword: IToken): Declaration {
    const declaration = new Declaration(kind, keyword.startOffset, keyword.startOffset + keyword.image.length);
    this.declarations.push(declaration);
    return declaration;
  }

  public file = this.RULE('file', () => {
    // `;` is an optional separator (spec §2), after a declaration as after an attribute.
    this.MANY(() => this.OR([{ ALT: () => this.SUBRULE(this.declaration) }, { ALT: () => this.CONSUME(Semicolon) }]));
    this.CONSUME(EOF);
  });

  private declaration = this.RULE('declaration', () => {
    this.OR(this.kindAlternatives);
  });

  /** A declaration of the given kind: its keyword, the header of its shape, its body. */
  private header(keywordType: TokenType, kind: string, shape: HeaderShape): void {
    const keyword = this.CONSUME(keywordType);
    const d = this.ACTION(() => this.begin(kind, keyword));
    switch (shape) {
      case 'path': {
        const path = this.OR1([{ ALT: () => this.CONSUME(StringLiteral) }, { ALT: () => this.CONSUME(UnterminatedString) }]);
        this.ACTION(() => {
          if (!path.isInsertedInRecovery)
            d.path = new Path(unescape(path.image, path.tokenType === StringLiteral), path.startOffset, path.startOffset + path.image.length);
        });
        return;
      }
      case 'optional-name':
        this.OPTION(() => {
          const name = this.CONSUME1(Identifier);
          this.ACTION(() => (d.name = nameOf(name)));
        });
        break;
      case 'name': {
        const name = this.CONSUME2(Identifier);
        this.ACTION(() => (d.name = nameOf(name)));
        break;
      }
      case 'name-at': {
        const name = this.CONSUME3(Identifier);
        this.ACTION(() => (d.name = nameOf(name)));
        this.OPTION1(() => {
          this.CONSUME(At);
          const site = this.CONSUME4(Identifier);
          this.ACTION(() => (d.at = nameOf(site)));
        });
        break;
      }
      case 'ends': {
        const a = this.CONSUME5(Identifier);
        const ends: [Name | undefined, Name | undefined] = [undefined, undefined];
        this.ACTION(() => {
          ends[0] = nameOf(a);
          d.ends = ends;
        });
        this.CONSUME(Arrow);
        const b = this.CONSUME6(Identifier);
        this.ACTION(() => (ends[1] = nameOf(b)));
        break;
      }
      case 'targets': {
        this.ACTION(() => (d.targets = []));
        this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.target, { ARGS: [d] }) });
        this.CONSUME(To);
        const site = this.CONSUME7(Identifier);
        this.ACTION(() => (d.to = nameOf(site)));
        break;
      }
    }
    this.OPTION2(() => this.SUBRULE(this.body, { ARGS: [d] }));
  }

  private ruleHint(ruleName: string): string {
    switch (ruleName) {
      case 'value':
        return ': expected a value';
      case 'declaration':
      case 'file':
        return `: expected a declaration (${[...this.grammar.declarations.keys()].join(', ')})`;
      case 'target':
        return ': expected a vm, a glob or `service NAME`';
      case 'body':
        return ": expected an attribute or '}'";
      default:
        return this.grammar.declarations.get(ruleName) === 'targets' ? ': expected a vm, a glob or `service NAME`' : '';
    }
  }

  private isDeclarationKeyword(token: IToken): boolean {
    return this.declarationTypes.includes(token.tokenType);
  }

  private target = this.RULE('target', (d: Declaration) => {
    const group = this.groupType;
    const service = group ? this.OPTION(() => this.CONSUME(group)) : undefined;
    const name = this.OR([{ ALT: () => this.CONSUME(Glob) }, { ALT: () => this.CONSUME(Identifier) }]);
    this.ACTION(() => {
      if (name.isInsertedInRecovery) return;
      d.targets?.push(
        new Target(service !== undefined, name.image, name.tokenType === Glob, (service ?? name).startOffset, name.startOffset + name.image.length),
      );
    });
  });

  private body = this.RULE('body', (owner: Declaration | Block) => {
    const open = this.CONSUME(LCurly);
    const body = this.ACTION(() => {
      const created = new Body(open.startOffset, open.startOffset + open.image.length);
      owner.body = created;
      return created;
    });
    // Each nested body is a recursion of the parser (and of every walk over the tree): thousands
    // of `{` would overflow the stack. Deeper than MAX_NESTING, the body is skipped as one error.
    this.nesting++;
    try {
      if (this.nesting > MAX_NESTING) {
        this.ACTION(() => this.skipNested(body));
        return;
      }
      this.MANY({
        // A declaration keyword not followed by `=` ends the body: the closing brace is missing, and
        // the keyword starts the next declaration (`site = dc1` is still an attribute).
        GATE: () => !(this.isDeclarationKeyword(this.LA(1)) && !tokenMatcher(this.LA(2), Equals)),
        DEF: () => this.OR([{ ALT: () => this.SUBRULE(this.item, { ARGS: [body] }) }, { ALT: () => this.CONSUME(Semicolon) }]),
      });
      const close = this.CONSUME(RCurly);
      this.ACTION(() => {
        if (!close.isInsertedInRecovery) {
          body.closed = true;
          body.end = close.startOffset + 1;
        }
      });
    } finally {
      this.nesting--;
    }
  });

  /** Skips a body nested too deep, through its matching `}` (or to the end of the file), with one error. */
  private skipNested(body: Body): void {
    this.extraErrors.push({
      message: `blocks nested more than ${MAX_NESTING} deep: what is inside this one is not read`,
      span: { start: body.start, end: body.end },
    });
    let level = 1;
    for (let next = this.LA(1); next.tokenType !== EOF; next = this.LA(1)) {
      if (tokenMatcher(next, LCurly)) level++;
      else if (tokenMatcher(next, RCurly) && --level === 0) {
        this.SKIP_TOKEN();
        body.closed = true;
        body.end = next.startOffset + 1;
        return;
      }
      this.SKIP_TOKEN();
    }
  }

  /** An attribute (`name = v, v`) or a nested block (`name [label] { … }`). */
  private item = this.RULE('item', (body: Body) => {
    const name = this.CONSUME(AnyIdent);
    this.OR([
      {
        ALT: () => {
          const equals = this.CONSUME(Equals);
          const attribute = this.ACTION(() => this.addAttribute(body, name, equals.startOffset + 1));
          // A half-typed `disk =` followed by the next attribute or declaration: the value is
          // missing, and what follows is read as what it is, not taken as the value.
          this.OPTION2({ GATE: () => !this.startsNextItem(), DEF: () => this.SUBRULE(this.value, { ARGS: [attribute] }) });
          this.ACTION(() => {
            if (attribute.values.length === 0) this.missingValue(`'${name.image} ='`, equals);
          });
          this.MANY(() => {
            const comma = this.CONSUME(Comma);
            const before = this.ACTION(() => attribute.values.length);
            this.OPTION3({ GATE: () => !this.startsNextItem(), DEF: () => this.SUBRULE2(this.value, { ARGS: [attribute] }) });
            this.ACTION(() => {
              if (attribute.values.length === before) this.missingValue("','", comma);
            });
          });
          this.OPTION(() => this.CONSUME(Semicolon));
        },
      },
      {
        // `name {` or `name label {`. Without the gate one token of lookahead decides, and a
        // half-typed `memo` followed by `vcpus = 2` would be read as the block `memo vcpus`; nor is
        // a declaration keyword on the next line a label (`memo` ⏎ `site b {` starts a declaration).
        GATE: () => tokenMatcher(this.LA(1), LCurly) || (tokenMatcher(this.LA(2), LCurly) && !this.declarationOnNewLine()),
        ALT: () => {
          const block = this.ACTION(() => {
            const nameEnd = name.startOffset + name.image.length;
            const created = new Block(name.image, name.startOffset, nameEnd, new Body(name.startOffset, nameEnd));
            body.items.push(created);
            return created;
          });
          this.OPTION4(() => {
            const labelToken = this.CONSUME2(AnyIdent);
            this.ACTION(() => (block.label = nameOf(labelToken)));
          });
          this.SUBRULE(this.body, { ARGS: [block] });
        },
      },
      {
        // `memory 4GiB` or a half-typed `memo`: kept as an attribute so that the schema checks and
        // completion still see it, with one syntax error instead of a lost body.
        ALT: EMPTY_ALT(),
      },
    ]);
    this.ACTION(() => {
      const last = body.items[body.items.length - 1];
      if (last && last.nameSpan.start === name.startOffset) return;
      const attribute = this.addAttribute(body, name, name.startOffset + name.image.length);
      this.extraErrors.push({ message: `expected '=' after '${name.image}'`, span: { start: attribute.nameSpan.end, end: attribute.nameSpan.end } });
      const next = this.LA(1);
      if (isLoneValue(next)) {
        const value = valueOf(next);
        this.SKIP_TOKEN();
        if (value) {
          attribute.values.push(value);
          attribute.end = value.end;
        }
      }
    });
  });

  /** Whether the next token starts the next item (`name =`, `name {`) or, on a new line, the next declaration. */
  private startsNextItem(): boolean {
    const next = this.LA(1);
    if (!tokenMatcher(next, AnyIdent)) return false;
    const after = this.LA(2);
    if (tokenMatcher(after, Equals) || tokenMatcher(after, LCurly)) return true;
    return this.declarationOnNewLine();
  }

  /** Whether the next token is a declaration keyword at the start of a new line. */
  private declarationOnNewLine(): boolean {
    const next = this.LA(1);
    const previous = this.LA(0);
    return this.isDeclarationKeyword(next) && /[\r\n]/.test(this.text.slice(previous.startOffset + previous.image.length, next.startOffset));
  }

  private missingValue(after: string, token: IToken): void {
    if (token.isInsertedInRecovery) return;
    const end = token.startOffset + token.image.length;
    this.extraErrors.push({ message: `expected a value after ${after}`, span: { start: end, end } });
  }

  private addAttribute(body: Body, name: IToken, end: number): Attribute {
    const created = new Attribute(name.image, name.startOffset, end);
    body.items.push(created);
    return created;
  }

  private value = this.RULE('value', (attribute: Attribute) => {
    const token = this.OR([
      { ALT: () => this.CONSUME(Quantity) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(UnterminatedString) },
      { ALT: () => this.CONSUME(Glob) },
      { ALT: () => this.CONSUME(AnyIdent) },
    ]);
    this.ACTION(() => {
      let value = valueOf(token);
      if (
        value?.kind === 'number' &&
        isSpacedUnit(this.LA(1), this.LA(2), this.grammar.units) &&
        !/[\r\n]/.test(this.text.slice(value.span.end, this.LA(1).startOffset))
      ) {
        const unit = this.LA(1);
        this.SKIP_TOKEN();
        const spaced = new QuantityValue(value.text + ' ' + unit.image, value.start, unit.startOffset + unit.image.length, value.number, unit.image);
        spaced.spaced = true;
        value = spaced;
      }
      if (value) {
        attribute.values.push(value);
        attribute.end = value.end;
      }
    });
  });
}

/**
 * `10 ms`, `50 %`, `10 MB/s`: a unit written apart from its number (on the same line), not the name
 * of the next attribute.
 */
function isSpacedUnit(next: IToken, after: IToken, units: ReadonlySet<string>): boolean {
  if (next.tokenType === Percent || next.tokenType === RateUnit) return true;
  return next.tokenType === Identifier && units.has(next.image) && !tokenMatcher(after, Equals) && !tokenMatcher(after, LCurly);
}

/** A value token that cannot start the next attribute, taken as the value of an attribute missing its `=`. */
function isLoneValue(token: IToken): boolean {
  const t = token.tokenType;
  return t === Quantity || t === NumberLiteral || t === StringLiteral || t === Glob;
}

/**
 * Keywords are reserved only where a declaration starts (spec §2): a keyword in a header's name
 * or target position, on the same line, is a name (`site site`, `vm web at site`, `migrate vm,
 * network to b`). On a new line it stays a keyword, so that a half-typed `vm` followed by `site a`
 * still reads as two declarations.
 */
function namesFromKeywords(tokens: IToken[], text: string, syntax: ChunkParser): IToken[] {
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    const previous = tokens[i - 1];
    const name = syntax.keywordTypes.has(token.tokenType) && syntax.beforeName.has(previous.tokenType);
    const target = syntax.declarationTypes.has(token.tokenType) && token.tokenType !== syntax.groupType && syntax.beforeTarget.has(previous.tokenType);
    if (!name && !target) continue;
    if (/[\r\n]/.test(text.slice(previous.startOffset + previous.image.length, token.startOffset))) continue;
    token.tokenType = Identifier;
    token.tokenTypeIdx = Identifier.tokenTypeIdx ?? token.tokenTypeIdx;
  }
  return tokens;
}

/** What follows a chunk: the first token of the next declaration, relative to the chunk's start. */
export interface Following {
  image: string;
  offset: number;
}

/**
 * The parsers of one grammar: the fast path, and the chevrotain parser with its recovery and
 * messages for what the fast path leaves to it. The chevrotain lexer and parser are built the first
 * time a chunk needs them (a well-formed file never does) and then serve every parse (chevrotain's
 * performance advice: one parser instance, reused).
 */
export class ChunkParser {
  private built?: { tokens: GrammarTokens; parser: VmmParser; sets: TokenSets };

  constructor(readonly grammar: Grammar) {}

  /** The grammar's tokens and lexer. */
  get tokens(): GrammarTokens {
    return this.build().tokens;
  }

  get keywordTypes(): ReadonlySet<TokenType> {
    return this.build().sets.keywordTypes;
  }
  get declarationTypes(): ReadonlySet<TokenType> {
    return this.build().sets.declarationTypes;
  }
  get beforeName(): ReadonlySet<TokenType> {
    return this.build().sets.beforeName;
  }
  get beforeTarget(): ReadonlySet<TokenType> {
    return this.build().sets.beforeTarget;
  }
  get groupType(): TokenType | undefined {
    return this.build().tokens.keywords.get(this.grammar.groupWord);
  }

  private build(): { tokens: GrammarTokens; parser: VmmParser; sets: TokenSets } {
    if (this.built) return this.built;
    const tokens = grammarTokens(this.grammar);
    const named: TokenType[] = [At, To, Arrow];
    const targets: TokenType[] = [Comma];
    for (const [word, shape] of this.grammar.declarations) {
      const type = tokens.keywords.get(word);
      if (!type) continue;
      if (shape === 'targets') targets.push(type);
      else if (shape !== 'path') named.push(type);
    }
    const sets: TokenSets = {
      keywordTypes: new Set([...tokens.declarationTypes, To, At]),
      declarationTypes: new Set(tokens.declarationTypes),
      beforeName: new Set(named),
      beforeTarget: new Set(targets),
    };
    this.built = { tokens, parser: new VmmParser(this.grammar, tokens), sets };
    return this.built;
  }

  /**
   * Lexes and parses one chunk of a file (a run of whole top-level declarations); never throws. An
   * error at the chunk's end names the token that follows it, as a parse of the whole file would.
   */
  parseChunk(text: string, following?: Following): SyntaxTree {
    return fastParseChunk(text, this.grammar) ?? this.parseChunkFully(text, following);
  }

  /** The chevrotain parse of a chunk, with error recovery and messages (what the fast path leaves to it). */
  parseChunkFully(text: string, following?: Following): SyntaxTree {
    const { tokens, parser: p } = this.build();
    const lexed = tokens.lexer.tokenize(text);
    const errors: SyntaxError[] = [];
    for (const e of lexed.errors) {
      const span = { start: e.offset, end: e.offset + Math.max(1, e.length) };
      errors.push({ message: `unexpected character${e.length > 1 ? 's' : ''} '${clip(text.slice(span.start, span.end))}'`, span });
    }
    const comments: Comment[] = [];
    for (const token of lexed.groups.comments ?? []) {
      if (token.tokenType === UnterminatedComment) {
        errors.push({ message: "unterminated block comment: expected '*/'", span: { start: token.startOffset, end: token.startOffset + 2 } });
      }
      comments.push({ text: token.image, span: spanOf(token), block: token.tokenType !== LineComment });
    }
    for (const token of lexed.tokens) {
      if (token.tokenType === UnterminatedString) {
        errors.push({ message: "unterminated string: expected '\"' before the end of the line", span: spanOf(token) });
      }
    }
    const declarations = p.parseTokens(namesFromKeywords(lexed.tokens, text, this), text);
    errors.push(...p.extraErrors);
    const declarationStarts = new Set(declarations.map((d) => d.keywordSpan.start));
    for (const e of p.errors) {
      const token = e.token;
      let span: Span;
      if (token.tokenType === EOF || Number.isNaN(token.startOffset)) {
        const end = text.length;
        span = { start: end, end };
        if (following && token.tokenType === EOF) {
          span = { start: following.offset, end: following.offset + following.image.length };
          e.message = e.message.replace(/end of file/g, `'${following.image}'`);
        }
      } else {
        span = spanOf(token);
      }
      // Tokens skipped to resynchronise belong to the same mistake: one error covers them all.
      const skipped = e.resyncedTokens ?? [];
      const through = skipped.length > 0 ? spanOf(skipped[skipped.length - 1]).end : span.end;
      if (/^expected '}'/.test(e.message)) {
        if (token.tokenType === EOF || this.declarationTypes.has(token.tokenType)) {
          // A missing closing brace is reported where it belongs, at the end of what it should
          // close, rather than on the next declaration's keyword.
          const before = previousTokenEnd(lexed.tokens, span.start);
          if (before !== undefined) span = { start: before, end: before };
          errors.push({ message: "missing '}'", span });
        } else {
          // A stray token inside a body (`{ = 3 … }`): the body goes on after it.
          const end = bodyRunEnd(lexed.tokens, through);
          errors.push({ message: `unexpected ${clippedRun(text, span.start, end)}: expected an attribute or '}'`, span: { start: span.start, end } });
        }
        continue;
      }
      if (/^expected end of file but found /.test(e.message)) {
        // The run goes on to the next declaration (chevrotain leaves the last token out of its
        // resynced list when the run ends at the end of the input).
        const runEnd = strayRunEnd(lexed.tokens, span.start, declarationStarts);
        const end = Math.max(through, runEnd);
        errors.push({ message: `unexpected ${clippedRun(text, span.start, end)}: expected a declaration`, span: { start: span.start, end } });
        continue;
      }
      errors.push({ message: e.message, span });
    }
    errors.sort((a, b) => a.span.start - b.span.start);
    for (const d of declarations) finishSpans(d);
    // Two bodies left open before the next declaration are two "missing '}'" at one place: said once.
    const distinct: SyntaxError[] = [];
    const said = new Set<string>();
    for (const e of errors) {
      const key = `${e.span.start}:${e.span.end}:${e.message}`;
      if (said.has(key)) continue;
      said.add(key);
      distinct.push(e);
    }
    return { declarations, comments, errors: distinct };
  }
}

/** The end of the last token of a stray run that starts at `start`: up to the next declaration, or the end. */
function strayRunEnd(tokens: IToken[], start: number, declarationStarts: Set<number>): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < start) lo = mid + 1;
    else hi = mid;
  }
  let end = start;
  for (let i = lo; i < tokens.length && !declarationStarts.has(tokens[i].startOffset); i++) end = tokens[i].startOffset + tokens[i].image.length;
  return end;
}

/**
 * The end of a run of stray tokens in a body. The run stops where the body can go on (a name, `}`
 * or `;`); chevrotain leaves the last token out of the run when it reaches the end of the input
 * instead, which for a chunk is only where the next declaration starts.
 */
function bodyRunEnd(tokens: IToken[], through: number): number {
  const last = tokens[tokens.length - 1];
  const left = last && last.startOffset >= through && !(tokens.length > 1 && tokens[tokens.length - 2].startOffset >= through);
  if (!left || tokenMatcher(last, AnyIdent) || tokenMatcher(last, RCurly) || tokenMatcher(last, Semicolon)) return through;
  return last.startOffset + last.image.length;
}

/** `'= 3'`: the text of a run of stray tokens, quoted, on one line. */
function clippedRun(text: string, start: number, end: number): string {
  return end === start ? 'end of file' : `'${clip(text.slice(start, end).replace(/\s+/g, ' '))}'`;
}

function clip(s: string): string {
  if (s.length <= 20) return s;
  // Not between the halves of a surrogate pair (an emoji, a mathematical letter): a lone half is no character.
  return s.slice(0, /[\uD800-\uDBFF]/.test(s[19]) ? 19 : 20) + '…';
}

function previousTokenEnd(tokens: IToken[], offset: number): number | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  let best: IToken | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < offset) {
      best = tokens[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best ? best.startOffset + best.image.length : undefined;
}

interface TokenSets {
  /** Every word the lexer makes a keyword token of. */
  keywordTypes: ReadonlySet<TokenType>;
  declarationTypes: ReadonlySet<TokenType>;
  /** Tokens after which a header expects a name: `site NAME`, `vm NAME at NAME`, `link NAME <-> NAME`, `to NAME`. */
  beforeName: ReadonlySet<TokenType>;
  /** Tokens after which a migrate expects a target (`migrate network, vm to b`): there a declaration keyword, but the group word, is a vm's name. */
  beforeTarget: ReadonlySet<TokenType>;
}
