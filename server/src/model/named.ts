/**
 * A kind's entities by name: the list the builder made, and where each name's (first) entity is
 * in it. A build whose entities of a kind carry the same names in the same order as the last
 * build's takes the last position index over, so that a keystroke in one of 20,000 VMs builds no
 * map of 20,000 names (the entities themselves may be new). Read-only, as a model is.
 */
export class NamedEntities<T extends object> implements ReadonlyMap<string, T> {
  private constructor(
    private readonly list: readonly T[],
    /** name → the position of its first entity in `list` */
    readonly positions: ReadonlyMap<string, number>,
    /** Whether every entity of the list has a name of its own (then iterating is iterating the list). */
    private readonly unique: boolean,
  ) {}

  /** The entities of `list` by name, with the positions of `last` where its list has the same names in the same order. */
  static of<T extends object>(list: readonly T[], last?: NamedEntities<T>): NamedEntities<T> {
    if (last && sameNames(last.list, list)) return new NamedEntities(list, last.positions, last.unique);
    const positions = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const name = nameOf(list[i]);
      if (name !== undefined && !positions.has(name)) positions.set(name, i);
    }
    return new NamedEntities(list, positions, positions.size === list.length);
  }

  /**
   * The entities that differ from `last`'s at the same position, with the one each replaces, where
   * the two have the same index of names (so the same names at the same places); else undefined.
   */
  replacedSince(last: NamedEntities<T>): [before: T, after: T][] | undefined {
    if (last.positions !== this.positions || last.list.length !== this.list.length) return undefined;
    const replaced: [T, T][] = [];
    for (let i = 0; i < this.list.length; i++) if (this.list[i] !== last.list[i]) replaced.push([last.list[i], this.list[i]]);
    return replaced;
  }

  get size(): number {
    return this.positions.size;
  }

  get(name: string): T | undefined {
    const i = this.positions.get(name);
    return i === undefined ? undefined : this.list[i];
  }

  has(name: string): boolean {
    return this.positions.has(name);
  }

  *entries(): MapIterator<[string, T]> {
    for (const [name, i] of this.positions) yield [name, this.list[i]];
  }

  keys(): MapIterator<string> {
    return this.positions.keys();
  }

  values(): MapIterator<T> {
    return this.unique ? this.list.values() : this.named();
  }

  [Symbol.iterator](): MapIterator<[string, T]> {
    return this.entries();
  }

  forEach(callback: (value: T, key: string, map: ReadonlyMap<string, T>) => void, thisArg?: unknown): void {
    for (const [name, i] of this.positions) callback.call(thisArg, this.list[i], name, this);
  }

  private *named(): MapIterator<T> {
    for (const i of this.positions.values()) yield this.list[i];
  }
}

/** An entity's declared name (every named kind's entity has `name`; the others have none). */
function nameOf(entity: object): string | undefined {
  return (entity as { name?: string }).name;
}

function sameNames(a: readonly object[], b: readonly object[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (nameOf(a[i]) !== nameOf(b[i])) return false;
  return true;
}
