import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSettings } from './settings.js';

test('readSettings: valid severities are kept; a bad level or an unknown code is left out and said', () => {
  assert.deepEqual(readSettings({ rules: { VMM303: 'off', VMM101: 'warning', VMM102: 'bogus', VMM999: 'off', VMM104: 3, VMM105: null } }), {
    severities: { VMM303: 'off', VMM101: 'warning' },
    problems: [
      'vmm.rules.VMM102: "bogus" is not a severity (error, warning, info or off); VMM102 keeps its default',
      'vmm.rules.VMM999: there is no rule VMM999; the setting is ignored',
      'vmm.rules.VMM104: 3 is not a severity (error, warning, info or off); VMM104 keeps its default',
    ],
  });
  assert.deepEqual(readSettings(undefined), { severities: {}, problems: [] });
  assert.deepEqual(readSettings({ codeLens: { enabled: true } }), { severities: {}, problems: [] });
  assert.deepEqual(readSettings({ rules: 'off' }).problems, ['vmm.rules is not an object of rule severities; the defaults apply']);
  assert.deepEqual(readSettings(7).problems, ['the vmm settings are not an object; the defaults apply']);
});
