/**
 * Data derived from parts of a model (an L2 domain map from the links, the reverse indexes from the
 * vms and services, the paths from the links), kept from one check to the next while those parts
 * are the same objects. It belongs to a document's session (the editor keeps one per open
 * document, a CLI run one per file), never to a module: a cache keyed on a module-level map goes
 * stale silently when another path changes what it was keyed on.
 */
export type Derive = <T>(key: string, inputs: readonly unknown[], compute: (previous?: Previous<T>) => T) => T;

/** What the last computation under a key was given and gave: a computation may bring it up to date instead of starting over. */
export interface Previous<T> {
  inputs: readonly unknown[];
  value: T;
}

export class DerivedStore {
  private readonly entries = new Map<string, Previous<unknown>>();

  /**
   * The value `compute` gives for `inputs`, computed again only when an input is not the same
   * (by `===`) as last time under this key. A key names one kind of derived data; its inputs are
   * every part of the model the computation reads.
   */
  readonly derive: Derive = <T>(key: string, inputs: readonly unknown[], compute: (previous?: Previous<T>) => T): T => {
    const previous = this.entries.get(key) as Previous<T> | undefined;
    if (previous && sameItems(previous.inputs, inputs)) return previous.value;
    const value = compute(previous);
    this.entries.set(key, { inputs: inputs.slice(), value });
    return value;
  };

  /** Forgets everything (a settings change, a closed document). */
  clear(): void {
    this.entries.clear();
  }
}

/** Whether two lists hold the same items (by `===`) in the same order. */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
