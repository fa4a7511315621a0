import { sameItems } from '../derived.js';
import type { Declaration, Span } from '../syntax/ast.js';
import { closest } from '../text.js';
import { appendDeclaration, insertAttribute, removeAttributeKeepingComments } from './edits.js';
import type { Finding, Fix, SourceFile } from './findings.js';
import type { BuildContext, KindRegistry, KindSpec } from './kind.js';
import { assembleModel } from './assemble.js';
import type { IndexedModel } from './indexes.js';
import type { Model, ModelReference, Origin } from './model.js';
import { NamedEntities } from './named.js';
import { NameTable } from './names.js';
import { describe, readDeclaration, referencesOf, where, type Reading, type Reporter } from './reading.js';
import type { ReferenceKind } from './schema.js';
import { ValueReader, type Reference } from './values.js';

/** Name comparisons did-you-mean may make in one build. */
const SUGGESTION_BUDGET = 1_000_000;

/** What one lookup of a kept entity found: it is kept while the same lookup finds the same. */
type Lookup =
  { kind: ReferenceKind; name: string; glob: false; found: string } | { kind: ReferenceKind; name: string; glob: true; tables: readonly NameTable[] };

/** An entity kept from an earlier build, with what its build resolved and read. */
interface Kept {
  file: SourceFile;
  entity: Origin;
  references: readonly ModelReference[];
  lookups: Lookup[];
  /** What it read of other entities; `in`: the finished map of its kind it was read in (while the kind's map is that object, the read holds). */
  reads: { kind: string; name: string; entity: Origin | undefined; in: ReadonlyMap<string, Origin> | undefined }[];
  /** The name tables of the last build that found its lookups to hold. */
  validatedAt: Map<string, NameTable>;
}

/**
 * What one document keeps from one build of its model to the next (the editor's session owns one
 * per open document; a CLI check starts with an empty one): the reading of each declaration whose
 * reading found nothing to report, the entity of each declaration whose build found nothing, and
 * the name tables. The editor's incremental parser hands back the same tree object for every
 * declaration an edit did not touch, so a keystroke in an estate of twenty thousand VMs reads and
 * resolves the one declaration it changed; every other entity is checked, lookup by lookup, to
 * still resolve as it did, and taken over. A built model is never changed afterwards.
 */
export class BuildMemo {
  readonly readings = new WeakMap<Declaration, Reading>();
  readonly kept = new WeakMap<Declaration, Kept>();
  tables = new Map<string, NameTable>();
  /** Each kind's entities and the map of them by name, as the last build made them: taken over while every entity of the kind is the same. */
  collections = new Map<string, { list: Origin[]; named: NamedEntities<Origin> }>();
  /** The names declared in each namespace in the last build, in order, where none was declared twice. */
  declared = new Map<string, string[]>();
  /** The reverse indexes of the last model whose indexes were read, brought up to date for the next. */
  indexed?: IndexedModel;
}

/** Builds the model of the loaded files (imports first, the checked file last), reporting VMM002–VMM008. */
export function buildModel(files: readonly SourceFile[], registry: KindRegistry, memo: BuildMemo = new BuildMemo()): Model {
  return new Builder(files, registry, memo).build();
}

class Builder implements BuildContext {
  private readonly findings: Finding[] = [];
  /** The references of the entities built so far: kept entities' lists as they are, and the lists of the ones built between them. */
  private readonly referenceGroups: (readonly ModelReference[])[] = [];
  private references: ModelReference[] = [];
  private readonly entitiesByKind = new Map<string, Origin[]>();
  private readonly entityByName = new Map<string, NamedEntities<Origin>>();
  private readonly scratchpad = new Map<string, unknown>();
  private tables = new Map<string, NameTable>();
  private readonly suggestions = new Map<string, string | undefined>();
  private comparisons = 0;
  private readonly empty = new NameTable([]);
  /** Whether every name table is the last build's (then the lookups of kept entities need no check). */
  private namesUnchanged = false;
  private previousTables = new Map<string, NameTable>();
  /** Per reference kind, whether every name table it looks in is the last build's (worked out once per build). */
  private readonly tablesKept = new Map<ReferenceKind, boolean>();
  /** The lookups and reads of the entity being built, while it may be kept. */
  private recording?: { lookups: Lookup[]; reads: Kept['reads'] };

