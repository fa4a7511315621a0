import type { Attribute, Block, Body, Declaration, Span } from '../syntax/ast.js';
import { headerSpan } from '../syntax/spans.js';
import { closest } from '../text.js';
import { hasEquals, insertAttribute, insertIntoBody } from './edits.js';
import type { Fix, SourceFile } from './findings.js';
import type { KindSpec } from './kind.js';
import type { Origin } from './model.js';
import type { AttributeSpec, BlockSpec } from './schema.js';
import type { Interpreted, Reference, ValueReader } from './values.js';

export type Values = Map<string, Interpreted>;

/** What a declaration's body says, read against its kind's schema. */
export interface Reading {
  origin: Origin;
  values: Values;
  blocks: Map<string, { block: Block; values: Values }>;
}

export type Reporter = (code: string, origin: { file: SourceFile; declaration?: Declaration }, span: Span, message: string, fixes?: Fix[]) => void;

/** A number value as read (undefined when absent or invalid: spec §10, a bad value is left out). */
export function numberOf(values: Values, key: string): number | undefined {
  const v = values.get(key);
  return typeof v === 'number' ? v : undefined;
}

export function stringOf(values: Values, key: string): string | undefined {
  const v = values.get(key);
  return typeof v === 'string' ? v : undefined;
}

export function referencesOf(values: Values, key: string): Reference[] {
  const v = values.get(key);
  return Array.isArray(v) && (v.length === 0 || typeof v[0] === 'object') ? (v as Reference[]) : [];
}

/** `vm 'web-01'`, `link dc-a <-> dc-b`, `the unnamed policy`. */
export function describe(d: Declaration): string {
  if (d.kind === 'link') return `link ${d.ends?.[0]?.name ?? '?'} <-> ${d.ends?.[1]?.name ?? '?'}`;
  if (d.kind === 'policy' && !d.name) return 'the unnamed policy';
  if (d.kind === 'migrate') return `migrate to ${d.to?.name ?? '?'}`;
  return d.name ? `${d.kind} '${d.name.name}'` : d.kind;
}

/** `estate.vmm:12`: where a declaration starts, for messages that point at the first of two. */
export function where(origin: { file: SourceFile; declaration: Declaration }): string {
  const p = origin.file.lines.position(origin.declaration.span.start);
  const base = origin.file.path.split(/[\\/]/).pop();
  return `${base}:${p.line + 1}`;
}

/** Whether a header has what its kind needs to be built: a name, both ends of a link. */
export function headerComplete(d: Declaration, kind: KindSpec | undefined): boolean {
  switch (kind?.header) {
    case 'ends':
      return !!d.ends?.[0] && !!d.ends?.[1];
    case 'name':
    case 'name-at':
      return !!d.name;
    default:
      return true;
  }
}

/**
 * Reads a declaration's body against its kind's schema: unknown names (VMM002), duplicates
 * (VMM004), values (VMM003/008), required ones (VMM006). `isKeyword`: a word that starts a
 * declaration where no `=` follows it (a rename to it would start one).
 */
export function readDeclaration(
  reader: ValueReader,
  file: SourceFile,
  declaration: Declaration,
  kind: KindSpec | undefined,
  report: Reporter,
  isKeyword: (word: string) => boolean,
): Reading {
  const attributes = new Map<string, Attribute>();
  const entry: Reading = { origin: { declaration, file, attributes }, values: new Map(), blocks: new Map() };
  const body = new BodyReader(reader, file, declaration, kind, entry, report, isKeyword);
  body.read(declaration.body, kind?.attributes ?? [], kind?.blocks ?? []);
  return entry;
}

class BodyReader {
  constructor(
    private readonly reader: ValueReader,
    private readonly file: SourceFile,
    private readonly declaration: Declaration,
    private readonly kind: KindSpec | undefined,
    private readonly entry: Reading,
    private readonly report: Reporter,
    private readonly isKeyword: (word: string) => boolean,
  ) {}

