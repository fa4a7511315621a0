/** Offsets into the text of one file: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface Name {
  name: string;
  span: Span;
}

export type Value =
  | { kind: 'quantity'; text: string; span: Span; number: number; unit: string; /** `10 ms`: the unit stands apart (VMM003). */ spaced?: boolean }
  | { kind: 'number'; text: string; span: Span; number: number }
  | { kind: 'string'; text: string; span: Span; value: string }
  | { kind: 'ident'; text: string; span: Span }
  | { kind: 'glob'; text: string; span: Span };

export interface Attribute {
  kind: 'attribute';
  name: string;
  nameSpan: Span;
  values: Value[];
  span: Span;
}

export interface Block {
  kind: 'block';
  name: string;
  nameSpan: Span;
  label?: Name;
  body: Body;
  span: Span;
}

export interface Body {
  items: (Attribute | Block)[];
  span: Span;
  /** False when the closing brace is missing (recovered). */
  closed: boolean;
}

/** The keyword of a declaration kind of the language's registry (`vm`, `migrate`, …). */
export type DeclarationKind = string;

export interface Target {
  /** `service NAME` rather than a vm or a glob. */
  service: boolean;
  name: string;
  glob: boolean;
  span: Span;
}

export interface Declaration {
  kind: DeclarationKind;
  keywordSpan: Span;
  span: Span;
  /** The declared name (absent for an unnamed policy, an import, a migrate, or a half-typed header). */
  name?: Name;
  /** `at SITE` on a vm or datastore. */
  at?: Name;
  /** The two ends of a link. */
  ends?: [Name | undefined, Name | undefined];
  /** The path of an import. */
  path?: { value: string; span: Span };
  /** The targets and destination of a migrate. */
  targets?: Target[];
  to?: Name;
  body?: Body;
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