  constructor(
    private readonly files: readonly SourceFile[],
    private readonly registry: KindRegistry,
    private readonly memo: BuildMemo,
  ) {}

  readonly report: Reporter = (code, origin, span, message, fixes) =>
    this.findings.push({ code, file: origin.file, declaration: origin.declaration, span, message, fixes });

  build(): Model {
    const pending = this.read();
    this.declareNames(pending);
    const collections = new Map<string, { list: Origin[]; named: NamedEntities<Origin> }>();
    for (const kind of this.registry.kinds) {
      let list: Origin[] = [];
      this.entitiesByKind.set(kind.keyword, list);
      for (const reading of kind.build ? (pending.get(kind.keyword) ?? []) : []) {
        const entity = this.buildOne(kind, reading);
        if (entity) list.push(entity);
      }
      // Every entity as in the last build: the last build's list and map are taken over (the same
      // objects, so that what was derived from them is too); the same names in the same order: the
      // last build's index of them.
      const last = this.memo.collections.get(kind.keyword);
      let named: NamedEntities<Origin>;
      if (last && sameItems(last.list, list)) {
        ({ list, named } = last);
        this.entitiesByKind.set(kind.keyword, list);
      } else named = NamedEntities.of(list, last?.named);
      // Set once the kind's entities are all built: a kind's map is final whenever it is here.
      this.entityByName.set(kind.keyword, named);
      collections.set(kind.keyword, { list, named });
    }
    this.memo.collections = collections;
    this.referenceGroups.push(this.references);
    return assembleModel(this.files, this.entitiesByKind, this.entityByName, this.findings, this.referenceGroups, this.scratchpad, this.memo);
  }

  /** 1. Every declaration's body, read against its kind's schema; the first of each name per namespace (VMM004 for the others). */
  private read(): Map<string, Reading[]> {
    const pending = new Map<string, Reading[]>();
    const namespaces = new Map<string, Namespace>();
    const unique = new Map<string, Origin>();
    for (const file of this.files) {
      const reader = new ValueReader(file, this.findings);
      for (const declaration of file.tree.declarations) {
        const kind = this.registry.kind(declaration.kind);
        if (!kind?.build && !kind?.namespace) continue;
        const reading = this.reading(reader, file, declaration, kind);
        const origin = reading.origin;
        const once = kind.unique?.(declaration);
        const name = declaration.name;
        if (once) {
          const previous = unique.get(`${kind.keyword}\u0000${once.key}`);
          if (previous) {
            this.report('VMM004', origin, once.span, once.message(where(previous)));
            continue;
          }
          unique.set(`${kind.keyword}\u0000${once.key}`, origin);
        } else if (kind.namespace) {
          if (!name) continue; // a half-typed header: the syntax error says it
          let space = namespaces.get(kind.namespace);
          if (!space) namespaces.set(kind.namespace, (space = new Namespace(this.memo.declared.get(kind.namespace))));
          const previous = space.first(name.name, origin);
          if (previous) {
            const message =
              previous.declaration.kind === declaration.kind
                ? `duplicate ${declaration.kind} '${name.name}' (first declared at ${where(previous)})`
                : `duplicate name '${name.name}': a ${previous.declaration.kind} has it (first declared at ${where(previous)}); ${this.sharing(kind.namespace)} share one namespace`;
            this.report('VMM004', origin, name.span, message);
            continue;
          }
        } else if (kind.header === 'ends' && !(declaration.ends?.[0] && declaration.ends[1])) continue;
        let list = pending.get(kind.keyword);
        if (!list) pending.set(kind.keyword, (list = []));
        list.push(reading);
      }
    }
    const declared = new Map<string, string[]>();
    for (const [namespace, space] of namespaces) if (!space.duplicated) declared.set(namespace, space.names);
    this.memo.declared = declared;
    return pending;
  }

