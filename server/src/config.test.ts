import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema, parseConfig } from './config.js';
import { rules } from './rules/registry.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const schemaFile = path.join(repo, 'schemas', 'vmm.config.schema.json');

test('schemas/vmm.config.schema.json is the schema made from the rule registry (node scripts/config-schema.mjs writes it)', () => {
  assert.deepEqual(JSON.parse(readFileSync(schemaFile, 'utf8')), configSchema(rules));
});

test('the schema the editor validates vmm.config.json with accepts and refuses what the CLI and the server accept and refuse', () => {
  const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false, keywords: ['markdownDescription'] }).compile(
    JSON.parse(readFileSync(schemaFile, 'utf8')),
  );
  const cases = [
    '{}',
    '{"$schema": "./node_modules/vmm/schemas/vmm.config.schema.json", "rules": {"VMM303": "off", "VMM101": "warning"}, "root": "..", "docsBase": "https://docs.example.com/vmm/rules"}',
    '{"rules": {"VMM999": "off"}}',
    '{"rules": {"VMM303": "loud"}}',
    '{"rules": {"VMM303": null}}',
    '{"rules": []}',
    '{"severity": {}}',
    '{"root": ""}',
    '{"root": 3}',
    '{"docsBase": "file:///home/me/docs"}',
    '{"docsBase": "http://intranet/vmm"}',
    '[]',
  ];
  for (const text of cases) {
    const valid = validate(JSON.parse(text));
    assert.equal(
      valid,
      parseConfig(text).problems.length === 0,
      `${text}: schema ${valid ? 'accepts' : 'refuses'} it, parseConfig says ${parseConfig(text).problems.join('; ')}`,
    );
  }
});

test('package.json contributes the schema for every vmm.config.json, and the package ships it', () => {
  const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
    contributes: { jsonValidation: { fileMatch: string; url: string }[] };
  };
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: 'vmm.config.json', url: './schemas/vmm.config.schema.json' }]);
  assert.match(readFileSync(path.join(repo, '.vscodeignore'), 'utf8'), /^!schemas\/vmm\.config\.schema\.json$/m);
});
