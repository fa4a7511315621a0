import { sameItems } from '../derived.js';
/**
 * The names declared of one kind, in declaration order. A build that finds the same names as the
 * last one takes the last table over (the same object: what was resolved against it still holds,
 * and its glob index is kept).
 */
export class NameTable {
  readonly set: ReadonlySet<string>;
  private globIndex?: GlobIndex;

  constructor(readonly names: readonly string[]) {
    this.set = new Set(names);
  }

  has(name: string): boolean {
    return this.set.has(name);
  }

  /** The names a glob matches, in declaration order (spec §2: a trailing `*`, case-sensitive). */
  matches(glob: string): string[] {
    return (this.globIndex ??= new GlobIndex(this.names)).matches(glob);
  }

  /** This table, where `names` are the same names in the same order; else a new one. */
  static reuse(previous: NameTable | undefined, names: readonly string[]): NameTable {
    if (previous && sameItems(previous.names, names)) return previous;
    return new NameTable(names);
  }
}

/** Names sorted once, so that a glob's matches are found by binary search, then given in declaration order. */
export class GlobIndex {
  private readonly sorted: { name: string; order: number }[];

  constructor(names: readonly string[]) {
    this.sorted = names.map((name, order) => ({ name, order })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  matches(glob: string): string[] {
    const prefix = glob.slice(0, -1);
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].name < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: { name: string; order: number }[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i].name.startsWith(prefix); i++) found.push(this.sorted[i]);
    return found.sort((a, b) => a.order - b.order).map((f) => f.name);
  }
}

export function globMatches(glob: string, name: string): boolean {
  return name.startsWith(glob.slice(0, -1));
}
