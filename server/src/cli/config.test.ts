import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../config.js';
import { findConfigFile, loadProjectConfig } from '../node-fs.js';
import { vmm } from './testing.js';

const STRETCHED = 'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }\nnetwork n { sites = a, b }\n';
const IGNORED = STRETCHED.replace('network n', '// vmm-ignore VMM303 one failure domain by design\nnetwork n');

/** A project folder with a sub folder, the current directory set to `cwd` (relative to the project) while body runs. */
function inProject(files: Record<string, string>, cwd: string, body: (project: string) => void): void {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'vmm-config-')));
  const project = path.join(dir, 'project');
  const previous = process.cwd();
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
      writeFileSync(path.join(project, name), text);
    }
    mkdirSync(path.join(project, cwd), { recursive: true });
    process.chdir(path.join(project, cwd));
    body(project);
  } finally {
    process.chdir(previous);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('parseConfig: rules, root and docsBase read; each wrong key said with its key, the rest still used', () => {
  assert.deepEqual(parseConfig('{"$schema": "x", "rules": {"VMM303": "off", "VMM101": "warning"}, "root": "..", "docsBase": "https://docs.example.com/r/"}'), {
    rules: { VMM303: 'off', VMM101: 'warning' },
    root: '..',
    docsBase: 'https://docs.example.com/r',
    problems: [],
  });
  assert.deepEqual(parseConfig('{"rules": {"VMM999": "off", "VMM303": "loud", "VMM101": "info"}, "severity": {}, "root": 3, "docsBase": "file:///docs"}'), {
    rules: { VMM101: 'info' },
    problems: [
      "unknown key 'severity' (the keys are rules, root, docsBase)",
      "rules: unknown rule code 'VMM999'",
      'rules.VMM303 must be error, warning, info or off; got "loud"',
      'root must be a folder path, relative to the config file',
      'docsBase must be the http or https address of the rule pages; got "file:///docs"',
    ],
  });
  assert.match(parseConfig('{"rules": ').problems[0], /^not JSON: /);
  assert.deepEqual(parseConfig('[]').problems, ['must be a JSON object']);
  // A byte order mark, as some Windows editors write, is not an error.
  assert.deepEqual(parseConfig('\uFEFF{}').problems, []);
});

test('the nearest vmm.config.json upwards, not above the folder it is bounded by', () => {
  inProject({ 'vmm.config.json': '{"root": "."}', 'infra/dc/x.vmm': '' }, '.', (project) => {
    assert.equal(findConfigFile(path.join(project, 'infra', 'dc')), path.join(project, 'vmm.config.json'));
    assert.equal(findConfigFile(path.join(project, 'infra', 'dc'), path.join(project, 'infra')), undefined);
    assert.equal(loadProjectConfig(path.join(project, 'infra'))?.root, project);
    assert.equal(findConfigFile(path.dirname(project)), undefined);
  });
});

test('vmm check reads the nearest config upwards from the current directory: its rules apply, --severity overrides them, vmm-ignore still silences', () => {
  const config = JSON.stringify({ rules: { VMM303: 'error' } });
  inProject({ 'vmm.config.json': config, 'infra/a.vmm': STRETCHED, 'infra/b.vmm': IGNORED }, 'infra', () => {
    const raised = vmm('check', 'a.vmm');
    assert.equal(raised.code, 1, raised.err);
    assert.match(raised.out, /^a\.vmm\(4,9\): error VMM303: network 'n' is stretched over 2 sites/);
    // The command line wins over the config.
    const off = vmm('check', '--severity', 'VMM303=off', 'a.vmm');
    assert.equal(off.code, 0);
    assert.equal(off.out, '');
    // An inline vmm-ignore silences its declaration whatever the config makes of the rule.
    const ignored = vmm('check', 'b.vmm');
    assert.equal(ignored.code, 0, ignored.out);
    assert.equal(ignored.out, '');
  });
});

test("the config's root is the workspace folder (read from the config's folder); --root overrides it", () => {
  const files = {
    'vmm.config.json': '{"root": "."}',
    'shared/sites.vmm': 'site a\nsite b\n',
    'infra/main.vmm': 'import "../shared/sites.vmm"\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps }\n',
  };
  inProject(files, 'infra', (project) => {
    assert.deepEqual(vmm('check', 'main.vmm'), { code: 0, out: '', err: '0 error(s), 0 warning(s), 0 info in 1 file(s)\n' });
    const narrow = vmm('check', '--root', '.', 'main.vmm');
    assert.equal(narrow.code, 1);
    assert.match(narrow.out, /VMM007: import '\.\.\/shared\/sites\.vmm' is outside the workspace folder .*--root \. does not hold it; pass --root /);
    void project;
  });
  inProject({ ...files, 'vmm.config.json': '{"root": "infra"}' }, 'infra', (project) => {
    const r = vmm('check', 'main.vmm');
    assert.equal(r.code, 1);
    assert.ok(r.out.includes(`(the root of ../vmm.config.json (.) does not hold it; set root there or pass --root ${project} to read it)`), r.out);
  });
});

test("SARIF's helpUri comes from the config's docsBase unless --docs-base says otherwise", () => {
  inProject({ 'vmm.config.json': '{"docsBase": "https://intranet.example.com/vmm/rules/"}', 'a.vmm': STRETCHED }, '.', () => {
    const helpUri = (args: string[]) =>
      (
        JSON.parse(vmm('check', '--format', 'sarif', ...args, 'a.vmm').out) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] }
      ).runs[0].tool.driver.rules.find((r) => r.id === 'VMM303')?.helpUri;
    assert.equal(helpUri([]), 'https://intranet.example.com/vmm/rules/VMM303.md');
    assert.equal(helpUri(['--docs-base', 'https://other.example.com/r']), 'https://other.example.com/r/VMM303.md');
  });
});

test('a config with a problem stops the check (exit 2) with the file and the key; --config names another file', () => {
  inProject({ 'vmm.config.json': '{"rules": {"VMM999": "off"}}', 'ci/strict.json': '{"rules": {"VMM303": "error"}}', 'a.vmm': STRETCHED }, '.', () => {
    assert.deepEqual(vmm('check', 'a.vmm'), { code: 2, out: '', err: "vmm: vmm.config.json: rules: unknown rule code 'VMM999'\n" });
    const other = vmm('check', '--config', 'ci/strict.json', 'a.vmm');
    assert.equal(other.code, 1);
    assert.match(other.out, /error VMM303/);
    assert.deepEqual(vmm('check', '--config', 'nowhere.json', 'a.vmm'), { code: 2, out: '', err: 'vmm: nowhere.json: no such file\n' });
  });
});
