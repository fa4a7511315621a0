import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vmm } from '../language/registry.js';
import { Attribute, Declaration, Name, QuantityValue, type Span } from './ast.js';

const slice = (text: string, span: Span) => text.slice(span.start, span.end);

test('a node is its own span, and the spans of its keyword and name are worked out from it', () => {
  const text = 'vm web at a { memory = 4GiB }\n';
  // Well-formed (the fast path reads it), then with an error (the chevrotain parser reads it).
  for (const source of [text, text.replace('}', '')]) {
    const d = vmm.syntax.parse(source).declarations[0];
    assert.ok(d instanceof Declaration);
    assert.equal(d.span, d);
    assert.ok(d.name instanceof Name);
    assert.equal(d.name.span, d.name);
    assert.equal(slice(source, d.keywordSpan), 'vm');
    assert.deepEqual(JSON.parse(JSON.stringify(d.keywordSpan)), { start: 0, end: 2 });
    const attribute = d.body?.items[0];
    assert.ok(attribute instanceof Attribute);
    assert.equal(slice(source, attribute.nameSpan), 'memory');
    assert.equal(slice(source, attribute.span), 'memory = 4GiB');
    const value = attribute.values[0];
    assert.ok(value instanceof QuantityValue);
    assert.deepEqual([value.number, value.unit, slice(source, value)], [4, 'GiB', '4GiB']);
  }
});

test('a reused tree moved by an edit above it moves the spans taken from it before (keyword, name, value)', () => {
  const parser = vmm.syntax.incremental();
  const text = 'site a\nvm web at a { memory = 4GiB }\n';
  const before = parser.parse(text).declarations[1];
  const keyword = before.keywordSpan;
  const attribute = before.body?.items[0];
  assert.ok(attribute?.kind === 'attribute');
  const name = attribute.nameSpan;
  const edited = `// a comment above\n${text}`;
  const after = parser.parse(edited).declarations[1];
  assert.equal(after, before, 'the chunk of the vm is reused, not parsed again');
  assert.equal(slice(edited, keyword), 'vm');
  assert.equal(slice(edited, name), 'memory');
  assert.equal(slice(edited, attribute.values[0]), '4GiB');
  assert.equal(keyword.start, text.indexOf('vm') + '// a comment above\n'.length);
});
