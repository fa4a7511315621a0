import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.js';

// What an editor (or something posing as one) can send that must not make the server lie: bad
// settings, odd documents. Each test starts its own server.

const topology = 'site a\nsite b\nlink a <-> b { rtt = 1ms  bandwidth = 10Gbps }\nnetwork app { sites = a, b }\n';

test('settings: a bad rule severity is said once, and the rule keeps its default (no diagnostic without a severity)', { timeout: 30_000 }, async () => {
  const server = new Server();
  await server.start({ rules: { VMM303: 'bogus', VMM302: 'off', VMM999: 'off' } });
  try {
    const uri = server.uri('settings.vmm');
    await server.open(uri, topology);
    const diagnostics = await server.diagnosticsOf(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['VMM303', 2]],
    );
    // The same bad settings pushed again are not said again.
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { vmm: { rules: { VMM303: 'bogus', VMM999: 'off' } } } });
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { vmm: { rules: { VMM303: 'bogus', VMM999: 'off' } } } });
    await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.deepEqual(server.shown, [
      '2: VMM settings: vmm.rules.VMM303: "bogus" is not a severity (error, warning, info or off); VMM303 keeps its default',
      '2: VMM settings: vmm.rules.VMM999: there is no rule VMM999; the setting is ignored',
    ]);
    for (const d of await server.diagnosticsOf(uri)) assert.ok([1, 2, 3].includes(d.severity ?? 0), JSON.stringify(d));
  } finally {
    await server.stop();
  }
});
