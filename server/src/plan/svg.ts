/**
 * The topology picture: sites, links and migrations as one self-contained SVG (no external
 * references, no scripts). Each drawn group and its shapes carry `data-kind`, `data-name` and
 * `data-offset` (the start offset of the declaration, in the file named by `data-file` when it
 * is an imported one), so an editor can reveal the declaration on click.
 */
import * as path from 'node:path';
import type { CheckResult } from '../checker.js';
import type { Link, Method, Origin } from '../model/model.js';
import { formatDuration, formatRate } from '../format.js';
import type { Plan } from './plan.js';
import { Concerns } from './concerns.js';

const WIDTH = 960;
const HEIGHT = 600;
/** Where sites go: the left part of the picture; the legend is on the right. */
const AREA = { left: 70, top: 80, right: 700, bottom: 540 };
const SITE_RADIUS = 14;
/** Sites closer than this are pushed apart, so nearby data centers (a metro pair) stay readable. */
const MIN_SITE_GAP = 170;

export const METHOD_COLOURS: Record<Method, string> = {
  live: '#2563eb',
  routed: '#7c3aed',
  cold: '#0e7490',
  federate: '#16a34a',
};
const PROBLEM = '#dc2626';
const WARNING = '#d97706';
const INFO = '#6b7280';

/**
 * The limits of spec §6 and §7 a migration can break: RTT, bandwidth, distance, convergence,
 * downtime, window and deadline. A link carrying a migration that breaks one is drawn as a problem.
 */
const LIMIT_CODES: ReadonlySet<string> = new Set(['VMM101', 'VMM102', 'VMM103', 'VMM201', 'VMM202', 'VMM203', 'VMM206']);

const XML_ESCAPES: Partial<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

interface Point {
  x: number;
  y: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Site positions: an equirectangular projection (longitude scaled by the cosine of the mean
 * latitude) fitted to the area when every site has a location, else a circle in declaration order.
 */
export function layoutSites(sites: { name: string; location?: [number, number] }[]): Map<string, Point> {
  const width = AREA.right - AREA.left;
  const height = AREA.bottom - AREA.top;
  const centre = { x: AREA.left + width / 2, y: AREA.top + height / 2 };
  let points: Point[];
  const locations = sites.flatMap((s) => (s.location ? [s.location] : []));
  if (sites.length > 0 && locations.length === sites.length) {
    const meanLat = locations.reduce((sum, l) => sum + l[0], 0) / sites.length;
    const k = Math.cos((meanLat * Math.PI) / 180);
    const raw = locations.map((l) => ({ x: l[1] * k, y: -l[0] }));
    const minX = Math.min(...raw.map((p) => p.x));
    const maxX = Math.max(...raw.map((p) => p.x));
    const minY = Math.min(...raw.map((p) => p.y));
    const maxY = Math.max(...raw.map((p) => p.y));
    const spanX = maxX - minX;
    const spanY = maxY - minY;
    const scale = Math.min(spanX > 0 ? width / spanX : Infinity, spanY > 0 ? height / spanY : Infinity);
    const s = Number.isFinite(scale) ? scale : 0;
    points = raw.map((p) => ({ x: centre.x + (p.x - (minX + maxX) / 2) * s, y: centre.y + (p.y - (minY + maxY) / 2) * s }));
  } else {
    const r = Math.min(width, height) / 2;
    points = sites.map((_, i) =>
      sites.length === 1
        ? { ...centre }
        : { x: centre.x + r * Math.sin((2 * Math.PI * i) / sites.length), y: centre.y - r * Math.cos((2 * Math.PI * i) / sites.length) },
    );
  }
  separate(points);
  return new Map(sites.map((s, i) => [s.name, { x: round(points[i].x), y: round(points[i].y) }]));
}

/** Pushes sites that stand too close apart, a few deterministic rounds, kept inside the area. */
function separate(points: Point[]): void {
  for (let iteration = 0; iteration < 200; iteration++) {
    let moved = false;
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        const dx = points[j].x - points[i].x;
        const dy = points[j].y - points[i].y;
        const d = Math.hypot(dx, dy);
        if (d >= MIN_SITE_GAP - 0.5) continue;
        // Coincident sites part along a direction of their own, so the result does not depend on luck.
        const angle = (2 * Math.PI * (i * 7 + j * 3)) / 16;
        const [ux, uy] = d > 1e-6 ? [dx / d, dy / d] : [Math.cos(angle), Math.sin(angle)];
        const push = (MIN_SITE_GAP - d) / 2;
        points[i].x -= ux * push;
        points[i].y -= uy * push;
        points[j].x += ux * push;
        points[j].y += uy * push;
        moved = true;
      }
    }
    for (const p of points) {
      p.x = Math.min(AREA.right, Math.max(AREA.left, p.x));
      p.y = Math.min(AREA.bottom, Math.max(AREA.top, p.y));
    }
    if (!moved) break;
  }
}