  /** `vms and services`: the kinds that share a namespace. */
  private sharing(namespace: string): string {
    const kinds = this.registry.kinds.filter((k) => k.namespace === namespace).map((k) => `${k.keyword}s`);
    return kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : (kinds[0] ?? namespace);
  }

  /** A declaration's reading: kept from the last build where it found nothing to report (a reading that did is redone: its fixes hold offsets). */
  private reading(reader: ValueReader, file: SourceFile, declaration: Declaration, kind: KindSpec): Reading {
    const kept = this.memo.readings.get(declaration);
    if (kept && kept.origin.file === file) return kept;
    const before = this.findings.length;
    const reading = readDeclaration(reader, file, declaration, kind, this.report, (w) => this.registry.isDeclarationKeyword(w));
    if (this.findings.length === before) this.memo.readings.set(declaration, reading);
    return reading;
  }

  /** 2. The name tables of every kind that declares names, the last build's kept where the names are the same. */
  private declareNames(pending: Map<string, Reading[]>): void {
    const tables = new Map<string, NameTable>();
    let same = this.memo.tables.size > 0;
    for (const kind of this.registry.kinds) {
      if (!kind.namespace) continue;
      const names: string[] = [];
      for (const r of pending.get(kind.keyword) ?? []) if (r.origin.declaration.name) names.push(r.origin.declaration.name.name);
      const previous = this.memo.tables.get(kind.keyword);
      const table = NameTable.reuse(previous, names);
      if (table !== previous) same = false;
      tables.set(kind.keyword, table);
    }
    // Every name as in the last build: every lookup a kept entity made finds what it found then.
    this.namesUnchanged = same && tables.size === this.memo.tables.size;
    this.previousTables = this.memo.tables;
    this.tables = tables;
    this.memo.tables = tables;
  }

  /** 3. One entity: kept where its declaration and all it resolved and read are as in the last build, else built. */
  private buildOne(kind: KindSpec, reading: Reading): Origin | undefined {
    const declaration = reading.origin.declaration;
    const file = reading.origin.file;
    if (kind.keep) {
      const kept = this.memo.kept.get(declaration);
      if (kept && kept.file === file && this.stillHolds(kept)) {
        kept.validatedAt = this.tables;
        // Its references as one list (an estate has some hundred thousand: not copied one by one each build).
        if (this.references.length > 0) this.referenceGroups.push(this.references);
        this.references = [];
        this.referenceGroups.push(kept.references);
        return kept.entity;
      }
    }
    const findingsBefore = this.findings.length;
    const referencesBefore = this.references.length;
    const recording = kind.keep ? { lookups: [], reads: [] } : undefined;
    this.recording = recording;
    let entity: Origin | undefined;
    try {
      entity = kind.build?.(reading, this);
    } finally {
      this.recording = undefined;
    }
    if (recording && entity && this.findings.length === findingsBefore) {
      this.memo.kept.set(declaration, { file, entity, references: this.references.slice(referencesBefore), ...recording, validatedAt: this.tables });
    }
    return entity;
  }

  private stillHolds(kept: Kept): boolean {
    // Names as in the last build, which found these lookups to hold: they still do.
    const lastBuild = kept.validatedAt === this.previousTables;
    const namesHold = this.namesUnchanged && lastBuild;
    for (const lookup of namesHold ? [] : kept.lookups) {
      // The tables it looks in are the ones the last build found it to hold in (a VM renamed changes the vm table, not the sites').
      if (lastBuild && this.tablesKeptFor(lookup.kind)) continue;
      if (lookup.glob) {
        const now = this.registry.referenced(lookup.kind).map((k) => this.names(k));
        if (now.length !== lookup.tables.length || now.some((t, i) => t !== lookup.tables[i])) return false;
      } else if (this.foundKind(lookup.kind, lookup.name) !== lookup.found) return false;
    }
    for (const read of kept.reads) {
      const map = this.entityByName.get(read.kind);
      if (map === read.in) continue; // the same entities of the kind as when it was read
      if (map?.get(read.name) !== read.entity) return false;
      read.in = map;
    }
    return true;
  }

