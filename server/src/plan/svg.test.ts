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