/** The attributes that lead the editor back to a declaration. */
function anchor(result: CheckResult, kind: string, name: string, origin?: Origin): string {
  let attributes = `data-kind="${kind}" data-name="${escapeXml(name)}"`;
  if (origin) {
    attributes += ` data-offset="${origin.declaration.span.start}"`;
    if (origin.file !== result.file) {
      const relative = path.relative(path.dirname(result.file.path), origin.file.path).split(path.sep).join('/');
      attributes += ` data-file="${escapeXml(relative)}"`;
    }
  }
  return attributes;
}

function linkName(link: Link): string {
  return `${link.a} <-> ${link.b}`;
}

type Status = 'error' | 'warning' | 'info' | 'ok';

function worst(diagnostics: { severity: string }[]): Status {
  for (const s of ['error', 'warning', 'info'] as const) if (diagnostics.some((d) => d.severity === s)) return s;
  return 'ok';
}

/** A curve from one site to another, bulging `bulge` px to the left of the direction of travel. */
function curve(from: Point, to: Point, bulge: number): { d: string; at: (t: number) => Point } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const normal = { x: dy / length, y: -dx / length };
  const mid = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  const control = { x: mid.x + normal.x * bulge * 2, y: mid.y + normal.y * bulge * 2 };
  // Start and end on the rims of the site circles, not their centres, so the arrowhead shows.
  const toward = (p: Point, q: Point, by: number) => {
    const l = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    return { x: p.x + ((q.x - p.x) / l) * by, y: p.y + ((q.y - p.y) / l) * by };
  };
  const start = toward(from, control, SITE_RADIUS + 2);
  const end = toward(to, control, SITE_RADIUS + 4);
  const at = (t: number) => ({
    x: (1 - t) ** 2 * from.x + 2 * (1 - t) * t * control.x + t ** 2 * to.x,
    y: (1 - t) ** 2 * from.y + 2 * (1 - t) * t * control.y + t ** 2 * to.y,
  });
  return { d: `M ${round(start.x)} ${round(start.y)} Q ${round(control.x)} ${round(control.y)} ${round(end.x)} ${round(end.y)}`, at };
}

/** An axis-aligned box: centre and half sizes. */
interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function box(centre: Point, width: number, height: number): Box {
  return { x: centre.x, y: centre.y, w: width / 2, h: height / 2 };
}

/**
 * The space a label turned by `degrees` about its centre covers, as a chain of small boxes along
 * it (one box around a slanted label would cover the whole space between two sites).
 */
function rotatedBoxes(centre: Point, width: number, lines: number[], degrees: number): Box[] {
  const r = (degrees * Math.PI) / 180;
  const along = { x: Math.cos(r), y: Math.sin(r) };
  const across = { x: -Math.sin(r), y: Math.cos(r) };
  const boxes: Box[] = [];
  for (const offset of lines) {
    for (let s = -width / 2; s <= width / 2; s += 8) {
      boxes.push(box({ x: centre.x + along.x * s + across.x * offset, y: centre.y + along.y * s + across.y * offset }, 9, 9));
    }
  }
  return boxes;
}

function overlaps(a: Box, b: Box): boolean {
  return Math.abs(a.x - b.x) < a.w + b.w && Math.abs(a.y - b.y) < a.h + b.h;
}

/**
 * A place for a label on its curve that covers no label placed before: the middle, else points
 * further along or back, alternately; else steps of a line height below the middle. Adds the label
 * to `placed`.
 */
function placeLabel(placed: Box[], along: (t: number) => Point, width: number, height: number): Point {
  const candidates: Point[] = [];
  for (let k = 0; k <= 12; k++) for (const t of k === 0 ? [0.5] : [0.5 + 0.03 * k, 0.5 - 0.03 * k]) candidates.push(along(t));
  const middle = along(0.5);
  for (let k = 1; k <= 30; k++) candidates.push({ x: middle.x, y: middle.y + k * height });
  for (const c of candidates) {
    const candidate = box(c, width, height);
    if (!placed.some((b) => overlaps(b, candidate))) {
      placed.push(candidate);
      return c;
    }
  }
  placed.push(box(middle, width, height));
  return middle;
}

const MARKS: Record<Exclude<Status, 'ok'>, { colour: string; glyph: string }> = {
  error: { colour: PROBLEM, glyph: '×' },
  warning: { colour: WARNING, glyph: '!' },
  info: { colour: INFO, glyph: 'i' },
};