  private tablesKeptFor(kind: ReferenceKind): boolean {
    let kept = this.tablesKept.get(kind);
    if (kept === undefined) {
      kept = this.registry.referenced(kind).every((k) => this.names(k) === (this.previousTables.get(k) ?? this.empty));
      this.tablesKept.set(kind, kept);
    }
    return kept;
  }

  // The build context a kind's builder is given.

  names(kind: string): NameTable {
    return this.tables.get(kind) ?? this.empty;
  }

  entity<T extends Origin>(kind: string, name: string): T | undefined {
    const map = this.entityByName.get(kind);
    const entity = map?.get(name);
    this.recording?.reads.push({ kind, name, entity, in: map });
    return entity as T | undefined;
  }

  entities<T extends Origin>(kind: string): readonly T[] {
    return (this.entitiesByKind.get(kind) ?? []) as T[];
  }

  scratch<T>(key: string, create: () => T): T {
    if (!this.scratchpad.has(key)) this.scratchpad.set(key, create());
    return this.scratchpad.get(key) as T;
  }

  /** The kind a plain name resolves to (a vm before a service, spec §10), or undefined. */
  private foundKind(kind: ReferenceKind, name: string): string | undefined {
    for (const k of this.registry.referenced(kind)) if (this.names(k).has(name)) return k;
    return undefined;
  }

  resolve(origin: Origin, reference: Reference, kind: ReferenceKind): string[] {
    const kinds = this.registry.referenced(kind);
    if (reference.glob) {
      const tables = kinds.map((k) => this.names(k));
      this.recording?.lookups.push({ kind, name: reference.name, glob: true, tables });
      const matched = tables.flatMap((t) => t.matches(reference.name));
      if (matched.length === 0) this.report('VMM005', origin, reference.span, `glob '${reference.name}' matches no ${kindWords(kinds)}`);
      this.references.push(modelReference(reference, kinds[0] ?? kind, origin.file, matched));
      return matched;
    }
    const found = this.foundKind(kind, reference.name);
    if (found) {
      this.recording?.lookups.push({ kind, name: reference.name, glob: false, found });
      this.references.push(modelReference(reference, found, origin.file, [reference.name]));
      return [reference.name];
    }
    this.unknownName(origin, reference, kinds);
    return [];
  }

