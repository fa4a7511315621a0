import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rules } from '../rules/registry.js';
import { artifactLocation, DEFAULT_DOCS_BASE, FINGERPRINT_KEY } from './output.js';
import { ruleDescriptions } from './rule-descriptions.js';
import { ruleDescription } from './rule-pages.js';
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

test('each rule\'s fullDescription is the opening of its page\'s "What it catches", fuller than its shortDescription (node scripts/rule-descriptions.mjs writes the table)', () => {
  inFolders((root) => {
    writeFileSync(path.join(root, 'a.vmm'), STRETCHED);
    const log = JSON.parse(vmm('check', '--format', 'sarif', '--root', root, path.join(root, 'a.vmm')).out) as Log;
    const byId = new Map(
      log.runs[0].tool.driver.rules.map((r) => [
        r.id as string,
        r as { shortDescription: { text: string }; fullDescription: { text: string; markdown: string } },
      ]),
    );
    for (const rule of rules) {
      const page = readFileSync(path.join(repo, 'docs', 'rules', `${rule.code}.md`), 'utf8');
      const opening = ruleDescription(page);
      assert.ok(opening, `docs/rules/${rule.code}.md has a "What it catches" section`);
      // The generated table is the pages as they are now.
      assert.deepEqual(ruleDescriptions[rule.code], opening, `${rule.code}: run node scripts/rule-descriptions.mjs`);
      const sarif = byId.get(rule.code)!;
      assert.deepEqual(sarif.fullDescription, opening, rule.code);
      assert.ok(sarif.fullDescription.text.length > sarif.shortDescription.text.length + 20, `${rule.code}: ${sarif.fullDescription.text}`);
      assert.ok(!/[`*]|\]\(/.test(sarif.fullDescription.text), `${rule.code}: Markdown left in the text: ${sarif.fullDescription.text}`);
    }
    // The rules whose summary is their title get their page's words.
    assert.equal(
      byId.get('VMM001')!.fullDescription.text,
      'Text that does not follow the grammar (spec §3). The parser recovers from each mistake and keeps every declaration it can, so the rest of the file is still checked: a later declaration keeps its own diagnostics, and names declared after the mistake still resolve.',
    );
    // A table the opening announces gives its first column.
    assert.equal(
      byId.get('VMM702')!.fullDescription.text,
      'A VM moved live (or routed) whose devices list a device the running guest cannot take along: passthrough, shared-disk, usb.',
    );
  });
});

test('ruleDescription: a list is run in with semicolons, a formula is run into its sentence, a table or code block ends it', () => {
  const page = (body: string) => `# VMM999: x\n\n**Severity:** error\n\n## What it catches\n\n${body}\n\n## Why\n\nlater\n`;
  assert.deepEqual(ruleDescription(page('Something `stated` twice (spec §10):\n\n- a second **name**;\n- a second [policy](x.md).\n\n```vmm\nsite a\n```')), {
    text: 'Something stated twice (spec §10): a second name; a second policy.',
    markdown: 'Something `stated` twice (spec §10): a second **name**; a second [policy](x.md).',
  });
  assert.equal(
    ruleDescription(page('A value of the wrong type:\n\n| case | example |\n|---|---|\n| `unknown unit` | 4Gib |\n| missing unit | 10 |'))?.text,
    'A value of the wrong type: unknown unit, missing unit.',
  );
  assert.equal(ruleDescription(page('A value of the wrong type:\n\n```vmm\nsite a\n```'))?.text, 'A value of the wrong type.');
  assert.equal(
    ruleDescription(page('It carries at most\n\ncap = w ÷ RTT\n\nand fires below it.'))?.text,
    'It carries at most cap = w ÷ RTT; and fires below it.',
  );
  assert.equal(ruleDescription(page('It stops:\n\n- when it is slow; or\n- when it is late'))?.text, 'It stops: when it is slow; or when it is late.');
  assert.equal(ruleDescription('# VMM999: x\n\nno section\n'), undefined);
});

const FINGERPRINTED =
  'site a\nsite b\nlink a <-> b { rtt = 35ms  bandwidth = 10Gbps }\nvm web at a { memory = 16GiB  disk = 100GiB }\nvm api at a { memory = 8GiB }\nmigrate web, api to b\n';

interface Fingerprinted {
  runs: {
    results: {
      ruleId: string;
      message: { text: string };
      partialFingerprints: Record<string, string>;
      locations: { physicalLocation: { region: { startLine: number } } }[];
    }[];
  }[];
}

test("each result has vmm's own partialFingerprints (not primaryLocationLineHash): the same across line shifts and changed figures, different for another declaration or VM", () => {
  inFolders((root) => {
    const file = path.join(root, 'a.vmm');
    const sarif = (text: string) => {
      writeFileSync(file, text);
      const r = vmm('check', '--format', 'sarif', '--root', root, file);
      const log = JSON.parse(r.out) as Fingerprinted;
      assert.ok(sarifValidator()(log), JSON.stringify(sarifValidator().errors));
      return log.runs[0].results.map((x) => ({
        code: x.ruleId,
        line: x.locations[0].physicalLocation.region.startLine,
        message: x.message.text,
        keys: Object.keys(x.partialFingerprints),
        print: x.partialFingerprints[FINGERPRINT_KEY],
      }));
    };
    const before = sarif(FINGERPRINTED);
    assert.deepEqual(
      before.map((r) => [r.code, r.line]),
      [
        ['VMM101', 6],
        ['VMM204', 6],
        ['VMM204', 6],
      ],
    );
    for (const r of before) {
      assert.deepEqual(r.keys, ['vmmIdentity/v1']);
      assert.match(r.print, /^[0-9a-f]{16}:1$/);
    }
    assert.equal(new Set(before.map((r) => r.print)).size, 3, 'one fingerprint per result');
    // Lines added above and another RTT: the same diagnostics, moved and reworded, keep their fingerprints.
    const shifted = sarif(`// the estate\n\nsite c\n${FINGERPRINTED.replace('rtt = 35ms', 'rtt = 40ms')}`);
    assert.deepEqual(
      shifted.map((r) => r.line),
      [9, 9, 9],
    );
    assert.notEqual(shifted[0].message, before[0].message);
    assert.deepEqual(
      shifted.map((r) => r.print),
      before.map((r) => r.print),
    );
    // Another VM named, another intent: other fingerprints.
    const renamed = sarif(FINGERPRINTED.replace('vm api', 'vm app').replace('web, api', 'web, app'));
    assert.notEqual(renamed[0].print, before[0].print, 'the intent now moves web and app');
    assert.ok(!renamed.some((r) => before.some((b) => b.print === r.print)), 'no fingerprint kept');
  });
});

test('two diagnostics of the same identity in a file are told apart by their count (:1, :2)', () => {
  inFolders((root) => {
    const file = path.join(root, 'a.vmm');
    // The same syntax error twice: anchored on no declaration, named by its message.
    writeFileSync(file, 'site a {\n  x = = 1\n}\nsite b {\n  x = = 1\n}\n');
    const log = JSON.parse(vmm('check', '--format', 'sarif', '--root', root, file).out) as Fingerprinted;
    const errors = log.runs[0].results.filter((r) => r.ruleId === 'VMM001');
    assert.deepEqual(
      errors.map((r) => r.message.text),
      [
        "expected a value after 'x ='",
        "unexpected '= 1': expected an attribute or '}'",
        "expected a value after 'x ='",
        "unexpected '= 1': expected an attribute or '}'",
      ],
    );
    const prints = errors.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    assert.match(prints[0], /:1$/);
    assert.match(prints[1], /:1$/);
    assert.notEqual(prints[0], prints[1]);
    assert.equal(prints[2], prints[0].replace(/:1$/, ':2'));
    assert.equal(prints[3], prints[1].replace(/:1$/, ':2'));
  });
});
