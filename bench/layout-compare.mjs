// Compares the topology picture's hand-written site layout (server/src/plan/svg.ts layoutSites)
// with a force layout from d3-force (ISC), on the 100-site estate and on every sample: site
// overlaps, gap violations, label collisions, geography kept, and time. d3-force is not a
// dependency: install it anywhere (`npm install d3-force@3` in a scratch folder) and pass that
// folder. Run after `npm run build`:  node bench/layout-compare.mjs /path/to/folder/with/node_modules
// The results are in docs/plan.md ("Site layout: the hand-written one and d3-force").
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { check } from '../out/server/src/checker.js';
import { layoutSites } from '../out/server/src/plan/svg.js';
import { nodeFileSystem } from '../out/server/src/node-fs.js';

const where = process.argv[2];
if (!where) {
  console.error('usage: node bench/layout-compare.mjs FOLDER (a folder whose node_modules holds d3-force)');
  process.exit(2);
}
const d3 = createRequire(join(where, 'package.json'))('d3-force');

// The renderer's figures (svg.ts): site radius, the gap kept between centres, label font width.
const SITE_RADIUS = 14;
const CHAR = 7.5;
const gapFor = (n) => (n <= 12 ? 170 : n <= 40 ? 120 : 96);

/** d3-force on the same projection and area as the hand layout: pulled to the projected place, kept a gap apart. */
function forceLayout(sites, hand) {
  const n = sites.length;
  const gap = gapFor(n);
  const xs = [...hand.values()].map((p) => p.x);
  const ys = [...hand.values()].map((p) => p.y);
  const area = { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
  const located = sites.every((s) => s.location);
  let targets;
  if (located) {
    const meanLat = sites.reduce((s, x) => s + x.location[0], 0) / n;
    const k = Math.cos((meanLat * Math.PI) / 180);
    const raw = sites.map((s) => ({ x: s.location[1] * k, y: -s.location[0] }));
    const [minX, maxX] = [Math.min(...raw.map((p) => p.x)), Math.max(...raw.map((p) => p.x))];
    const [minY, maxY] = [Math.min(...raw.map((p) => p.y)), Math.max(...raw.map((p) => p.y))];
    targets = raw.map((p) => ({
      x: area.left + ((p.x - minX) / (maxX - minX || 1)) * (area.right - area.left),
      y: area.top + ((p.y - minY) / (maxY - minY || 1)) * (area.bottom - area.top),
    }));
  } else targets = sites.map((s) => ({ ...hand.get(s.name) }));
  const nodes = targets.map((t) => ({ x: t.x, y: t.y }));
  const simulation = d3
    .forceSimulation(nodes)
    .force('x', d3.forceX((_, i) => targets[i].x).strength(0.2))
    .force('y', d3.forceY((_, i) => targets[i].y).strength(0.2))
    .force('collide', d3.forceCollide(gap / 2).iterations(4))
    .stop();
  simulation.tick(300);
  return new Map(sites.map((s, i) => [s.name, { x: nodes[i].x, y: nodes[i].y }]));
}

/** What a reader sees go wrong: circles that overlap, centres nearer than the gap, name labels (under the site) that collide with another label or site. */
function measure(sites, layout) {
  const gap = gapFor(sites.length);
  const points = sites.map((s) => layout.get(s.name));
  const labels = sites.map((s, i) => {
    const w = s.name.length * CHAR;
    return { x0: points[i].x - w / 2, x1: points[i].x + w / 2, y0: points[i].y + SITE_RADIUS + 2, y1: points[i].y + SITE_RADIUS + 16 };
  });
  const hit = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const circle = (p) => ({ x0: p.x - SITE_RADIUS, x1: p.x + SITE_RADIUS, y0: p.y - SITE_RADIUS, y1: p.y + SITE_RADIUS });
  let overlaps = 0;
  let tooClose = 0;
  let collisions = 0;
  let pairs = 0;
  let kept = 0;
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      const d = Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y);
      if (d < 2 * SITE_RADIUS) overlaps++;
      if (d < gap - 0.5) tooClose++;
      if (hit(labels[i], labels[j]) || hit(labels[i], circle(points[j])) || hit(labels[j], circle(points[i]))) collisions++;
      const [a, b] = [sites[i].location, sites[j].location];
      if (a && b) {
        // Geography kept: west stays west, north stays north (pairs apart by more than 0.5° on that axis).
        for (const [axis, sign, key] of [
          [1, 1, 'x'],
          [0, -1, 'y'],
        ]) {
          if (Math.abs(a[axis] - b[axis]) <= 0.5) continue;
          pairs++;
          if (Math.sign((a[axis] - b[axis]) * sign) === Math.sign(points[i][key] - points[j][key])) kept++;
        }
      }
    }
  }
  return { overlaps, tooClose, collisions, geography: pairs ? `${((100 * kept) / pairs).toFixed(1)}%` : '—' };
}

function timed(fn) {
  const runs = [];
  let value;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    value = fn();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { value, ms: runs[3] };
}

const files = [
  join('test', 'fixtures', 'topology', 'estate-100.vmm'),
  ...readdirSync('samples')
    .filter((f) => f.endsWith('.vmm'))
    .map((f) => join('samples', f)),
];
const rows = [];
for (const file of files) {
  const result = check(file, readFileSync(file, 'utf8'), { workspace: process.cwd(), fs: nodeFileSystem });
  const sites = [...result.model.sites.values()].map((s) => ({ name: s.name, location: s.location }));
  if (sites.length < 2) continue;
  const hand = timed(() => layoutSites(sites));
  const force = timed(() => forceLayout(sites, hand.value));
  rows.push({
    file,
    sites: sites.length,
    located: sites.every((s) => s.location),
    hand: { ...measure(sites, hand.value), ms: hand.ms },
    force: { ...measure(sites, force.value), ms: force.ms },
  });
}
const cell = (m) => `${m.overlaps} / ${m.tooClose} / ${m.collisions} / ${m.geography} / ${m.ms.toFixed(2)} ms`;
console.log('| file | sites | hand-written: overlaps / closer than the gap / label collisions / geography kept / time | d3-force: the same |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.file} | ${r.sites}${r.located ? ' (located)' : ''} | ${cell(r.hand)} | ${cell(r.force)} |`);
