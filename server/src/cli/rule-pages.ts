/**
 * A rule's fuller description for SARIF (`fullDescription`), read from its page in docs/rules:
 * the opening of its "What it catches" section. `scripts/rule-descriptions.mjs` writes the table of
 * rule-descriptions.ts with it, and a test holds that table to the pages.
 */

export interface RuleDescription {
  text: string;
  markdown: string;
}

/** Markdown inline marks removed: code spans, emphasis, links (their text kept). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*([^*\s][^*]*)\*(?=[^\w*]|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The opening of the page's "What it catches" section, as one paragraph: its first paragraph, and
 * while that has not ended a sentence, the next (a one-line formula is run in, a list's items are
 * joined with semicolons). It stops at a code block (a colon that announced it ends the sentence
 * instead) or at a table, of which a sentence that announced it takes the first column's entries.
 * Undefined when the page has no such section.
 */
export function ruleDescription(page: string): RuleDescription | undefined {
  const lines = page.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^## What it catches\s*$/.test(l));
  if (start < 0) return undefined;
  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6} /.test(line)) break;
    if (line.trim() === '') {
      if (current.length) paragraphs.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) paragraphs.push(current);

  const parts: string[] = [];
  for (const paragraph of paragraphs) {
    const first = paragraph[0].trimStart();
    if (first.startsWith('|')) {
      // A table the sentence announced: what its first column lists.
      if (parts.length > 0 && parts[parts.length - 1].endsWith(':')) {
        const cells = paragraph.slice(2).map((row) => row.split('|')[1]?.trim() ?? '');
        parts[parts.length - 1] += ` ${cells.filter((c) => c !== '').join(', ')}.`;
      }
      break;
    }
    if (first.startsWith('```')) break;
    let part: string;
    if (/^[-*] /.test(first)) {
      // A list: one item per bullet (an item's continuation lines joined to it).
      const items: string[] = [];
      for (const line of paragraph) {
        if (/^\s*[-*] /.test(line)) items.push(line.replace(/^\s*[-*] /, ''));
        else items[items.length - 1] += ` ${line.trim()}`;
      }
      const trimmed = items.map((i) => i.trim().replace(/[;,.]$/, ''));
      // `…; or` ends an item that the next one continues: kept, not doubled.
      part = trimmed.reduce((all, item) => (all === '' ? item : `${all}${/; (or|and)$/.test(all) ? ' ' : '; '}${item}`), '') + '.';
    } else part = paragraph.map((l) => l.trim()).join(' ');
    parts.push(part);
    if (/[.!?)]$/.test(part) && !/:$/.test(part)) break;
  }
  if (parts.length === 0) return undefined;
  // A sentence the table or code block below finished: it ends here.
  let markdown = parts.reduce((all, part) => {
    if (all === '') return part;
    return /[:;.]$/.test(all) ? `${all} ${part}` : `${all} ${part.endsWith('.') ? part : `${part};`}`;
  }, '');
  markdown = markdown.replace(/[:;]$/, '.');
  if (!/[.!?]\)?$/.test(markdown)) markdown += '.';
  return { text: plainText(markdown), markdown };
}