  /** VMM005 for a name no declaration has, with did-you-mean and declare-it fixes. */
  private unknownName(origin: Origin, reference: Reference, kinds: readonly string[]): void {
    const suggestion = this.suggest(reference.name, kinds);
    const fixes: Fix[] = [];
    if (suggestion) {
      fixes.push({ title: `Change to '${suggestion}'`, edits: [{ file: origin.file.path, span: reference.span, newText: suggestion }], preferred: true });
    }
    const declared = this.registry.kind(kinds[0]);
    const skeleton = declared?.skeleton?.(reference.name, this.skeletonSite(origin));
    // Kinds sharing a namespace (vms and services): declaring one named like the other would be VMM004.
    const nameTaken = this.registry.kinds.some(
      (k) => k.namespace !== undefined && k.namespace === declared?.namespace && this.names(k.keyword).has(reference.name),
    );
    if (skeleton && !nameTaken) fixes.push({ title: `Declare ${kinds[0]} '${reference.name}'`, edits: [appendDeclaration(origin.file, skeleton)] });
    this.report(
      'VMM005',
      origin,
      reference.span,
      `unknown ${kindWords(kinds)} '${reference.name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
      fixes,
    );
  }

  /**
   * Did-you-mean compares a name with every declared name of its kind: linear per unknown name,
   * quadratic over a file of thousands of them. Each unknown name is looked up once, and lookups
   * stop after a budget of comparisons: a file that broken gets its errors promptly, unsuggested.
   */
  private suggest(name: string, kinds: readonly string[]): string | undefined {
    const key = `${kinds.join(',')}\u0000${name}`;
    if (!this.suggestions.has(key)) {
      const candidates = this.comparisons < SUGGESTION_BUDGET ? kinds.flatMap((k) => this.names(k).names) : [];
      this.comparisons += candidates.length;
      this.suggestions.set(key, closest(name, candidates));
    }
    return this.suggestions.get(key);
  }

  /**
   * The site a declare-it fix places its new declaration at: the referring declaration's own site,
   * else the only candidate site (a migrate's VM is not declared at its target, where it would be
   * dropped), else the placeholder `site`.
   */
  private skeletonSite(origin: Origin): string {
    const d = origin.declaration;
    const sites = this.names('site');
    const own = d.at?.name ?? origin.attributes.get('site')?.values[0]?.text;
    if (own && sites.has(own)) return own;
    if (sites.names.length > 2) return 'site'; // two candidates at least: not worth listing them all for each unknown name
    const candidates = sites.names.filter((s) => s !== d.to?.name);
    return candidates.length === 1 ? candidates[0] : 'site';
  }

  resolveOne(reading: Reading, key: string, kind: ReferenceKind): string | undefined {
    const [reference] = referencesOf(reading.values, key);
    return reference ? this.resolve(reading.origin, reference, kind)[0] : undefined;
  }

  placement(reading: Reading): string | undefined {
    const origin = reading.origin;
    const d = origin.declaration;
    const attribute = origin.attributes.get('site');
    if (d.at && attribute) {
      this.report('VMM004', origin, attribute.nameSpan, `${d.kind} '${d.name?.name}' is placed twice: both 'at ${d.at.name}' and 'site ='; keep one`, [
        { title: "Remove 'site ='", edits: [removeAttributeKeepingComments(origin.file, attribute.span, withLeadingSpace)] },
      ]);
    }
    if (d.at) return this.resolve(origin, { name: d.at.name, span: d.at.span, glob: false }, 'site')[0];
    if (attribute) return this.resolveOne(reading, 'site', 'site');
    const span = d.name?.span ?? d.keywordSpan;
    const sites = this.names('site').names;
    const site = sites.length === 1 ? sites[0] : 'site';
    this.report('VMM006', origin, span, `${d.kind} '${d.name?.name}' has no site: write 'at SITE' or 'site = SITE'`, [
      { title: `Insert 'site = ${site}'`, edits: [insertAttribute(origin.file, d, 'site', site)] },
    ]);
    return undefined;
  }
}

/**
 * The names declared so far in one namespace, which finds the first declaration of a name. While
 * the names come in the order the last build (which found no name twice) saw them, none is
 * declared twice and no map is needed; from the first that differs, they are looked up in one.
 */
class Namespace {
  readonly names: string[] = [];
  private readonly origins: Origin[] = [];
  private byName?: Map<string, Origin>;
  duplicated = false;

  constructor(private readonly last: readonly string[] | undefined) {}

  /** The first declaration of `name`, where this one is not; else records this one and gives undefined. */
  first(name: string, origin: Origin): Origin | undefined {
    const i = this.names.length;
    if (!this.byName) {
      if (this.last && i < this.last.length && this.last[i] === name) {
        this.names.push(name);
        this.origins.push(origin);
        return undefined;
      }
      this.byName = new Map();
      for (let j = 0; j < i; j++) this.byName.set(this.names[j], this.origins[j]);
    }
    const previous = this.byName.get(name);
    if (previous) {
      this.duplicated = true;
      return previous;
    }
    this.byName.set(name, origin);
    this.names.push(name);
    this.origins.push(origin);
    return undefined;
  }
}

/** `vm or service`, `site`. */
function kindWords(kinds: readonly string[]): string {
  return kinds.join(' or ');
}

/** One shape for every reference (a spread of differently shaped objects is slow on large models). */
function modelReference(reference: Reference, kind: string, file: SourceFile, targets: string[]): ModelReference {
  return { name: reference.name, span: reference.span, glob: reference.glob, kind, file, targets };
}

/** An item's span with the blanks before it, so that removing it leaves no gap (or no empty line). */
export function withLeadingSpace(text: string, span: Span): Span {
  let start = span.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] === '\n') {
    start--;
    if (start > 0 && text[start - 1] === '\r') start--;
  }
  return { start, end: span.end };
}

export { describe };
