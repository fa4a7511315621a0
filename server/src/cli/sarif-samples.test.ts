import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vmm } from './testing.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const schemaFile = path.join(repo, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json');

interface Rule {
  id: string;
  name?: string;
  shortDescription?: { text?: string };
  fullDescription?: { text?: string };
  help?: { text?: string; markdown?: string };
  helpUri?: string;
  properties?: { tags?: string[] };
}
interface Result {
  ruleId?: string;
  ruleIndex?: number;
  level?: string;
  message?: { text?: string };
  partialFingerprints?: Record<string, unknown>;
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number } } }[];
}
interface Log {
  version: string;
  runs: {
    tool: { driver: { name?: string; rules?: Rule[]; extensions?: unknown[] } };
    results?: Result[];
    originalUriBaseIds?: Record<string, { uri: string }>;
  }[];
}

/**
 * What GitHub code scanning documents of the SARIF it ingests, beyond the schema ("SARIF support for
 * code scanning" and "SARIF results exceed limits" on docs.github.com): each problem as one line.
 * Hard limits: 20 runs per file, 25,000 results and 25,000 rules per run, 100 tool extensions, 1,000
 * locations per result, 20 tags per rule; 10 MB gzip-compressed upload (checked on the plain text, a
 * stricter bound). Required: tool.driver.name; on each rule an id, shortDescription.text,
 * fullDescription.text and help.text; on each result a ruleId, message.text and a location whose
 * physicalLocation has an artifactLocation.uri and a region with startLine (a result without one is
 * not shown). A relative uri is read against its uriBaseId, which must be defined in the run.
 */
export function githubProblems(text: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(text) > 10 * 1024 * 1024) problems.push('file above 10 MB');
  const log = JSON.parse(text) as Log;
  if (log.version !== '2.1.0') problems.push(`version ${log.version}`);
  if (log.runs.length > 20) problems.push(`${log.runs.length} runs`);
  for (const run of log.runs) {
    const driver = run.tool.driver;
    const rules = driver.rules ?? [];
    const results = run.results ?? [];
    if (!driver.name) problems.push('tool.driver.name missing');
    if (results.length > 25000) problems.push(`${results.length} results in a run`);
    if (rules.length > 25000) problems.push(`${rules.length} rules in a run`);
    if ((driver.extensions ?? []).length > 100) problems.push('more than 100 extensions');
    const ids = new Set<string>();
    for (const rule of rules) {
      if (!rule.id) problems.push('a rule without id');
      if (ids.has(rule.id)) problems.push(`rule ${rule.id} twice`);
      ids.add(rule.id);
      if (!rule.shortDescription?.text) problems.push(`${rule.id}: shortDescription.text missing`);
      if (!rule.fullDescription?.text) problems.push(`${rule.id}: fullDescription.text missing`);
      else if (rule.fullDescription.text.trim().toLowerCase() === rule.shortDescription?.text?.trim().toLowerCase())
        problems.push(`${rule.id}: fullDescription.text repeats shortDescription.text`);
      if (!rule.help?.text) problems.push(`${rule.id}: help.text missing`);
      if ((rule.properties?.tags ?? []).length > 20) problems.push(`${rule.id}: more than 20 tags`);
      if (rule.helpUri !== undefined && !rule.helpUri.startsWith('https://'))
        problems.push(`${rule.id}: helpUri ${rule.helpUri} is not a public https address`);
    }
    const fingerprinted = new Set<string>();
    for (const [i, result] of results.entries()) {
      const where = `result ${i} (${result.ruleId})`;
      // partialFingerprints: strings; primaryLocationLineHash is the upload's own (it warns on any other value); one result per fingerprint and file.
      for (const [key, value] of Object.entries(result.partialFingerprints ?? {})) {
        if (typeof value !== 'string') problems.push(`${where}: partialFingerprints.${key} is not a string`);
        if (key === 'primaryLocationLineHash') problems.push(`${where}: sets primaryLocationLineHash, which the upload computes itself`);
        const id = `${result.locations?.[0]?.physicalLocation?.artifactLocation?.uri}\u0000${key}\u0000${String(value)}`;
        if (fingerprinted.has(id)) problems.push(`${where}: partialFingerprints.${key} ${String(value)} is another result's in the same file`);
        fingerprinted.add(id);
      }
      if (!result.ruleId) problems.push(`${where}: ruleId missing`);
      else if (!ids.has(result.ruleId)) problems.push(`${where}: ruleId not among the driver's rules`);
      if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId) problems.push(`${where}: ruleIndex points at another rule`);
      if (!result.message?.text) problems.push(`${where}: message.text missing`);
      const locations = result.locations ?? [];
      if (locations.length === 0) problems.push(`${where}: no location`);
      if (locations.length > 1000) problems.push(`${where}: more than 1000 locations`);
      for (const location of locations) {
        const artifact = location.physicalLocation?.artifactLocation;
        if (!artifact?.uri) problems.push(`${where}: artifactLocation.uri missing`);
        if (!(location.physicalLocation?.region?.startLine && location.physicalLocation.region.startLine >= 1))
          problems.push(`${where}: region.startLine missing`);
        if (artifact?.uri && !/^[a-z][a-z0-9+.-]*:/i.test(artifact.uri)) {
          if (!artifact.uriBaseId) problems.push(`${where}: relative uri ${artifact.uri} without uriBaseId`);
          else if (!run.originalUriBaseIds?.[artifact.uriBaseId]) problems.push(`${where}: uriBaseId ${artifact.uriBaseId} not defined in originalUriBaseIds`);
          if (artifact.uri.startsWith('/') || artifact.uri.split('/').includes('..')) problems.push(`${where}: uri ${artifact.uri} leaves the root`);
        }
      }
    }
  }
  return problems;
}

