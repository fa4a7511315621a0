/** Offsets into the text of one file: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/*
 * The tree is lean: a node is its own span. Its `start` and `end` are numbers on it, and `span` is
 * the node itself, not an object of its own; the span of a word a node begins with (a declaration's
 * keyword, an attribute's or a block's name) is worked out from the node when it is asked for. This
 * halves the objects the tree is made of (47 to 23 for a VM of six attributes); with lists made as
 * long as they are (fast.ts), the 20k-VM estate's tree holds 48 MB instead of 90 (docs/performance.md).
 * Both parsers build these classes, and the incremental parser moves a reused tree by moving its
 * nodes' numbers.
 */

/** What every node of the tree is: its own span. */
export interface Node extends Span {
  /** The node itself, as a span. */
  readonly span: Span;
}

/*
 * Each class stands alone (no base class, no class fields, no parameter properties): fields are
 * declared (`declare`) and assigned in the constructor. A derived constructor's `super` call and
 * Node 20's one-by-one definition of class fields made a cold `vmm check` (the parse running
 * before V8 optimises it) 15% slower than object literals; plain constructors are not.
 */

/**
 * The span of the word a node begins with (`vm` of a declaration, `memory` of an attribute), made
 * when asked for: it reads the node, so it moves with it when the incremental parser moves the tree.
 */
class LeadingWord implements Span {
  declare private readonly node: Span;
  declare private readonly length: number;

  constructor(node: Span, length: number) {
    this.node = node;
    this.length = length;
  }

  get start(): number {
    return this.node.start;
  }

  get end(): number {
    return this.node.start + this.length;
  }

  toJSON(): Span {
    return { start: this.start, end: this.end };
  }
}

export class Name implements Node {
  declare start: number;
  declare end: number;
  declare name: string;

  constructor(name: string, start: number, end: number) {
    this.start = start;
    this.end = end;
    this.name = name;
  }

  get span(): Span {
    return this;
  }
}

export class QuantityValue implements Node {
  declare start: number;
  declare end: number;
  declare readonly kind: 'quantity';
  declare text: string;
  declare number: number;
  declare unit: string;
  /** `10 ms`: the unit stands apart (VMM003). */
  declare spaced?: boolean;

  constructor(text: string, start: number, end: number, number: number, unit: string) {
    this.start = start;
    this.end = end;
    this.kind = 'quantity';
    this.text = text;
    this.number = number;
    this.unit = unit;
  }

  get span(): Span {
    return this;
  }
}

export class NumberValue implements Node {
  declare start: number;
  declare end: number;
  declare readonly kind: 'number';
  declare text: string;
  declare number: number;

  constructor(text: string, start: number, end: number, number: number) {
    this.start = start;
    this.end = end;
    this.kind = 'number';
    this.text = text;
    this.number = number;
  }

  get span(): Span {
    return this;
  }
}

export class StringValue implements Node {
  declare start: number;
  declare end: number;
  declare readonly kind: 'string';
  declare text: string;
  declare value: string;

  constructor(text: string, start: number, end: number, value: string) {
    this.start = start;
    this.end = end;
    this.kind = 'string';
    this.text = text;
    this.value = value;
  }

  get span(): Span {
    return this;
  }
}

export class IdentValue implements Node {
  declare start: number;
  declare end: number;
  declare readonly kind: 'ident';
  declare text: string;

  constructor(text: string, start: number, end: number) {
    this.start = start;
    this.end = end;
    this.kind = 'ident';
    this.text = text;
  }

  get span(): Span {
    return this;
  }
}

export class GlobValue implements Node {
  declare start: number;
  declare end: number;
  declare readonly kind: 'glob';
  declare text: string;

  constructor(text: string, start: number, end: number) {
    this.start = start;
    this.end = end;
    this.kind = 'glob';
    this.text = text;
  }

  get span(): Span {
    return this;
  }
}

export type Value = QuantityValue | NumberValue | StringValue | IdentValue | GlobValue;

export class Attribute implements Node {
  declare start: number;
  declare end: number;
  declare readonly kind: 'attribute';
  declare name: string;
  declare values: Value[];

  /** From the attribute's name to its last value. */
  constructor(name: string, start: number, end: number, values: Value[] = []) {
    this.start = start;
    this.end = end;
    this.kind = 'attribute';
    this.name = name;
    this.values = values;
  }

  get nameSpan(): Span {
    return new LeadingWord(this, this.name.length);
  }

  get span(): Span {
    return this;
  }
}

export class Block implements Node {
  declare start: number;
  declare end: number;
  declare readonly kind: 'block';
  declare name: string;
  declare body: Body;
  declare label?: Name;

  /** From the block's name to the end of its body. */
  constructor(name: string, start: number, end: number, body: Body) {
    this.start = start;
    this.end = end;
    this.kind = 'block';
    this.name = name;
    this.body = body;
  }

  get nameSpan(): Span {
    return new LeadingWord(this, this.name.length);
  }

  get span(): Span {
    return this;
  }
}

export class Body implements Node {
  declare start: number;
  declare end: number;
  declare items: (Attribute | Block)[];
  /** False when the closing brace is missing (recovered). */
  declare closed: boolean;

  constructor(start: number, end: number) {
    this.start = start;
    this.end = end;
    this.items = [];
    this.closed = false;
  }

  get span(): Span {
    return this;
  }
}

/** The keyword of a declaration kind of the language's registry (`vm`, `migrate`, …). */
export type DeclarationKind = string;

export class Target implements Node {
  declare start: number;
  declare end: number;
  /** `service NAME` rather than a vm or a glob. */
  declare service: boolean;
  declare name: string;
  declare glob: boolean;

  constructor(service: boolean, name: string, glob: boolean, start: number, end: number) {
    this.start = start;
    this.end = end;
    this.service = service;
    this.name = name;
    this.glob = glob;
  }

  get span(): Span {
    return this;
  }
}

/** The path of an import. */
export class Path implements Node {
  declare start: number;
  declare end: number;
  declare value: string;

  constructor(value: string, start: number, end: number) {
    this.start = start;
    this.end = end;
    this.value = value;
  }

  get span(): Span {
    return this;
  }
}

export class Declaration implements Node {
  declare start: number;
  declare end: number;
  declare kind: DeclarationKind;
  /** The declared name (absent for an unnamed policy, an import, a migrate, or a half-typed header). */
  declare name?: Name;
  /** `at SITE` on a vm or datastore. */
  declare at?: Name;
  /** The two ends of a link. */
  declare ends?: [Name | undefined, Name | undefined];
  /** The path of an import. */
  declare path?: Path;
  /** The targets and destination of a migrate. */
  declare targets?: Target[];
  declare to?: Name;
  declare body?: Body;

  /** From the keyword on; its end is set once the declaration is read (finishSpans). */
  constructor(kind: DeclarationKind, start: number, end: number) {
    this.start = start;
    this.end = end;
    this.kind = kind;
  }

  get keywordSpan(): Span {
    return new LeadingWord(this, this.kind.length);
  }

  get span(): Span {
    return this;
  }
}

export interface Comment {
  text: string;
  span: Span;
  block: boolean;
}

export interface SyntaxError {
  message: string;
  span: Span;
}

export interface SyntaxTree {
  declarations: Declaration[];
  comments: Comment[];
  errors: SyntaxError[];
}
