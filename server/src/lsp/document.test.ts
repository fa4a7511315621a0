import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditorDocument } from './document.js';

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** The LSP position of an offset, read off the text alone: lines end at \n, \r\n or a lone \r. */
function positionIn(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

/** What the client does: replaces the range of the text it holds. */
function edited(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

test('an edit inserting \\r before an existing \\n keeps the text and its lines (the library counted a phantom line)', () => {
  const start = 'site a {}\nsite b {}\n';
  const first = { range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, text: '\r' };
  // A later edit on line 1, as the client counts lines after the first edit: 'site b' becomes 'site c'.
  const second = { range: { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } }, text: 'c' };
  const ours = EditorDocument.update(EditorDocument.create('file:///a.vmm', 'vmm', 1, start), [first, second], 2);
  assert.equal(ours.getText(), 'site a {}\r\nsite c {}\n');
  assert.equal(ours.lineCount, 3);
  // The library's own update, for the record: the phantom line puts the second edit elsewhere.
  const theirs = TextDocument.create('file:///a.vmm', 'vmm', 1, start);
  TextDocument.update(theirs, [first, second], 2);
  assert.notEqual(theirs.getText(), ours.getText());
});

test('an edit inserting \\n after a lone \\r joins the two into one line break', () => {
  const doc = EditorDocument.create('file:///a.vmm', 'vmm', 1, 'site a {}\rsite b {}');
  const after = EditorDocument.update(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }], 2);
  assert.equal(after.getText(), 'site a {}\r\nsite b {}');
  assert.equal(after.lineCount, 2);
  assert.deepEqual(after.positionAt(10), { line: 0, character: 9 }, 'inside a \\r\\n pair is the end of its line');
  assert.equal(after.offsetAt({ line: 0, character: 40 }), 9, 'a character past the end is the end, before the line break');
  assert.equal(after.offsetAt({ line: 7, character: 0 }), after.getText().length);
});

test('property: incremental changes with CR, LF and CRLF keep the text identical to the client’s, and its lines those of a fresh copy', () => {
  const next = random(1717);
  const pieces = ['\n', '\r', '\r\n', 'a', 'site b {', '}', ' ', '\n\n', '\r\r\n', '\n\r', 'é', '😀'];
  const piece = () => pieces[Math.floor(next() * pieces.length)];
  let checked = 0;
  for (let run = 0; run < 300; run++) {
    let text = Array.from({ length: Math.floor(next() * 14) }, piece).join('');
    let doc = EditorDocument.create('file:///p.vmm', 'vmm', 0, text);
    for (let step = 1; step <= 12; step++) {
      // One notification may carry several changes, each against the text the previous one left.
      const changes = [];
      for (let k = 0, n = 1 + Math.floor(next() * 3); k < n; k++) {
        const a = Math.floor(next() * (text.length + 1));
        const b = Math.min(text.length, a + Math.floor(next() * 4));
        const insert = next() < 0.8 ? Array.from({ length: 1 + Math.floor(next() * 2) }, piece).join('') : '';
        // A range may be given end first. A position cannot say "between \r and \n", and an editor
        // never splits a surrogate pair: such an offset is taken one back.
        const [from, to] = [a, b].map((o) => (o > 0 && (/[\uDC00-\uDFFF]/.test(text[o] ?? '') || (text[o - 1] === '\r' && text[o] === '\n')) ? o - 1 : o));
        const range = { start: positionIn(text, from), end: positionIn(text, to) };
        changes.push(next() < 0.1 ? { range: { start: range.end, end: range.start }, text: insert } : { range, text: insert });
        text = edited(text, from, to, insert);
      }
      doc = EditorDocument.update(doc, changes, step);
      assert.equal(doc.getText(), text, `run ${run} step ${step}`);
      const fresh = TextDocument.create('file:///p.vmm', 'vmm', step, text);
      assert.equal(doc.lineCount, fresh.lineCount, `run ${run} step ${step}: lines`);
      for (let offset = 0; offset <= text.length; offset++) {
        assert.deepEqual(doc.positionAt(offset), fresh.positionAt(offset), `run ${run} step ${step}: position of ${offset} in ${JSON.stringify(text)}`);
      }
      for (let line = 0; line <= fresh.lineCount; line++) {
        for (const character of [0, 1, 3, 1000]) {
          assert.equal(doc.offsetAt({ line, character }), fresh.offsetAt({ line, character }), `run ${run} step ${step}: offset of ${line}:${character}`);
        }
      }
      checked++;
    }
  }
  assert.equal(checked, 3600);
});
