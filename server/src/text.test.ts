import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closest, distanceWithin, LineIndex } from './text.js';

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function sharedEnds(a: string, b: string): { prefix: number; suffix: number } {
  let prefix = 0;
  while (prefix < Math.min(a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < Math.min(a.length, b.length) - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { prefix, suffix };
}

test('LineIndex.edited gives the lines a fresh index gives, line endings split and joined included', () => {
  const next = random(42);
  const pieces = ['\n', '\r', '\r\n', 'a', 'bc', ' ', '\n\n', '\r\r\n'];
  let edits = 0;
  for (let run = 0; run < 400; run++) {
    let text = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
    let index = new LineIndex(text);
    for (let step = 0; step < 6; step++) {
      const at = Math.floor(next() * (text.length + 1));
      const removed = Math.floor(next() * 3);
      const edited = text.slice(0, at) + (next() < 0.7 ? pieces[Math.floor(next() * pieces.length)] : '') + text.slice(at + removed);
      const { prefix, suffix } = sharedEnds(text, edited);
      index = LineIndex.edited(index, edited, prefix, suffix);
      const fresh = new LineIndex(edited);
      assert.equal(index.lineCount, fresh.lineCount, JSON.stringify({ text, edited }));
      for (let o = 0; o <= edited.length; o++) assert.deepEqual(index.position(o), fresh.position(o), JSON.stringify({ text, edited, o }));
      text = edited;
      edits++;
    }
  }
  assert.equal(edits, 2400);
});

test('the line ending fixes write is the one the text uses: \\r\\n, \\r alone, else \\n', () => {
  assert.equal(new LineIndex('vm a {}\r\nvm b {}\r\n').newline, '\r\n');
  assert.equal(new LineIndex('vm a {}\rvm b {}').newline, '\r');
  assert.equal(new LineIndex('vm a {}\nvm b {}\r\n').newline, '\n');
  assert.equal(new LineIndex('vm a {}').newline, '\n');
  assert.equal(new LineIndex('').newline, '\n');
  // An edited text is another index, its line ending looked at again.
  const before = new LineIndex('vm a {}');
  assert.equal(before.newline, '\n');
  assert.equal(LineIndex.edited(before, 'vm a {}\r\n', 7, 0).newline, '\r\n');
});

/** The whole Levenshtein distance, row by row: what `distanceWithin` must give up to its bound. */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** `closest` as it was before the bounded distance: every candidate's whole edit distance. */
function closestByWholeDistance(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 100) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const d = candidate.toLowerCase() === lower ? 0.5 : editDistance(word, candidate);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

test('closest suggests what the whole edit distance suggests, and distanceWithin is exact up to its bound (seeded words, cases, non-ASCII)', () => {
  const next = random(5);
  const letters = ['a', 'b', 'c', 'A', 'B', '-', '0', '1', 'İ', 'i', 'K', 'k', '\u212a'];
  const word = () => Array.from({ length: Math.floor(next() * 9) }, () => letters[Math.floor(next() * letters.length)]).join('');
  const row: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const target = word();
    const candidates = Array.from({ length: 1 + Math.floor(next() * 12) }, () => (next() < 0.3 ? target.toUpperCase() : word()));
    assert.equal(closest(target, candidates), closestByWholeDistance(target, candidates), `closest(${JSON.stringify(target)}, ${JSON.stringify(candidates)})`);
    const other = candidates[0];
    const bound = Math.floor(next() * 4);
    const whole = editDistance(target, other);
    const within = distanceWithin(target, other, bound, row);
    if (whole <= bound) assert.equal(within, whole, `distanceWithin(${JSON.stringify(target)}, ${JSON.stringify(other)}, ${bound})`);
    else assert.ok(within > bound, `distanceWithin(${JSON.stringify(target)}, ${JSON.stringify(other)}, ${bound}) = ${within}`);
  }
});
