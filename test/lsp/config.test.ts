/**
 * The language server reads the project config (vmm.config.json, nearest upwards from a document,
 * not above its workspace folder) and reads it again when the client says it changed; its rules
 * win over the editor's vmm.rules.* settings; its problems show on the config file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Server } from './harness.js';

const STRETCHED = 'site a\nsite b\nlink a <-> b { rtt = 2ms  bandwidth = 10Gbps  l2-extension = vxlan-evpn  mtu = 9000 }\nnetwork n { sites = a, b }\n';

const folder = realpathSync(mkdtempSync(path.join(tmpdir(), 'vmm-lsp-config-')));
const configFile = path.join(folder, 'vmm.config.json');
const configUri = pathToFileURL(configFile).href;
const server = new Server();
// The editor's settings say VMM303 is info; the project's config says otherwise.
before(async () => {
  mkdirSync(path.join(folder, 'infra'));
  writeFileSync(configFile, JSON.stringify({ rules: { VMM303: 'error' } }));
  await server.start({ rules: { VMM303: 'info', VMM204: 'warning', VMM401: 'off' } }, folder);
});
after(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

const changed = (type: 1 | 2 | 3) => server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type }] });
const vmm303 = (uri: string) => server.lastPublished(uri)?.diagnostics.find((d) => d.code === 'VMM303');

test("the config's rules win over the editor's settings; the settings still apply to the rules it does not name", async () => {
  const uri = pathToFileURL(path.join(folder, 'infra', 'a.vmm')).href;
  await server.open(uri, STRETCHED + 'vm web at a { memory = 4GiB  disk = 10GiB  network = n }\nmigrate web to b\n');
  const diagnostics = await server.diagnosticsOf(uri);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity]),
    [
      ['VMM303', 1],
      ['VMM204', 2],
      ['VMM402', 2],
    ],
  );
});

test('a changed config is read again when the client says so: the open documents are checked again; a deleted one leaves the settings', async () => {
  const uri = pathToFileURL(path.join(folder, 'infra', 'b.vmm')).href;
  await server.open(uri, STRETCHED);
  await server.publishedWhen(uri, () => vmm303(uri)?.severity === 1);
  writeFileSync(configFile, JSON.stringify({ rules: { VMM303: 'off' } }));
  await changed(2);
  await server.publishedWhen(uri, () => vmm303(uri) === undefined);
  unlinkSync(configFile);
  await changed(3);
  await server.publishedWhen(uri, () => vmm303(uri)?.severity === 3);
  writeFileSync(configFile, JSON.stringify({ rules: { VMM303: 'warning' } }));
  await changed(1);
  await server.publishedWhen(uri, () => vmm303(uri)?.severity === 2);
});

test("a config's problems are diagnostics on the config file, with the CLI's words; what is right in it still applies", async () => {
  const uri = pathToFileURL(path.join(folder, 'infra', 'c.vmm')).href;
  await server.open(uri, STRETCHED);
  writeFileSync(configFile, JSON.stringify({ rules: { VMM999: 'off', VMM303: 'error' } }));
  await changed(2);
  const published = await server.publishedWhen(configUri, (p) => (p?.diagnostics.length ?? 0) > 0);
  assert.deepEqual(
    published?.diagnostics.map((d) => [d.message, d.severity, d.source]),
    [["rules: unknown rule code 'VMM999'", 2, 'vmm']],
  );
  await server.publishedWhen(uri, () => vmm303(uri)?.severity === 1);
  writeFileSync(configFile, JSON.stringify({ rules: { VMM303: 'error' } }));
  await changed(2);
  await server.publishedWhen(configUri, (p) => p?.diagnostics.length === 0);
});

test('an import that was missing is read once the file appears: the document that names it is checked again', async () => {
  const uri = pathToFileURL(path.join(folder, 'infra', 'uses-later.vmm')).href;
  const later = path.join(folder, 'infra', 'later.vmm');
  await server.open(uri, 'import "later.vmm"\nvm web at a { memory = 4GiB }\n');
  const codes = () => server.lastPublished(uri)?.diagnostics.map((d) => d.code) ?? [];
  await server.publishedWhen(uri, () => codes().includes('VMM007'));
  assert.deepEqual(codes(), ['VMM007', 'VMM005']);
  writeFileSync(later, 'site a\n');
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(later).href, type: 1 }] });
  await server.publishedWhen(uri, () => codes().length === 0);
});
