/** Converts offsets to 0-based line/character positions (UTF-16 code units, as LSP counts them). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  /** The offset where each line starts (a typed array: an edit copies it at memory speed). */
  private readonly starts: Uint32Array;
  /** The text's line ending, once looked at (see `newline`). */
  private lineEnding: string | undefined;

  /** `starts`: the line starts, where the caller already has them (see `edited`). */
  constructor(
    readonly text: string,
    starts?: Uint32Array,
  ) {
    if (starts) {
      this.starts = starts;
      return;
    }
    const found = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) found.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        found.push(i + 1);
      }
    }
    this.starts = Uint32Array.from(found);
  }

  /**
   * The index of a text that differs from the previous one's only between `prefix` characters at
   * its start and `suffix` characters at its end: the line starts before the change are kept, those
   * in it found again, those after it moved (an editor's keystroke in a 200,000-line file).
   */
  static edited(previous: LineIndex, text: string, prefix: number, suffix: number): LineIndex {
    const old = previous.starts;
    const delta = text.length - previous.text.length;
    const oldEnd = previous.text.length - suffix;
    const newEnd = text.length - suffix;
    // A start depends on the two characters before and at it: kept below the change, moved past it.
    const kept = Math.max(1, firstAtLeast(old, prefix));
    const moved = firstAtLeast(old, oldEnd + 1);
    const found: number[] = [];
    for (let i = Math.max(0, prefix - 1); i < newEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) found.push(i + 1);
    }
    const starts = new Uint32Array(kept + found.length + (old.length - moved));
    starts.set(old.subarray(0, kept));
    starts.set(found, kept);
    const at = kept + found.length;
    starts.set(old.subarray(moved), at);
    if (delta !== 0) for (let i = at; i < starts.length; i++) starts[i] += delta;
    return new LineIndex(text, starts);
  }

  /**
   * The text's line ending, for the lines fixes insert: `\r\n` when its first `\n` follows a `\r`,
   * `\r` when it breaks lines with `\r` alone, else `\n`. Looked at once per text (fixes are built
   * by the thousand on a large file): the text of an index never changes.
   */
  get newline(): string {
    if (this.lineEnding === undefined) {
      const text = this.text;
      const lf = text.indexOf('\n');
      this.lineEnding = lf > 0 && text[lf - 1] === '\r' ? '\r\n' : lf < 0 && text.includes('\r') ? '\r' : '\n';
    }
    return this.lineEnding;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/**
 * The Levenshtein distance of `a` and `b`, for did-you-mean, where it is at most `bound`; else a
 * number above `bound`: a row's least value never falls in the rows after it, so the rows stop once
 * it is past the bound. `row` is room to work in, reused from call to call.
 */
export function distanceWithin(a: string, b: string, bound: number, row: number[]): number {
  if (Math.abs(a.length - b.length) > bound) return Math.floor(bound) + 1;
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    let least = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      const value = Math.min(current + 1, row[j - 1] + 1, previous + (c === b.charCodeAt(j - 1) ? 0 : 1));
      row[j] = value;
      if (value < least) least = value;
      previous = current;
    }
    if (least > bound) return Math.floor(bound) + 1;
  }
  return row[b.length];
}

/** Whether `candidate` in lower case is `lower`, without making a string where both are ASCII. */
function sameIgnoringCase(candidate: string, lower: string): boolean {
  // Beyond ASCII a change of case can change the length (`İ` is two code units in lower case).
  if (candidate.length !== lower.length) return !isAscii(candidate) && candidate.toLowerCase() === lower;
  for (let i = 0; i < candidate.length; i++) {
    const a = candidate.charCodeAt(i);
    if (a > 127) return candidate.toLowerCase() === lower;
    if ((a >= 65 && a <= 90 ? a + 32 : a) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** The closest candidate, when it is close enough to be what the user meant. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  // The edit distance costs the product of the lengths: a runaway name (a megabyte of letters)
  // would stall the check, and is no typo of anything.
  if (word.length > MAX_SUGGESTED_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const row: number[] = [];
  for (const candidate of candidates) {
    // Names of lengths further apart than the limit are further apart than the limit.
    if (Math.abs(candidate.length - word.length) > limit) continue;
    // Only a distance that could still win is worked out exactly (one of 20,000 VM names, each keystroke).
    const d = sameIgnoringCase(candidate, lower) ? 0.5 : distanceWithin(word, candidate, Math.min(limit, bestDistance), row);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

const MAX_SUGGESTED_LENGTH = 100;

/** The first index whose value is at least `value` in the sorted `list` (its length if none). */
function firstAtLeast(list: Uint32Array, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many characters two texts share at their start. Found by halving with whole-string
 * comparisons (each a memory comparison), not character by character: about two passes over 3 MB
 * at memory speed instead of a million `charCodeAt` calls.
 */
export function commonPrefix(a: string, b: string): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  while (hi - lo > 64) {
    const mid = (lo + hi) >> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid;
  }
  while (lo < hi && a.charCodeAt(lo) === b.charCodeAt(lo)) lo++;
  return lo;
}

/** How many characters two texts share at their end, at most `limit`. */
export function commonSuffix(a: string, b: string, limit: number): number {
  let lo = 0;
  let hi = limit;
  while (hi - lo > 64) {
    const mid = (lo + hi) >> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid;
  }
  while (lo < hi && a.charCodeAt(a.length - 1 - lo) === b.charCodeAt(b.length - 1 - lo)) lo++;
  return lo;
}
