/**
 * Names made identifiers (spec §11): characters outside `[A-Za-z0-9_.-]` become `-`; a name that
 * does not start with a letter or `_` gets its kind's prefix (`vm-`, `ds-`, `net-`, `site-`); a
 * name taken twice gets `-2`, `-3`, …. The original is kept for a comment.
 */

export type NameKind = 'vm' | 'ds' | 'net' | 'site';

/** `name` as an identifier of the language (`[A-Za-z_][A-Za-z0-9_.-]*`). */
export function identifierOf(name: string, kind: NameKind): string {
  const replaced = name.replace(/[^A-Za-z0-9_.-]/g, '-');
  return /^[A-Za-z_]/.test(replaced) ? replaced : `${kind}-${replaced}`;
}

/** One namespace's names, given out in the order asked: the first to ask for a name has it. */
export class NameTable {
  private readonly taken = new Set<string>();

  constructor(private readonly kind: NameKind) {}

  /** The identifier for `name`, unique in this table; `renamed` when it is not the name itself. */
  allocate(name: string): { id: string; renamed: boolean } {
    const base = identifierOf(name, this.kind);
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
    this.taken.add(id);
    return { id, renamed: id !== name };
  }
}

/** Text kept on one line: control characters and line separators become spaces. */
export function oneLine(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? ' ' : c;
  }
  return out;
}

/** A name as a comment can hold it: one line, quoted. */
export function quoted(name: string): string {
  return JSON.stringify(oneLine(name));
}
