import type { Diagnostic } from './checker.js';
import { LineIndex } from './text.js';

/**
 * The source with each diagnostic written under the line it starts on (`~~~` under its range):
 * the form of the golden files, readable in a review diff.
 */
export function annotate(text: string, diagnostics: Diagnostic[]): string {
  const lines = new LineIndex(text);
  const sourceLines = text.split(/\r\n|\r|\n/);
  const byLine = new Map<number, Diagnostic[]>();
  for (const d of diagnostics) {
    const line = d.range.start.line;
    let onLine = byLine.get(line);
    if (!onLine) {
      onLine = [];
      byLine.set(line, onLine);
    }
    onLine.push(d);
  }
  const out: string[] = [];
  sourceLines.forEach((source, line) => {
    out.push(source);
    for (const d of byLine.get(line) ?? []) {
      const start = d.range.start.character;
      const end = d.range.end.line === line ? d.range.end.character : source.length;
      const marks = ' '.repeat(start) + '~'.repeat(Math.max(1, end - start));
      out.push(`${marks}`);
      out.push(`${' '.repeat(start)}${d.severity} ${d.code}: ${d.message}`);
    }
  });
  void lines;
  return out.join('\n');
}
