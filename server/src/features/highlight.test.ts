import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../testing.js';
import { semanticSpans } from './highlight.js';

/** Each token as the editor colours it: its text, its type, `(declaration)` on a declared name. */
function tokens(text: string): string[] {
  return semanticSpans(checkText(text)).map((t) => `${text.slice(t.start, t.end)} ${t.type}${t.declaration ? ' (declaration)' : ''}`);
}

test('semantic tokens: keywords, declared names by what they name, attributes, values, references', () => {
  const text = [
    'site a { location = 48.1, 11.6 }',
    'site b',
    'link a <-> b { rtt = 2ms; bandwidth = 10Gbps; l2-extension = vxlan-evpn }',
    'network app { sites = a, b; gateway = anycast }',
    'vm web at a { memory = 8GiB; network = app }',
    'migrate web to b { method = live }',
  ].join('\n');
  assert.deepEqual(tokens(text), [
    'site keyword',
    'a namespace (declaration)',
    'location property',
    '48.1 number',
    '11.6 number',
    'site keyword',
    'b namespace (declaration)',
    'link keyword',
    'a namespace',
    'b namespace',
    'rtt property',
    '2ms number',
    'bandwidth property',
    '10Gbps number',
    'l2-extension property',
    'vxlan-evpn enumMember',
    'network keyword',
    'app interface (declaration)',
    'sites property',
    'a namespace',
    'b namespace',
    'gateway property',
    'anycast enumMember',
    'vm keyword',
    'web class (declaration)',
    'a namespace',
    'memory property',
    '8GiB number',
    'network property',
    'app interface',
    'migrate keyword',
    'web class',
    'b namespace',
    'method property',
    'live enumMember',
  ]);
});

test('semantic tokens: blocks, strings, booleans, services and policies', () => {
  const text = [
    'policy wan { profile = hcx }',
    'site a { region = "eu"; capacity { memory = 1TiB } }',
    'service shop { vms = web; scalable = true }',
    'vm web at a',
  ].join('\n');
  assert.deepEqual(tokens(text), [
    'policy keyword',
    'wan type (declaration)',
    'profile property',
    'hcx enumMember',
    'site keyword',
    'a namespace (declaration)',
    'region property',
    '"eu" string',
    'capacity struct',
    'memory property',
    '1TiB number',
    'service keyword',
    'shop type (declaration)',
    'vms property',
    'web class',
    'scalable property',
    'true keyword',
    'vm keyword',
    'web class (declaration)',
    'a namespace',
  ]);
});

test('semantic tokens: in order of place', () => {
  const [first, second] = semanticSpans(checkText('\n  site a'));
  assert.deepEqual([first.start, first.end, second.start, second.end], [3, 7, 8, 9]);
});

test('semantic tokens: none over a line break (a string left open runs to the end)', () => {
  const text = 'site a { region = "eu\nx" }';
  assert.ok(!tokens(text).some((t) => t.includes('\n')));
});