  read(body: Body | undefined, specs: readonly AttributeSpec[], blocks: readonly BlockSpec[], blockName?: string): void {
    const where = blockName ? `${blockName} block` : this.declaration.kind;
    const seen = new Set<string>();
    const scope = blockName ? this.entry.blocks.get(blockName) : undefined;
    for (const item of body?.items ?? []) {
      const spec = item.kind === 'attribute' ? specs.find((s) => s.name === item.name) : undefined;
      const blockSpec = item.kind === 'block' ? blocks.find((b) => b.name === item.name) : undefined;
      if (!spec && !blockSpec) {
        this.unknown(item, specs, blocks, where);
        continue;
      }
      if (seen.has(item.name)) {
        this.report('VMM004', this.origin, item.nameSpan, `duplicate ${item.kind} '${item.name}' in ${where}`);
        continue;
      }
      seen.add(item.name);
      if (item.kind === 'attribute' && spec) {
        if (!blockName) this.entry.origin.attributes.set(item.name, item);
        const value = this.reader.read(this.declaration, item, spec);
        if (value !== undefined) (scope?.values ?? this.entry.values).set(item.name, value);
      } else if (item.kind === 'block' && blockSpec) {
        this.entry.blocks.set(item.name, { block: item, values: new Map() });
        this.read(item.body, blockSpec.attributes, [], item.name);
      }
    }
    this.required(body, specs, blockName);
  }

  private get origin(): { file: SourceFile; declaration: Declaration } {
    return { file: this.file, declaration: this.declaration };
  }

  /** VMM002: a name the schema does not have here, with a did-you-mean of the same kind. */
  private unknown(item: Attribute | Block, specs: readonly AttributeSpec[], blocks: readonly BlockSpec[], where: string): void {
    const isBlockName = blocks.some((b) => b.name === item.name);
    const isAttributeName = specs.some((s) => s.name === item.name);
    if (isBlockName || isAttributeName) {
      const message = isBlockName ? `${item.name} is a block here: write ${item.name} { … }` : `${item.name} is an attribute here: write ${item.name} = …`;
      this.report('VMM002', this.origin, item.nameSpan, message);
      return;
    }
    // Only a name of the same kind: renaming an attribute to a block's name is another VMM002.
    const suggestion = closest(item.name, item.kind === 'block' ? blocks.map((b) => b.name) : specs.map((s) => s.name));
    // `sit 1` renamed `site 1`, no `=` after it, would start a declaration.
    const startsDeclaration = suggestion !== undefined && item.kind === 'attribute' && this.isKeyword(suggestion) && !hasEquals(this.file, item);
    this.report(
      'VMM002',
      this.origin,
      item.nameSpan,
      `unknown ${item.kind} '${item.name}' for ${where}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
      suggestion && !startsDeclaration
        ? [{ title: `Rename to '${suggestion}'`, edits: [{ file: this.file.path, span: item.nameSpan, newText: suggestion }], preferred: true }]
        : undefined,
    );
  }

  /** VMM006 for each required attribute that is absent (a half-typed header has its syntax error instead). */
  private required(body: Body | undefined, specs: readonly AttributeSpec[], blockName?: string): void {
    const declaration = this.declaration;
    if (!blockName && !headerComplete(declaration, this.kind)) return;
    const present = new Set((body?.items ?? []).map((i) => i.name));
    const block = blockName ? this.entry.blocks.get(blockName)?.block : undefined;
    for (const spec of specs) {
      if (!spec.required || present.has(spec.name)) continue;
      const span = block ? block.nameSpan : (declaration.name?.span ?? headerSpan(declaration));
      const placeholder = spec.placeholder ?? '?';
      const edit = block
        ? insertIntoBody(this.file, declaration, block.body, `${spec.name} = ${placeholder}`)
        : insertAttribute(this.file, declaration, spec.name, placeholder);
      const subject = blockName ? `${blockName} block` : describe(declaration);
      this.report('VMM006', this.origin, span, `${subject} is missing the required attribute ${spec.name}`, [
        { title: `Insert ${spec.name} = ${placeholder}`, edits: [edit] },
      ]);
    }
  }
}
