import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../text.js';

/**
 * An open document as the editor holds it: its text, kept identical to the client's through every
 * incremental change whatever the line endings. `vscode-languageserver-textdocument` 1.0.12 counts
 * a phantom line when a change puts `\r` right before an existing `\n` (or `\n` right after a lone
 * `\r`): it splices the line starts of the inserted text alone, never looking at the characters on
 * either side of it, and every later change then lands on the wrong line. Here the line starts
 * come from text.ts's LineIndex, which re-reads the characters around a change (a `\r\n` pair
 * split or joined by it included), and positions are read as LSP says: a line ends at `\n`,
 * `\r\n` or a lone `\r`; a character past the end of its line is the line's end.
 */
export class EditorDocument implements TextDocument {
  private constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    private readonly lines: LineIndex,
  ) {}

  static create(uri: string, languageId: string, version: number, text: string): EditorDocument {
    return new EditorDocument(uri, languageId, version, new LineIndex(text));
  }

  /** The document after the client's changes, applied in order (each range is in the text the previous one left). */
  static update(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): EditorDocument {
    let lines = document instanceof EditorDocument ? document.lines : new LineIndex(document.getText());
    for (const change of changes) {
      if (!('range' in change) || change.range === undefined) {
        lines = new LineIndex(change.text);
        continue;
      }
      const before = lines.text;
      const [from, to] = ordered(offsetIn(lines, change.range.start), offsetIn(lines, change.range.end));
      const text = before.slice(0, from) + change.text + before.slice(to);
      lines = LineIndex.edited(lines, text, from, before.length - to);
    }
    return new EditorDocument(document.uri, document.languageId, version, lines);
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }

  getText(range?: Range): string {
    if (!range) return this.lines.text;
    const [from, to] = ordered(this.offsetAt(range.start), this.offsetAt(range.end));
    return this.lines.text.slice(from, to);
  }

  offsetAt(position: Position): number {
    return offsetIn(this.lines, position);
  }

  positionAt(offset: number): Position {
    const text = this.lines.text;
    let at = Math.max(0, Math.min(Math.floor(offset) || 0, text.length));
    // Inside a `\r\n` pair is the end of its line.
    if (at > 0 && text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) === 10) at--;
    return this.lines.position(at);
  }
}

function ordered(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

/** The offset of an LSP position: a line past the last is the end of the text, a character past its line's end is that end. */
function offsetIn(lines: LineIndex, position: Position): number {
  const text = lines.text;
  if (position.line < 0) return 0;
  if (position.line >= lines.lineCount) return text.length;
  const start = lines.lineStart(position.line);
  const next = position.line + 1 < lines.lineCount ? lines.lineStart(position.line + 1) : text.length;
  let end = next;
  while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return Math.min(start + Math.max(0, position.character), end);
}
