import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rules } from '../rules/registry.js';
import { artifactLocation, DEFAULT_DOCS_BASE } from './output.js';
import { namedCodes, ruleNaming } from './rule-names.js';
import { vmm } from './testing.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const require = createRequire(import.meta.url);
// CommonJS packages: required, so that their default export is the class and the plugin themselves.
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

/** The SARIF 2.1.0 schema, vendored (test/fixtures/sarif/NOTICE.md), with format checks (uri, uri-reference, date-time). */
function sarifValidator() {
  // unicodeRegExp off: rtm.5's pattern for `language` has a stray `]` (errata01 corrected it), which only a non-Unicode RegExp accepts.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(path.join(repo, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')));
}

const STRETCHED = 'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }\nnetwork n { sites = a, b }\n';

interface Log {
  runs: {
    tool: { driver: { informationUri: string; rules: Record<string, unknown>[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[] }[];
  }[];
}

function inFolders(body: (root: string, outside: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmm-sarif-'));
  try {
    const root = path.join(dir, 'project');
    const outside = path.join(dir, 'elsewhere');
    mkdirSync(path.join(root, 'sub dir'), { recursive: true });
    mkdirSync(outside);
    body(root, outside);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('vmm check --format sarif is valid SARIF 2.1.0, with locations relative to --root, percent-encoded, and file: URIs outside it', () => {
  inFolders((root, outside) => {
    const names = ['app net.vmm', 'café.vmm', path.join('sub dir', 'a#1%.vmm')];
    for (const name of names) writeFileSync(path.join(root, name), STRETCHED);
    const far = path.join(outside, 'far away.vmm');
    writeFileSync(far, STRETCHED);
    const r = vmm('check', '--format', 'sarif', '--root', root, ...names.map((n) => path.join(root, n)), far);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    const log = JSON.parse(r.out) as Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

    const [run] = log.runs;
    const locations = run.results.map((x) => x.locations[0].physicalLocation);
    assert.deepEqual(
      locations.map((l) => l.artifactLocation),
      [
        { uri: 'app%20net.vmm', uriBaseId: '%SRCROOT%' },
        { uri: 'caf%C3%A9.vmm', uriBaseId: '%SRCROOT%' },
        { uri: 'sub%20dir/a%231%25.vmm', uriBaseId: '%SRCROOT%' },
        { uri: pathToFileURL(far).href },
      ],
    );
    assert.ok(locations[3].artifactLocation.uri.startsWith('file:///') && locations[3].artifactLocation.uri.endsWith('/far%20away.vmm'));
    for (const l of locations) assert.equal(l.region.startLine, 4);
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(root).href + '/' } });
    assert.deepEqual(run.invocations, [{ executionSuccessful: true }]);

    // The schema's uri-reference format is checked: a raw space is refused, so the encoding above is what makes it valid.
    const raw = structuredClone(log);
    raw.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'app net.vmm';
    assert.equal(sarifValidator()(raw), false);
  });
});

test('every rule in the SARIF log has a name that is not its id, a full description, help as text and Markdown, and a public helpUri', () => {
  inFolders((root) => {
    writeFileSync(path.join(root, 'a.vmm'), STRETCHED);
    const log = JSON.parse(vmm('check', '--format', 'sarif', '--root', root, path.join(root, 'a.vmm')).out) as Log;
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.informationUri, 'https://github.com/vmm-lang/vmm');
    assert.equal(driver.rules.length, rules.length);
    const seen = new Set<string>();
    for (const rule of driver.rules as {
      id: string;
      name: string;
      shortDescription: { text: string };
      fullDescription: { text: string };
      help: { text: string; markdown: string };
      helpUri: string;
    }[]) {
      assert.match(rule.name, /^[A-Z][A-Za-z0-9]+$/, rule.id);
      assert.notEqual(rule.name, rule.id);
      assert.ok(!seen.has(rule.name), `${rule.name} twice`);
      seen.add(rule.name);
      assert.ok(rule.shortDescription.text.length > 0 && rule.fullDescription.text.length > 0, rule.id);
      assert.equal(rule.helpUri, `${DEFAULT_DOCS_BASE}/${rule.id}.md`);
      assert.ok(rule.help.text.includes(rule.helpUri) && rule.help.markdown.includes(`](${rule.helpUri})`), rule.id);
    }
    // Nothing in the log points into this machine's copy of the docs.
    assert.ok(!JSON.stringify(driver).includes('file:'), 'a file: URI in the rules');
  });
});

test('--docs-base sets where helpUri points', () => {
  inFolders((root) => {
    writeFileSync(path.join(root, 'a.vmm'), STRETCHED);
    const r = vmm('check', '--format', 'sarif', '--root', root, '--docs-base', 'https://docs.example.com/vmm/rules/', path.join(root, 'a.vmm'));
    const rule = (JSON.parse(r.out) as Log).runs[0].tool.driver.rules.find((x) => x.id === 'VMM303');
    assert.equal(rule?.helpUri, 'https://docs.example.com/vmm/rules/VMM303.md');
  });
});

test('a file that cannot be read is an unsuccessful invocation with a notification naming it (exit 2), still valid SARIF', () => {
  inFolders((root) => {
    writeFileSync(path.join(root, 'a.vmm'), STRETCHED);
    const missing = path.join(root, 'missing.vmm');
    const r = vmm('check', '--format', 'sarif', '--root', root, path.join(root, 'a.vmm'), missing);
    assert.equal(r.code, 2);
    assert.equal(r.err, `vmm: ${missing}: no such file\n`);
    const log = JSON.parse(r.out) as Log;
    assert.ok(sarifValidator()(log));
    assert.deepEqual(log.runs[0].invocations, [
      { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: `${missing}: no such file` } }] },
    ]);
    assert.equal(log.runs[0].results.length, 1);
  });
});

test('artifactLocation: inside the root relative, the root itself and above it file: URIs', () => {
  const root = path.resolve('/work/project');
  assert.deepEqual(artifactLocation(path.join(root, 'x:y.vmm'), root), { uri: 'x%3Ay.vmm', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(artifactLocation(path.resolve('/work/other.vmm'), root), { uri: pathToFileURL(path.resolve('/work/other.vmm')).href });
});

test('every rule has a SARIF name and title, and the titles are the headings of docs/rules', () => {
  for (const rule of rules) {
    assert.ok(namedCodes.includes(rule.code), `${rule.code} has no entry in cli/rule-names.ts`);
    const heading = readFileSync(path.join(repo, 'docs', 'rules', `${rule.code}.md`), 'utf8').split('\n')[0];
    assert.equal(`# ${rule.code}: ${ruleNaming(rule.code, rule.summary).title}`, heading);
  }
  // A rule not in the table still gets a readable name.
  assert.deepEqual(ruleNaming('VMM999', 'live/routed: path RTT > max-rtt'), { name: 'LiveRoutedPathRTTMaxRtt', title: 'live/routed: path RTT > max-rtt' });
});