function mark(status: Status, at: Point, attributes: string): string {
  if (status === 'ok') return '';
  const { colour, glyph } = MARKS[status];
  return (
    `<circle ${attributes} cx="${round(at.x)}" cy="${round(at.y)}" r="7" fill="${colour}"/>` +
    `<text ${attributes} x="${round(at.x)}" y="${round(at.y + 4)}" text-anchor="middle" font-size="11" font-weight="bold" fill="#ffffff">${glyph}</text>`
  );
}

/**
 * The topology of a checked file as SVG. With a plan, each migration's mark shows the plan's open
 * warnings; without one (a file with errors), the diagnostics that concern it, errors included.
 */
export function topologySvg(result: CheckResult, plan?: Plan): string {
  const { model, analysis } = result;
  const sites = [...model.sites.values()];
  const at = layoutSites(sites);
  const concernsOf = new Concerns(result);
  /** The migrations drawn: both their sites known and placed. */
  const migrations = analysis.intents
    .filter((ia) => ia.intent.file === result.file)
    .flatMap((ia) => ia.migrations)
    .flatMap((m) => {
      const from = m.from ? at.get(m.from) : undefined;
      const to = m.to ? at.get(m.to) : undefined;
      return from && to ? [{ m, from, to, concerns: concernsOf.of(m) }] : [];
    });
  const planned = new Map((plan?.waves ?? []).flatMap((w) => w.migrations).map((m) => [m.vm, m]));

  const brokenLinks = new Set<Link>();
  for (const d of result.diagnostics) if (d.severity === 'error') for (const link of model.links) if (link.declaration === d.declaration) brokenLinks.add(link);
  for (const { m, concerns } of migrations) if (concerns.some((d) => LIMIT_CODES.has(d.code))) for (const link of m.path?.links ?? []) brokenLinks.add(link);

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12" role="img">`,
    `<title>${escapeXml(`Topology of ${path.basename(result.file.path)}`)}</title>`,
    '<defs>',
    ...Object.entries(METHOD_COLOURS).map(
      ([method, colour]) =>
        `<marker id="vmm-arrow-${method}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${colour}"/></marker>`,
    ),
    '</defs>',
    `<rect data-kind="background" data-name="background" x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text data-kind="title" data-name="title" x="20" y="32" font-size="16" font-weight="bold" fill="#111827">${escapeXml(`Topology of ${path.basename(result.file.path)}`)}</text>`,
  ];

  /** What labels must not cover: the sites with their names, then each label placed. */
  const labels: Box[] = sites.flatMap((site) => {
    const p = at.get(site.name);
    if (!p) return [];
    return [box({ x: p.x, y: p.y }, 2 * SITE_RADIUS + 4, 2 * SITE_RADIUS + 4), box({ x: p.x, y: p.y + SITE_RADIUS + 12 }, site.name.length * 7.5, 16)];
  });

  for (const link of model.links) {
    const a = at.get(link.a);
    const b = at.get(link.b);
    if (!a || !b) continue;
    const broken = brokenLinks.has(link);
    const attributes = anchor(result, 'link', linkName(link), link);
    const figures = [link.rtt !== undefined ? formatDuration(link.rtt) : 'rtt ?', link.bandwidth !== undefined ? formatRate(link.bandwidth) : 'bandwidth ?'];
    if (link.share < 1) figures.push(`${Math.round(link.share * 100)}% share`);
    if (link.l2Extension !== 'none') figures.push(link.l2Extension);
    const [first, ...rest] = [figures.slice(0, 2).join(' · '), figures.slice(2).join(' · ')].filter(Boolean);
    const label = [first, ...rest].join(' · ');
    const stroke = broken ? `stroke="${PROBLEM}" stroke-width="3" stroke-dasharray="8 5"` : 'stroke="#9ca3af" stroke-width="2"';
    const mid = { x: round((a.x + b.x) / 2), y: round((a.y + b.y) / 2) };
    // Along the line, upright, the figures above it and the extension below.
    let angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
    if (angle > 90) angle -= 180;
    if (angle < -90) angle += 180;
    const lines = [first, ...rest];
    const width = Math.max(...lines.map((l) => l.length)) * 6;
    // The figures sit 6 px above the line (their middle ≈ 10 px), the extension below (≈ 10 px).
    labels.push(...rotatedBoxes(mid, width, rest.length > 0 ? [-10, 10] : [-10], angle));
    const text = (line: string, dy: number) =>
      `<text ${attributes} x="${mid.x}" y="${round(mid.y + dy)}" transform="rotate(${round(angle)} ${mid.x} ${mid.y})" text-anchor="middle" font-size="11" fill="${broken ? PROBLEM : '#4b5563'}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(line)}</text>`;
    out.push(
      `<g ${attributes} data-status="${broken ? 'problem' : 'ok'}">`,
      `<title>${escapeXml(`link ${linkName(link)}: ${label}${broken ? ' (a problem: see the diagnostics)' : ''}`)}</title>`,
      `<line ${attributes} x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" ${stroke}/>`,
      text(first, -6),
      ...rest.map((line) => text(line, 14)),
      '</g>',
    );
  }

  // Migrations between the same two sites fan out, each a little further from the link line.
  const seen = new Map<string, number>();
  for (const { m, from, to, concerns } of migrations) {
    const key = [m.from, m.to].sort().join('\u0000');
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const method = m.intent.method;
    const colour = METHOD_COLOURS[method];
    const { d, at: along } = curve(from, to, 26 + 18 * k);
    const p = planned.get(m.vm.name);
    const status = p ? worst(p.warnings) : worst(concerns);
    const attributes = anchor(result, 'migration', m.vm.name, m.intent);
    const dash = method === 'federate' ? ' stroke-dasharray="2 4"' : '';
    const e = m.estimate;
    const figures = e ? `, ${Number.isFinite(e.duration) ? `≈ ${formatDuration(e.duration)}` : 'never converges'}, downtime ${formatDuration(e.downtime)}` : '';
    const codes = [...new Set((p ? p.warnings : concerns).map((x) => x.code))];
    const tooltip = `${m.vm.name}: ${m.from} → ${m.to}, ${method}${figures}${codes.length ? ` (${codes.join(', ')})` : ''}`;
    const labelWidth = m.vm.name.length * 7.2 + (status === 'ok' ? 0 : 18);
    const place = placeLabel(labels, along, labelWidth, 16);
    out.push(
      `<g ${attributes} data-method="${method}" data-status="${status}">`,
      `<title>${escapeXml(tooltip)}</title>`,
      `<path ${attributes} d="${d}" fill="none" stroke="${colour}" stroke-width="2"${dash} marker-end="url(#vmm-arrow-${method})"/>`,
      `<text ${attributes} x="${round(place.x - (status === 'ok' ? 0 : 9))}" y="${round(place.y + 4)}" text-anchor="middle" fill="${colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(m.vm.name)}</text>`,
      mark(status, { x: place.x + labelWidth / 2 - 7, y: place.y }, attributes),
      '</g>',
    );
  }

  for (const site of sites) {
    const p = at.get(site.name);
    if (!p) continue;
    const attributes = anchor(result, 'site', site.name, site);
    const where = site.location ? ` (${site.location[0]}, ${site.location[1]})` : '';
    out.push(
      `<g ${attributes}>`,
      `<title>${escapeXml(`site ${site.name}${where}`)}</title>`,
      `<circle ${attributes} cx="${p.x}" cy="${p.y}" r="${SITE_RADIUS}" fill="#f3f4f6" stroke="#111827" stroke-width="2"/>`,
      `<text ${attributes} x="${p.x}" y="${round(p.y + SITE_RADIUS + 16)}" text-anchor="middle" font-weight="bold" fill="#111827" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(site.name)}</text>`,
      '</g>',
    );
  }

  out.push(...legend());
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function legend(): string[] {
  const x = 730;
  let y = 90;
  const out = [
    `<g data-kind="legend" data-name="legend">`,
    `<text data-kind="legend" data-name="legend" x="${x}" y="${y}" font-weight="bold" fill="#111827">Legend</text>`,
  ];
  for (const [method, colour] of Object.entries(METHOD_COLOURS)) {
    y += 24;
    const dash = method === 'federate' ? ' stroke-dasharray="2 4"' : '';
    out.push(
      `<line data-kind="legend" data-name="${method}" x1="${x}" y1="${y - 4}" x2="${x + 40}" y2="${y - 4}" stroke="${colour}" stroke-width="2"${dash} marker-end="url(#vmm-arrow-${method})"/>`,
      `<text data-kind="legend" data-name="${method}" x="${x + 50}" y="${y}" fill="#111827">${method}</text>`,
    );
  }
  y += 24;
  out.push(
    `<line data-kind="legend" data-name="problem link" x1="${x}" y1="${y - 4}" x2="${x + 40}" y2="${y - 4}" stroke="${PROBLEM}" stroke-width="3" stroke-dasharray="8 5"/>`,
    `<text data-kind="legend" data-name="problem link" x="${x + 50}" y="${y}" fill="#111827">link with a problem</text>`,
  );
  for (const [status, words] of [
    ['error', 'migration with an error'],
    ['warning', 'migration with warnings'],
    ['info', 'migration with notes'],
  ] as const) {
    y += 24;
    out.push(
      mark(status, { x: x + 20, y: y - 4 }, `data-kind="legend" data-name="${status}"`),
      `<text data-kind="legend" data-name="${status}" x="${x + 50}" y="${y}" fill="#111827">${words}</text>`,
    );
  }
  out.push('</g>');
  return out;
}
