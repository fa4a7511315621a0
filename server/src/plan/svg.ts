/**
 * The topology picture: sites, links and migrations as one self-contained SVG (no external
 * references, no scripts). Each drawn group and its shapes carry `data-kind`, `data-name` and
 * `data-offset` (the start offset of the declaration, in the file named by `data-file` when it
 * is an imported one), so an editor can reveal the declaration on click.
 */
import type { CheckResult, Diagnostic } from '../checker.js';
import type { Migration } from '../migration/analysis.js';
import type { Link, Method, Origin, Site } from '../model/model.js';
import { formatDuration, formatRate } from '../format.js';
import type { Plan } from './plan.js';
import { Concerns } from './concerns.js';
import { baseName, linkBetween } from '../filepath.js';

/** The smallest picture, for a few sites: the sites' area, then the legend's column on its right. */
const BASE_AREA = { width: 630, height: 460 };
const MARGIN = { left: 70, top: 80, bottom: 60 };
const LEGEND_WIDTH = 290;
const SITE_RADIUS = 14;
/** Character widths of the labels (a system sans-serif), for the space each label takes. */
const CHAR = { site: 7.5, migration: 7.2, link: 6 };

/**
 * The gap kept between sites' centres: wide for a few sites (the link figures fit between them),
 * narrower for many, where the area grows instead (the picture is as large as its sites need).
 */
function siteGap(count: number): number {
  return count <= 12 ? 170 : count <= 40 ? 120 : 96;
}

