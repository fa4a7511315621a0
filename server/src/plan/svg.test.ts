import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../checker.js';
import { checkText } from '../testing.js';
import { buildPlan } from './plan.js';
import { escapeXml, layoutSites, topologySvg } from './svg.js';

function unescape(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(\w+);/g, (_, n: string) => named[n]);
}

interface Element {
  name: string;
  attributes: Map<string, string>;
}

/**
 * A small well-formedness check: one root, every tag closed in order, attributes quoted and
 * unique, text and attribute values without a raw `<` or a bare `&`. Returns the elements.
 */
function wellFormed(xml: string): Element[] {
  const elements: Element[] = [];
  const stack: string[] = [];
  let roots = 0;
  const text = (s: string, where: string) => {
    assert.ok(!s.includes('<'), `raw < in ${where}`);
    assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s), `bare & in ${where}: ${s}`);
  };
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  while (rest.length > 0) {
    const open = rest.indexOf('<');
    if (open < 0) {
      assert.equal(rest.trim(), '', 'text after the root');
      break;
    }
    const before = rest.slice(0, open);
    if (stack.length === 0) assert.equal(before.trim(), '', 'text outside the root');
    text(before, 'text');
    const close = rest.indexOf('>', open);
    assert.ok(close > open, 'unclosed tag');
    const tag = rest.slice(open, close + 1);
    rest = rest.slice(close + 1);
    const end = /^<\/([A-Za-z][\w:-]*)\s*>$/.exec(tag);
    if (end) {
      assert.equal(stack.pop(), end[1], `</${end[1]}> closes the wrong element`);
      continue;
    }
    const start = /^<([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>$/.exec(tag);
    assert.ok(start, `malformed tag ${tag}`);
    const attributes = new Map<string, string>();
    for (const [, name, value] of start[2].matchAll(/([\w:-]+)="([^"]*)"/g)) {
      assert.ok(!attributes.has(name), `duplicate attribute ${name} in ${tag}`);
      text(value, `attribute ${name}`);
      attributes.set(name, unescape(value));
    }
    elements.push({ name: start[1], attributes });
    if (stack.length === 0) roots++;
    if (start[3] !== '/') stack.push(start[1]);
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'one root element');
  return elements;
}

const FILE = `
site nj-east { location = 40.73, -74.17 }
site chicago { location = 41.85, -87.65 }
site miami { location = 25.76, -80.19 }
link nj-east <-> chicago { rtt = 18ms  bandwidth = 10Gbps }
link nj-east <-> miami { rtt = 30ms  bandwidth = 10Gbps }
vm web-01 at nj-east { memory = 8GiB  dirty-rate = 10MB/s }
vm web-02 at nj-east { memory = 8GiB  dirty-rate = 10MB/s }
vm db-01 at nj-east { memory = 8GiB  disk = 100GB }
migrate web-* to chicago { method = cold }
migrate db-01 to miami { method = cold }
`;