test('the vendored SARIF schema is the file of the npm package @microsoft/jest-sarif 1.0.0-beta.0 (sha256 in its NOTICE)', () => {
  const sha = createHash('sha256').update(readFileSync(schemaFile)).digest('hex');
  const notice = readFileSync(path.join(repo, 'test', 'fixtures', 'sarif', 'NOTICE.md'), 'utf8');
  assert.ok(notice.includes(`sha256 ${sha}`), sha);
});

test("every sample's SARIF validates against the SARIF 2.1.0 schema and passes GitHub's documented ingestion rules", () => {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  const samples = path.join(repo, 'samples');
  const files = readdirSync(samples).filter((f) => f.endsWith('.vmm'));
  assert.ok(files.length >= 9, `${files.length} samples`);
  let results = 0;
  for (const file of files) {
    const r = vmm('check', '--format', 'sarif', '--root', samples, path.join(samples, file));
    assert.ok(r.code === 0 || r.code === 1, `${file}: exit ${r.code} ${r.err}`);
    const log = JSON.parse(r.out) as Log;
    assert.ok(validate(log), `${file}: ${JSON.stringify(validate.errors, null, 2)}`);
    assert.deepEqual(githubProblems(r.out), [], file);
    for (const result of log.runs[0].results ?? []) assert.equal(result.locations?.[0].physicalLocation?.artifactLocation?.uri, encodeURIComponent(file));
    results += log.runs[0].results?.length ?? 0;
  }
  // The samples do report findings: the check above looked at real results, not only at rule metadata.
  assert.ok(results >= 15, `${results} results`);
});

test('the GitHub ingestion check finds what code scanning would refuse', () => {
  const r = vmm('check', '--format', 'sarif', '--root', path.join(repo, 'samples'), path.join(repo, 'samples', 'cloud-burst.vmm'));
  const log = JSON.parse(r.out) as Log & { runs: { results: Result[] }[] };
  const result = log.runs[0].results[0];
  delete result.message;
  result.locations = [{ physicalLocation: { artifactLocation: { uri: '../x.vmm' } } }];
  result.partialFingerprints = { primaryLocationLineHash: 'abc:1' };
  // Two results of one file under one fingerprint would be one alert.
  const [, second, third] = log.runs[0].results;
  assert.notDeepEqual(second.partialFingerprints, third.partialFingerprints);
  third.partialFingerprints = second.partialFingerprints;
  const rule = log.runs[0].tool.driver.rules?.[0];
  if (rule) {
    rule.helpUri = 'file:///home/me/docs/VMM001.md';
    delete rule.help;
    rule.fullDescription = { text: 'Syntax error' };
  }
  const print = String(Object.values(second.partialFingerprints ?? {})[0]);
  assert.deepEqual(githubProblems(JSON.stringify(log)), [
    'VMM001: fullDescription.text repeats shortDescription.text',
    'VMM001: help.text missing',
    'VMM001: helpUri file:///home/me/docs/VMM001.md is not a public https address',
    `result 0 (${result.ruleId}): sets primaryLocationLineHash, which the upload computes itself`,
    `result 0 (${result.ruleId}): message.text missing`,
    `result 0 (${result.ruleId}): region.startLine missing`,
    `result 0 (${result.ruleId}): relative uri ../x.vmm without uriBaseId`,
    `result 0 (${result.ruleId}): uri ../x.vmm leaves the root`,
    `result 2 (${third.ruleId}): partialFingerprints.vmmIdentity/v1 ${print} is another result's in the same file`,
  ]);
});