/** The area the sites are placed in: the base one, grown so that each site has about gap² × 1.6 of it. */
function areaFor(count: number): { left: number; top: number; right: number; bottom: number } {
  const gap = siteGap(count);
  const grow = Math.max(1, Math.sqrt((count * gap * gap * 1.6) / (BASE_AREA.width * BASE_AREA.height)));
  const width = Math.round(BASE_AREA.width * grow);
  const height = Math.round(BASE_AREA.height * grow);
  return { left: MARGIN.left, top: MARGIN.top, right: MARGIN.left + width, bottom: MARGIN.top + height };
}

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
 * Site positions. Located sites: an equirectangular projection (longitude scaled by the cosine of
 * the mean latitude); sites a few kilometres apart (a metro's data centers) form a group, set on a
 * small ring around the group's place in the order of their bearings; each axis of the groups'
 * places is half projection, half rank, so that a dense continent gets room an ocean would waste
 * while west stays west and north stays north; groups that still collide are pushed apart as
 * discs. Without a location for every site: a circle in declaration order (a grid beyond 12).
 */
export function layoutSites(sites: { name: string; location?: [number, number] }[]): Map<string, Point> {
  const AREA = areaFor(sites.length);
  const gap = siteGap(sites.length);
  const width = AREA.right - AREA.left;
  const height = AREA.bottom - AREA.top;
  const centre = { x: AREA.left + width / 2, y: AREA.top + height / 2 };
  let points: Point[];
  const locations = sites.flatMap((s) => (s.location ? [s.location] : []));
  if (sites.length > 0 && locations.length === sites.length) {
    const meanLat = locations.reduce((sum, l) => sum + l[0], 0) / sites.length;
    const k = Math.cos((meanLat * Math.PI) / 180);
    const raw = locations.map((l) => ({ x: l[1] * k, y: -l[0] }));
    points = geographic(raw, gap, AREA);
  } else if (sites.length <= 12) {
    const r = Math.min(width, height) / 2;
    points = sites.map((_, i) =>
      sites.length === 1
        ? { ...centre }
        : { x: centre.x + r * Math.sin((2 * Math.PI * i) / sites.length), y: centre.y - r * Math.cos((2 * Math.PI * i) / sites.length) },
    );
  } else {
    const columns = Math.ceil(Math.sqrt((sites.length * width) / height));
    const rows = Math.ceil(sites.length / columns);
    points = sites.map((_, i) => ({
      x: AREA.left + (width * ((i % columns) + 0.5)) / columns,
      y: AREA.top + (height * (Math.floor(i / columns) + 0.5)) / rows,
    }));
  }
  separate(points, gap, AREA);
  return new Map(sites.map((s, i) => [s.name, { x: round(points[i].x), y: round(points[i].y) }]));
}

/** Located sites placed (see layoutSites): groups of near sites on rings, the groups' places half projection, half rank. */
function geographic(raw: Point[], gap: number, AREA: { left: number; top: number; right: number; bottom: number }): Point[] {
  const span = Math.max(...raw.map((p) => p.x)) - Math.min(...raw.map((p) => p.x)) || 1;
  const spanY = Math.max(...raw.map((p) => p.y)) - Math.min(...raw.map((p) => p.y)) || 1;
  // Groups: sites within 0.5% of the estate's extent (or 0.2°) of another of the group.
  const near = Math.max(0.2, 0.005 * Math.max(span, spanY));
  const group = raw.map((_, i) => i);
  const find = (i: number): number => (group[i] === i ? i : (group[i] = find(group[i])));
  for (let i = 0; i < raw.length; i++) {
    for (let j = i + 1; j < raw.length; j++) if (Math.hypot(raw[i].x - raw[j].x, raw[i].y - raw[j].y) <= near) group[find(j)] = find(i);
  }
  const members = new Map<number, number[]>();
  raw.forEach((_, i) => {
    const g = find(i);
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  });
  const groups = [...members.values()].map((list) => ({
    list,
    at: { x: list.reduce((s, i) => s + raw[i].x, 0) / list.length, y: list.reduce((s, i) => s + raw[i].y, 0) / list.length },
    ring: list.length === 1 ? 0 : gap / (2 * Math.sin(Math.PI / list.length)),
  }));
  const radius = (g: { ring: number }) => g.ring + gap / 2;
  // Each axis: half the projection fitted to the area, half the group's rank along it.
  const axis = (value: (p: Point) => number, from: number, to: number) => {
    const values = groups.map((g) => value(g.at));
    const min = Math.min(...values);
    const max = Math.max(...values);
    const order = [...values.keys()].sort((a, b) => values[a] - values[b]);
    const rank = new Array<number>(values.length);
    order.forEach((g, r) => (rank[g] = groups.length === 1 ? 0.5 : r / (groups.length - 1)));
    return values.map((v, g) => from + (to - from) * (0.5 * (max > min ? (v - min) / (max - min) : 0.5) + 0.5 * rank[g]));
  };
  const inset = Math.max(...groups.map(radius)) * 0.5;
  const xs = axis((p) => p.x, AREA.left + inset, AREA.right - inset);
  const ys = axis((p) => p.y, AREA.top + inset, AREA.bottom - inset);
  const places = groups.map((_, g) => ({ x: xs[g], y: ys[g] }));
  // Groups that collide are pushed apart as discs.
  for (let iteration = 0; iteration < 300; iteration++) {
    let moved = false;
    for (let a = 0; a < places.length; a++) {
      for (let b = a + 1; b < places.length; b++) {
        const dx = places[b].x - places[a].x;
        const dy = places[b].y - places[a].y;
        const d = Math.hypot(dx, dy);
        const want = radius(groups[a]) + radius(groups[b]) - gap / 2;
        if (d >= want - 0.5) continue;
        const [ux, uy] = d > 1e-6 ? [dx / d, dy / d] : [Math.cos(a + b), Math.sin(a + b)];
        const push = (want - d) / 2;
        places[a].x -= ux * push;
        places[a].y -= uy * push;
        places[b].x += ux * push;
        places[b].y += uy * push;
        moved = true;
      }
    }
    places.forEach((p, g) => {
      const r = groups[g].ring;
      p.x = Math.min(AREA.right - r, Math.max(AREA.left + r, p.x));
      p.y = Math.min(AREA.bottom - r, Math.max(AREA.top + r, p.y));
    });
    if (!moved) break;
  }
  const points: Point[] = raw.map(() => ({ x: 0, y: 0 }));
  groups.forEach((g, n) => {
    // Members on the ring in the order of their bearings from the group's centre (ties: declaration order).
    const bearing = (i: number) => Math.atan2(raw[i].y - g.at.y, raw[i].x - g.at.x);
    const ordered = [...g.list].sort((a, b) => bearing(a) - bearing(b) || a - b);
    const start = ordered.length > 1 ? bearing(ordered[0]) : 0;
    ordered.forEach((i, k) => {
      const angle = start + (2 * Math.PI * k) / ordered.length;
      points[i] = { x: places[n].x + g.ring * Math.cos(angle), y: places[n].y + g.ring * Math.sin(angle) };
    });
  });
  return points;
}

/**
 * Pushes sites that stand too close apart, deterministic rounds, kept inside the area. Pairs are
 * found through a grid of gap-sized cells, so a round costs about n, not n², at 100 sites and more.
 */
function separate(points: Point[], gap: number, AREA: { left: number; top: number; right: number; bottom: number }): void {
  const MIN_SITE_GAP = gap;
  for (let iteration = 0; iteration < 300; iteration++) {
    let moved = false;
    const cells = new Map<string, number[]>();
    const cellOf = (p: Point) => [Math.floor(p.x / gap), Math.floor(p.y / gap)];
    points.forEach((p, i) => {
      const [cx, cy] = cellOf(p);
      const key = `${cx},${cy}`;
      const list = cells.get(key);
      if (list) list.push(i);
      else cells.set(key, [i]);
    });
    for (let i = 0; i < points.length; i++) {
      const [cx, cy] = cellOf(points[i]);
      const near: number[] = [];
      for (let ox = -1; ox <= 1; ox++) for (let oy = -1; oy <= 1; oy++) for (const j of cells.get(`${cx + ox},${cy + oy}`) ?? []) if (j > i) near.push(j);
      for (const j of near.sort((a, b) => a - b)) {
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
      const relative = linkBetween(result.file.path, origin.file.path);
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
 * A place for a label on its curve that covers nothing placed before: the middle, else points
 * further along or back, alternately; else steps of a line height below and above the middle.
 * Adds the label to `placed`; undefined when there is no free place (the label is then left to
 * the tooltip rather than drawn over another).
 */
function placeLabel(placed: Box[], along: (t: number) => Point, width: number, height: number, bounds: Box): Point | undefined {
  const candidates: Point[] = [];
  for (let k = 0; k <= 12; k++) for (const t of k === 0 ? [0.5] : [0.5 + 0.03 * k, 0.5 - 0.03 * k]) candidates.push(along(t));
  const middle = along(0.5);
  for (let k = 1; k <= 6; k++) candidates.push({ x: middle.x, y: middle.y + k * height }, { x: middle.x, y: middle.y - k * height });
  return placeFirst(placed, candidates, width, height, bounds);
}

/** The first candidate whose box (width × height about it) is inside bounds and covers no placed box; added to placed. */
function placeFirst(placed: Box[], candidates: Point[], width: number, height: number, bounds: Box): Point | undefined {
  for (const c of candidates) {
    const candidate = box(c, width, height);
    if (!inside(candidate, bounds)) continue;
    if (!placed.some((b) => overlaps(b, candidate))) {
      placed.push(candidate);
      return c;
    }
  }
  return undefined;
}

function inside(a: Box, bounds: Box): boolean {
  return a.x - a.w >= bounds.x - bounds.w && a.x + a.w <= bounds.x + bounds.w && a.y - a.h >= bounds.y - bounds.h && a.y + a.h <= bounds.y + bounds.h;
}

/** Where a site's name goes: below its circle, else above, right, left, or the diagonals, further out if need be. */
function siteLabelCandidates(p: Point, width: number): Point[] {
  const out: Point[] = [];
  for (const far of [0, 10, 22]) {
    const below = SITE_RADIUS + 10 + far;
    const side = SITE_RADIUS + 6 + width / 2 + far;
    out.push(
      { x: p.x, y: p.y + below },
      { x: p.x, y: p.y - below },
      { x: p.x + side, y: p.y },
      { x: p.x - side, y: p.y },
      { x: p.x + side - 8, y: p.y + below - 4 },
      { x: p.x - side + 8, y: p.y + below - 4 },
      { x: p.x + side - 8, y: p.y - below + 4 },
      { x: p.x - side + 8, y: p.y - below + 4 },
    );
  }
  return out;
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

/** A migration drawn: both its sites known and placed, and the diagnostics that concern it. */
interface Drawn {
  m: Migration;
  from: Point;
  to: Point;
  concerns: Diagnostic[];
}

type PlannedMigration = Plan['waves'][number]['migrations'][number];

/** What every part of the picture draws on: the check, the sites' places, and the labels' space. */
interface Canvas {
  result: CheckResult;
  at: ReadonlyMap<string, Point>;
  /** What labels must not cover: every site's circle, then each label as it is placed. */
  labels: Box[];
  /** Labels stay inside the picture, left of the legend. */
  bounds: Box;
}

/**
 * The topology of a checked file as SVG. With a plan, each migration's mark shows the plan's open
 * warnings; without one (a file with errors), the diagnostics that concern it, errors included.
 *
 * The picture grows with the estate (areaFor). Labels never cover one another: the sites' names
 * are placed first (below, else around their circle), then the migrations' names along their
 * curves, then the links' figures along their lines; a label with no free place is not drawn and
 * stays in its element's tooltip (`data-label="tooltip"` on its group).
 */
export function topologySvg(result: CheckResult, plan?: Plan): string {
  const { model } = result;
  const sites = [...model.sites.values()];
  const at = layoutSites(sites);
  const area = areaFor(sites.length);
  const WIDTH = area.right + LEGEND_WIDTH;
  const HEIGHT = area.bottom + MARGIN.bottom;
  const canvas: Canvas = {
    result,
    at,
    labels: sites.flatMap((site) => {
      const p = at.get(site.name);
      return p ? [box(p, 2 * SITE_RADIUS + 4, 2 * SITE_RADIUS + 4)] : [];
    }),
    bounds: box({ x: (area.right + 50) / 2, y: (HEIGHT + 44) / 2 }, area.right + 50 - 4, HEIGHT - 44 - 4),
  };
  const migrations = drawnMigrations(result, at);
  const planned = new Map((plan?.waves ?? []).flatMap((w) => w.migrations).map((m) => [m.vm, m]));
  const brokenLinks = brokenLinksOf(result, migrations);
  const title = escapeXml(`Topology of ${baseName(result.file.path)}`);

  const siteLabels = placeSiteLabels(canvas, sites);
  const drawn = drawMigrations(canvas, migrations, planned);
  const linkOut = model.links.flatMap((link) => drawLink(canvas, link, brokenLinks.has(link)));
  const siteOut = sites.flatMap((site) => drawSite(canvas, site, siteLabels.get(site.name)));
  return (
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12" role="img">`,
      `<title>${title}</title>`,
      '<defs>',
      ...[...drawn.methods].map(
        (method) =>
          `<marker id="vmm-arrow-${method}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${METHOD_COLOURS[method]}"/></marker>`,
      ),
      '</defs>',
      `<rect data-kind="background" data-name="background" x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
      `<text data-kind="title" data-name="title" x="20" y="32" font-size="16" font-weight="bold" fill="#111827">${title}</text>`,
      ...linkOut,
      ...drawn.out,
      ...siteOut,
      ...legend(area.right + 60, { methods: drawn.methods, problemLink: brokenLinks.size > 0, statuses: drawn.statuses }),
      '</svg>',
    ].join('\n') + '\n'
  );
}

/** The migrations drawn: those of the file's own intents whose both sites are known and placed, with what concerns each. */
function drawnMigrations(result: CheckResult, at: ReadonlyMap<string, Point>): Drawn[] {
  const concernsOf = new Concerns(result);
  return result.analysis.intents
    .filter((ia) => ia.intent.file === result.file)
    .flatMap((ia) => ia.migrations)
    .flatMap((m) => {
      const from = m.from ? at.get(m.from) : undefined;
      const to = m.to ? at.get(m.to) : undefined;
      return from && to ? [{ m, from, to, concerns: concernsOf.of(m) }] : [];
    });
}

/** The links drawn as problems: those an error is on, and those a migration that breaks a limit (LIMIT_CODES) goes over. */
function brokenLinksOf(result: CheckResult, migrations: readonly Drawn[]): Set<Link> {
  const broken = new Set<Link>();
  for (const d of result.diagnostics)
    if (d.severity === 'error') for (const link of result.model.links) if (link.declaration === d.declaration) broken.add(link);
  for (const { m, concerns } of migrations) if (concerns.some((d) => LIMIT_CODES.has(d.code))) for (const link of m.path?.links ?? []) broken.add(link);
  return broken;
}

/** Where each placed site's name goes (see siteLabelCandidates); undefined for a name with no free place. Placed first of all labels. */
function placeSiteLabels(canvas: Canvas, sites: readonly Site[]): Map<string, Point | undefined> {
  const siteLabels = new Map<string, Point | undefined>();
  for (const site of sites) {
    const p = canvas.at.get(site.name);
    if (!p) continue;
    const width = site.name.length * CHAR.site + 4;
    siteLabels.set(site.name, placeFirst(canvas.labels, siteLabelCandidates(p, width), width, 16, canvas.bounds));
  }
  return siteLabels;
}

/**
 * The migrations, each a curve in its method's colour with its name and mark; migrations between
 * the same two sites fan out, each a little further from the link line. Also what the legend
 * shows: the methods drawn, and the statuses of the labels drawn.
 */
function drawMigrations(
  canvas: Canvas,
  migrations: readonly Drawn[],
  planned: ReadonlyMap<string, PlannedMigration>,
): { out: string[]; methods: Set<Method>; statuses: Set<Status> } {
  const seen = new Map<string, number>();
  const methods = new Set<Method>();
  const statuses = new Set<Status>();
  const out: string[] = [];
  for (const drawn of migrations) {
    const { m } = drawn;
    const key = [m.from, m.to].sort().join('\u0000');
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    methods.add(m.intent.method);
    const { status, labelled, lines } = drawMigration(canvas, drawn, planned.get(m.vm.name), 26 + 18 * k);
    if (labelled) statuses.add(status);
    out.push(...lines);
  }
  return { out, methods, statuses };
}

/** One migration's group, its curve bulging `bulge` px: its tooltip (method, figures, codes), and its name with its mark where there is room. */
function drawMigration(
  canvas: Canvas,
  { m, from, to, concerns }: Drawn,
  p: PlannedMigration | undefined,
  bulge: number,
): { status: Status; labelled: boolean; lines: string[] } {
  const method = m.intent.method;
  const colour = METHOD_COLOURS[method];
  const { d, at: along } = curve(from, to, bulge);
  const status = p ? worst(p.warnings) : worst(concerns);
  const attributes = anchor(canvas.result, 'migration', m.vm.name, m.intent);
  const dash = method === 'federate' ? ' stroke-dasharray="2 4"' : '';
  const e = m.estimate;
  const figures = e ? `, ${Number.isFinite(e.duration) ? `≈ ${formatDuration(e.duration)}` : 'never converges'}, downtime ${formatDuration(e.downtime)}` : '';
  const codes = [...new Set((p ? p.warnings : concerns).map((x) => x.code))];
  const tooltip = `${m.vm.name}: ${m.from} → ${m.to}, ${method}${figures}${codes.length ? ` (${codes.join(', ')})` : ''}`;
  const labelWidth = m.vm.name.length * CHAR.migration + (status === 'ok' ? 0 : 18);
  const place = placeLabel(canvas.labels, along, labelWidth, 16, canvas.bounds);
  const lines = [
    `<g ${attributes} data-method="${method}" data-status="${status}"${place ? '' : ' data-label="tooltip"'}>`,
    `<title>${escapeXml(tooltip)}</title>`,
    `<path ${attributes} d="${d}" fill="none" stroke="${colour}" stroke-width="2"${dash} marker-end="url(#vmm-arrow-${method})"/>`,
    ...(place
      ? [
          `<text ${attributes} x="${round(place.x - (status === 'ok' ? 0 : 9))}" y="${round(place.y + 4)}" text-anchor="middle" fill="${colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(m.vm.name)}</text>`,
          mark(status, { x: place.x + labelWidth / 2 - 7, y: place.y }, attributes),
        ]
      : []),
    '</g>',
  ];
  return { status, labelled: place !== undefined, lines };
}

/**
 * One link's group: its line (a problem one red and dashed), its tooltip, and its figures along
 * it, upright, where they fit (see placeLinkLabel). Nothing for a link whose sites are not placed.
 */
function drawLink(canvas: Canvas, link: Link, broken: boolean): string[] {
  const a = canvas.at.get(link.a);
  const b = canvas.at.get(link.b);
  if (!a || !b) return [];
  const attributes = anchor(canvas.result, 'link', linkName(link), link);
  const figures = [link.rtt !== undefined ? formatDuration(link.rtt) : 'rtt ?', link.bandwidth !== undefined ? formatRate(link.bandwidth) : 'bandwidth ?'];
  if (link.share < 1) figures.push(`${Math.round(link.share * 100)}% share`);
  if (link.l2Extension !== 'none') figures.push(link.l2Extension);
  const [first, ...rest] = [figures.slice(0, 2).join(' · '), figures.slice(2).join(' · ')].filter(Boolean);
  const label = [first, ...rest].join(' · ');
  const stroke = broken ? `stroke="${PROBLEM}" stroke-width="3" stroke-dasharray="8 5"` : 'stroke="#9ca3af" stroke-width="2"';
  // Along the line, upright, the figures above it and the extension below.
  let angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
  if (angle > 90) angle -= 180;
  if (angle < -90) angle += 180;
  const mid = placeLinkLabel(canvas, a, b, angle, [first, ...rest]);
  const text = (c: Point, line: string, dy: number) =>
    `<text ${attributes} x="${c.x}" y="${round(c.y + dy)}" transform="rotate(${round(angle)} ${c.x} ${c.y})" text-anchor="middle" font-size="11" fill="${broken ? PROBLEM : '#4b5563'}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(line)}</text>`;
  return [
    `<g ${attributes} data-status="${broken ? 'problem' : 'ok'}"${mid ? '' : ' data-label="tooltip"'}>`,
    `<title>${escapeXml(`link ${linkName(link)}: ${label}${broken ? ' (a problem: see the diagnostics)' : ''}`)}</title>`,
    `<line ${attributes} x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" ${stroke}/>`,
    ...(mid ? [text(mid, first, -6), ...rest.map((line) => text(mid, line, 14))] : []),
    '</g>',
  ];
}

/**
 * The centre of a link's figures (`lines`, turned by `angle`): at the middle of the line, else a
 * little off it; the label must fit between the two circles, and cover no label placed before.
 * Added to the canvas's labels; undefined when there is no such place.
 */
function placeLinkLabel(canvas: Canvas, a: Point, b: Point, angle: number, lines: readonly string[]): Point | undefined {
  const width = Math.max(...lines.map((l) => l.length)) * CHAR.link;
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  if (width + 2 * SITE_RADIUS + 8 > length) return undefined;
  for (const t of [0.5, 0.4, 0.6, 0.32, 0.68]) {
    const c = { x: round(a.x + (b.x - a.x) * t), y: round(a.y + (b.y - a.y) * t) };
    const chain = rotatedBoxes(c, width, lines.length > 1 ? [-10, 10] : [-10], angle);
    if (chain.every((x) => inside(x, canvas.bounds) && !canvas.labels.some((y) => overlaps(x, y)))) {
      canvas.labels.push(...chain);
      return c;
    }
  }
  return undefined;
}

/** One site's group: its circle, its tooltip (with its location), and its name where placeSiteLabels found room. */
function drawSite(canvas: Canvas, site: Site, label: Point | undefined): string[] {
  const p = canvas.at.get(site.name);
  if (!p) return [];
  const attributes = anchor(canvas.result, 'site', site.name, site);
  const where = site.location ? ` (${site.location[0]}, ${site.location[1]})` : '';
  return [
    `<g ${attributes}${label ? '' : ' data-label="tooltip"'}>`,
    `<title>${escapeXml(`site ${site.name}${where}`)}</title>`,
    `<circle ${attributes} cx="${p.x}" cy="${p.y}" r="${SITE_RADIUS}" fill="#f3f4f6" stroke="#111827" stroke-width="2"/>`,
    ...(label
      ? [
          `<text ${attributes} x="${round(label.x)}" y="${round(label.y + 4)}" text-anchor="middle" font-weight="bold" fill="#111827" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(site.name)}</text>`,
        ]
      : []),
    '</g>',
  ];
}

/** The legend of what the picture draws: the methods of its migrations, a problem link if there is one, the marks it shows. */
function legend(x: number, drawn: { methods: ReadonlySet<Method>; problemLink: boolean; statuses: ReadonlySet<Status> }): string[] {
  let y = 90;
  const out = [
    `<g data-kind="legend" data-name="legend">`,
    `<text data-kind="legend" data-name="legend" x="${x}" y="${y}" font-weight="bold" fill="#111827">Legend</text>`,
  ];
  y += 24;
  out.push(
    `<circle data-kind="legend" data-name="site" cx="${x + 20}" cy="${y - 4}" r="8" fill="#f3f4f6" stroke="#111827" stroke-width="2"/>`,
    `<text data-kind="legend" data-name="site" x="${x + 50}" y="${y}" fill="#111827">site</text>`,
  );
  y += 24;
  out.push(
    `<line data-kind="legend" data-name="link" x1="${x}" y1="${y - 4}" x2="${x + 40}" y2="${y - 4}" stroke="#9ca3af" stroke-width="2"/>`,
    `<text data-kind="legend" data-name="link" x="${x + 50}" y="${y}" fill="#111827">link (RTT · bandwidth)</text>`,
  );
  for (const method of Object.keys(METHOD_COLOURS) as Method[]) {
    if (!drawn.methods.has(method)) continue;
    y += 24;
    const dash = method === 'federate' ? ' stroke-dasharray="2 4"' : '';
    out.push(
      `<line data-kind="legend" data-name="${method}" x1="${x}" y1="${y - 4}" x2="${x + 40}" y2="${y - 4}" stroke="${METHOD_COLOURS[method]}" stroke-width="2"${dash} marker-end="url(#vmm-arrow-${method})"/>`,
      `<text data-kind="legend" data-name="${method}" x="${x + 50}" y="${y}" fill="#111827">${method}</text>`,
    );
  }
  if (drawn.problemLink) {
    y += 24;
    out.push(
      `<line data-kind="legend" data-name="problem link" x1="${x}" y1="${y - 4}" x2="${x + 40}" y2="${y - 4}" stroke="${PROBLEM}" stroke-width="3" stroke-dasharray="8 5"/>`,
      `<text data-kind="legend" data-name="problem link" x="${x + 50}" y="${y}" fill="#111827">link with a problem</text>`,
    );
  }
  for (const [status, words] of [
    ['error', 'migration with an error'],
    ['warning', 'migration with warnings'],
    ['info', 'migration with notes'],
  ] as const) {
    if (!drawn.statuses.has(status)) continue;
    y += 24;
    out.push(
      mark(status, { x: x + 20, y: y - 4 }, `data-kind="legend" data-name="${status}"`),
      `<text data-kind="legend" data-name="${status}" x="${x + 50}" y="${y}" fill="#111827">${words}</text>`,
    );
  }
  out.push('</g>');
  return out;
}