test('SVG: well-formed, self-contained, and names every site and migration', () => {
  const result = checkText(FILE);
  const planned = buildPlan(result);
  assert.ok(planned.ok);
  const svg = topologySvg(result, planned.plan);
  const elements = wellFormed(svg);
  assert.equal(elements[0].name, 'svg');
  assert.equal(elements[0].attributes.get('xmlns'), 'http://www.w3.org/2000/svg');
  assert.ok(!/<script|<foreignObject|href=|@import|url\((?!#)/i.test(svg), 'no scripts or external references');
  for (const name of ['nj-east', 'chicago', 'miami', 'web-01', 'web-02', 'db-01']) assert.ok(svg.includes(`>${name}</text>`), `${name} is written`);
  // Every drawn element leads back to its declaration.
  for (const e of elements.filter((e) => ['line', 'path', 'circle', 'text'].includes(e.name) && e.attributes.has('data-kind'))) {
    const kind = e.attributes.get('data-kind')!;
    assert.ok(e.attributes.has('data-name'), `${e.name} of ${kind} has data-name`);
    if (['site', 'link', 'migration'].includes(kind)) assert.match(e.attributes.get('data-offset')!, /^\d+$/);
  }
  const of = (kind: string, name: string) =>
    elements.find((e) => e.name === 'g' && e.attributes.get('data-kind') === kind && e.attributes.get('data-name') === name);
  assert.equal(of('site', 'chicago')?.attributes.get('data-offset'), String(FILE.indexOf('site chicago')));
  assert.equal(of('link', 'nj-east <-> miami')?.attributes.get('data-offset'), String(FILE.indexOf('link nj-east <-> miami')));
  assert.equal(of('migration', 'web-02')?.attributes.get('data-offset'), String(FILE.indexOf('migrate web-*')));
  assert.equal(of('migration', 'web-02')?.attributes.get('data-method'), 'cold');
  assert.equal(of('link', 'nj-east <-> chicago')?.attributes.get('data-status'), 'ok');
  // Link labels: RTT and bandwidth.
  assert.ok(svg.includes('>18 ms · 10 Gbps</text>'));
});

test('SVG: a link with a broken limit is red and dashed; the migration over it carries an error mark', () => {
  const result = checkText(`
site a
site b
site c
link a <-> b { rtt = 50ms  bandwidth = 1Gbps }
link a <-> c { rtt = 1ms  bandwidth = 1Gbps }
vm v at a { memory = 1GiB  dirty-rate = 1MB/s }
migrate v to b
`);
  assert.ok(!buildPlan(result).ok, 'VMM101: no plan');
  const elements = wellFormed(topologySvg(result));
  const group = (kind: string, name: string) =>
    elements.findIndex((e) => e.name === 'g' && e.attributes.get('data-kind') === kind && e.attributes.get('data-name') === name);
  const ab = group('link', 'a <-> b');
  assert.equal(elements[ab].attributes.get('data-status'), 'problem');
  const line = elements.slice(ab).find((e) => e.name === 'line')!;
  assert.equal(line.attributes.get('stroke'), '#dc2626');
  assert.ok(line.attributes.has('stroke-dasharray'));
  assert.equal(elements[group('link', 'a <-> c')].attributes.get('data-status'), 'ok');
  assert.equal(elements[group('migration', 'v')].attributes.get('data-status'), 'error');
});

test('SVG: names and titles are escaped', () => {
  assert.equal(escapeXml(`a<b & "c" 'd'>`), 'a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
  const result = check('/workspace/R&D <east>.vmm', 'site a\nsite b\n', { workspace: '/workspace' });
  const svg = topologySvg(result);
  wellFormed(svg);
  assert.ok(svg.includes('<title>Topology of R&amp;D &lt;east&gt;.vmm</title>'));
});

test('SVG layout: located sites keep their bearings; without locations, a circle', () => {
  const located = layoutSites([
    { name: 'west', location: [40, -90] },
    { name: 'east', location: [40, -70] },
    { name: 'south', location: [25, -80] },
  ]);
  assert.ok(located.get('west')!.x < located.get('east')!.x, 'west is left of east');
  assert.ok(located.get('south')!.y > located.get('west')!.y, 'south is below');
  const circle = layoutSites([{ name: 'a' }, { name: 'b', location: [1, 1] }, { name: 'c' }, { name: 'd' }]);
  const centre = { x: [...circle.values()].reduce((s, p) => s + p.x, 0) / 4, y: [...circle.values()].reduce((s, p) => s + p.y, 0) / 4 };
  const radii = [...circle.values()].map((p) => Math.hypot(p.x - centre.x, p.y - centre.y));
  for (const r of radii) assert.ok(Math.abs(r - radii[0]) < 1, `on one circle: ${radii.join(', ')}`);
  // Two sites at one place are pulled apart so both stay readable.
  const same = layoutSites([
    { name: 'x', location: [10, 10] },
    { name: 'y', location: [10, 10] },
  ]);
  assert.ok(Math.hypot(same.get('x')!.x - same.get('y')!.x, same.get('x')!.y - same.get('y')!.y) >= 100);
});

test('SVG: a declaration from an imported file names that file', () => {
  const result = checkText('import "topology.vmm"\nvm v at a { memory = 1GiB }\nmigrate v to b\n', {
    fs: { readFile: (file) => (file === '/workspace/topology.vmm' ? 'site a\nsite b\nlink a <-> b { rtt = 5ms  bandwidth = 1Gbps }\n' : undefined) },
  });
  const planned = buildPlan(result);
  assert.ok(planned.ok);
  const elements = wellFormed(topologySvg(result, planned.plan));
  const site = elements.find((e) => e.name === 'g' && e.attributes.get('data-kind') === 'site' && e.attributes.get('data-name') === 'b')!;
  assert.equal(site.attributes.get('data-file'), 'topology.vmm');
  assert.equal(site.attributes.get('data-offset'), String('site a\n'.length));
  const migration = elements.find((e) => e.name === 'g' && e.attributes.get('data-kind') === 'migration')!;
  assert.equal(migration.attributes.get('data-file'), undefined);
  assert.equal(migration.attributes.get('data-offset'), String('import "topology.vmm"\nvm v at a { memory = 1GiB }\n'.length));
});

test('SVG at real size: 100 sites in 25 metros keep their geography, stand apart, and no label covers another or a site', async () => {
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const file = fileURLToPath(new URL('../../../../test/fixtures/topology/estate-100.vmm', import.meta.url));
  const result = check(file, readFileSync(file, 'utf8'), { workspace: '/' });
  const svg = topologySvg(result);
  const elements = wellFormed(svg);
  const size = { w: Number(elements[0].attributes.get('width')), h: Number(elements[0].attributes.get('height')) };
  assert.ok(size.w > 960 && size.h > 600, `the picture grows with the estate: ${size.w} × ${size.h}`);
  const circles = elements.filter((e) => e.name === 'circle' && e.attributes.get('data-kind') === 'site');
  assert.equal(circles.length, 100);
  const centre = new Map(circles.map((c) => [c.attributes.get('data-name')!, { x: Number(c.attributes.get('cx')), y: Number(c.attributes.get('cy')) }]));
  // Apart: at least two radii and a name's height between any two sites.
  const all = [...centre.values()];
  let closest = Infinity;
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) closest = Math.min(closest, Math.hypot(all[i].x - all[j].x, all[i].y - all[j].y));
  assert.ok(closest >= 80, `closest sites ${closest} px apart`);
  // Geography: each metro's sites together; North America west of Europe; Seattle above Miami, Stockholm above Madrid.
  const metro = (m: string) => {
    const ps = [1, 2, 3, 4].map((k) => centre.get(`${m}-dc${k}`)!);
    return {
      x: ps.reduce((s, p) => s + p.x, 0) / 4,
      y: ps.reduce((s, p) => s + p.y, 0) / 4,
      spread: Math.max(...ps.map((p) => Math.hypot(p.x - ps[0].x, p.y - ps[0].y))),
    };
  };
  for (const m of ['nyc', 'lon', 'fra', 'sjc']) assert.ok(metro(m).spread < 250, `${m}'s data centers stay together (${metro(m).spread} px)`);
  for (const us of ['sea', 'lax', 'nyc', 'mia', 'tor'])
    for (const eu of ['dub', 'lon', 'mad', 'waw']) assert.ok(metro(us).x < metro(eu).x, `${us} west of ${eu}`);
  assert.ok(metro('sea').y < metro('mia').y && metro('sto').y < metro('mad').y && metro('lax').x < metro('nyc').x && metro('lon').x < metro('waw').x);
  // Every site's name is drawn; the upright labels (sites, migrations) cover neither one another nor a site.
  const texts = elements.filter((e) => e.name === 'text' && !e.attributes.has('transform'));
  const names = texts.filter((t) => t.attributes.get('data-kind') === 'site');
  assert.equal(names.length, 100);
  const textOf = (t: Element) => svg.slice(svg.indexOf('>', svg.indexOf(`x="${t.attributes.get('x')}" y="${t.attributes.get('y')}"`)) + 1).split('<')[0];
  const boxes = texts
    .filter((t) => ['site', 'migration'].includes(t.attributes.get('data-kind')!) && t.attributes.get('fill') !== '#ffffff')
    .map((t) => {
      const chars = textOf(t).length;
      const w = chars * (t.attributes.get('data-kind') === 'site' ? 7.5 : 7.2);
      return { name: t.attributes.get('data-name')!, x: Number(t.attributes.get('x')), y: Number(t.attributes.get('y')) - 4, w: w / 2, h: 7 };
    });
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      assert.ok(!(Math.abs(a.x - b.x) < a.w + b.w && Math.abs(a.y - b.y) < a.h + b.h), `labels of ${a.name} and ${b.name} overlap`);
    }
    for (const [site, c] of centre)
      assert.ok(
        !(Math.abs(boxes[i].x - c.x) < boxes[i].w + 14 && Math.abs(boxes[i].y - c.y) < boxes[i].h + 14),
        `label of ${boxes[i].name} covers site ${site}`,
      );
  }
  // The figures of a link with no free place are left to its tooltip, not drawn over others.
  const links = elements.filter((e) => e.name === 'g' && e.attributes.get('data-kind') === 'link');
  const drawnFigures = links.filter((g) => g.attributes.get('data-label') !== 'tooltip').length;
  assert.ok(drawnFigures >= 10 && drawnFigures < links.length, `${drawnFigures} of ${links.length} links labelled`);
  // The legend shows what is drawn: live, routed and cold migrations, problem links, errors and warnings; no federate, no notes.
  const legend = new Set(elements.filter((e) => e.attributes.get('data-kind') === 'legend').map((e) => e.attributes.get('data-name')));
  assert.deepEqual([...legend].sort(), ['cold', 'error', 'legend', 'link', 'live', 'problem link', 'routed', 'site', 'warning']);
});

test('SVG legend: only what the picture draws', () => {
  const result = checkText(
    'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\nvm v at a { memory = 1GiB  dirty-rate = 1MB/s }\nmigrate v to b { method = cold }\n',
  );
  const planned = buildPlan(result);
  assert.ok(planned.ok);
  const elements = wellFormed(topologySvg(result, planned.plan));
  const legend = new Set(elements.filter((e) => e.attributes.get('data-kind') === 'legend').map((e) => e.attributes.get('data-name')));
  assert.deepEqual([...legend].sort(), ['cold', 'legend', 'link', 'site']);
  assert.deepEqual(
    elements.filter((e) => e.name === 'marker').map((e) => e.attributes.get('id')),
    ['vmm-arrow-cold'],
  );
});
