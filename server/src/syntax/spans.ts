import type { Declaration, Span } from './ast.js';

/** The header of a declaration (`migrate web-* to dc-b`, `vm web-01 at dc-a`), where most rules point. */
export function headerSpan(d: Declaration): Span {
  let end = d.keywordSpan.end;
  for (const part of [d.name?.span, d.at?.span, d.ends?.[0]?.span, d.ends?.[1]?.span, d.to?.span, d.path?.span]) if (part) end = Math.max(end, part.end);
  for (const t of d.targets ?? []) end = Math.max(end, t.span.end);
  return { start: d.keywordSpan.start, end };
}
