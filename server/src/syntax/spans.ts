import type { Body, Declaration, Span } from './ast.js';

/** Where a declaration's header ends: the last of its keyword, name, site, ends, path, destination and targets. */
function headerEnd(d: Declaration): number {
  let end = d.start + d.kind.length;
  if (d.name) end = Math.max(end, d.name.end);
  if (d.at) end = Math.max(end, d.at.end);
  if (d.ends?.[0]) end = Math.max(end, d.ends[0].end);
  if (d.ends?.[1]) end = Math.max(end, d.ends[1].end);
  if (d.to) end = Math.max(end, d.to.end);
  if (d.path) end = Math.max(end, d.path.end);
  if (d.targets) for (const t of d.targets) end = Math.max(end, t.end);
  return end;
}

/** The header of a declaration (`migrate web-* to dc-b`, `vm web-01 at dc-a`), where most rules point. */
export function headerSpan(d: Declaration): Span {
  return { start: d.start, end: headerEnd(d) };
}

/**
 * Ends a parsed declaration's span (both parsers call it once a declaration is read): at its header
 * or its body, whichever ends later; each block ends with its body, and a body left open (recovered)
 * with the last thing it holds.
 */
export function finishSpans(d: Declaration): void {
  d.end = d.body ? Math.max(headerEnd(d), bodyEnd(d.body)) : headerEnd(d);
}

function bodyEnd(body: Body): number {
  let end = body.end;
  for (const item of body.items) {
    if (item.kind === 'block') item.end = bodyEnd(item.body);
    end = Math.max(end, item.end);
  }
  if (!body.closed) body.end = end;
  return body.end;
}
