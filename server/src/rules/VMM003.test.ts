import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText, diagnostics, expectDiagnostics, expectNone, fixed } from '../testing.js';

const sites = 'site a\nsite b\n';

/** Applies the fix whose title starts with `title` and checks that the VMM003 is gone and the file parses. */
function fixes(text: string, title: string, expectedTitle: string, expectedText: string): void {
  const result = fixed(text, 'VMM003', title);
  assert.equal(result.fix.title, expectedTitle);
  assert.equal(result.text, expectedText);
  expectNone(result.text, 'VMM003');
  expectNone(result.text, 'VMM001');
}

test('VMM003: an unknown unit, with the did-you-mean fix from the units of the right dimension', () => {
  expectDiagnostics(`${sites}vm web at a { memory = [|4Gib|] }`, 'VMM003', ["unknown unit 'Gib': memory needs a data size (MB, GB, GiB, TiB)"]);
  fixes(`${sites}vm web at a { memory = 4Gib }`, 'Change the unit', 'Change the unit to GiB', `${sites}vm web at a { memory = 4GiB }`);
  // Units are case-sensitive: `10MS` is not `10ms`, but the fix knows what was meant.
  fixes(
    `${sites}link a <-> b { rtt = 10MS  bandwidth = 10Gbps }`,
    'Change the unit',
    'Change the unit to ms',
    `${sites}link a <-> b { rtt = 10ms  bandwidth = 10Gbps }`,
  );
  // `Gb` is a rate on a bandwidth (Gbps) and a size on a memory (GB): only a unit of the attribute's dimension can remove the error.
  fixes(
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gb }`,
    'Change the unit',
    'Change the unit to Gbps',
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps }`,
  );
  fixes(`${sites}vm web at a { memory = 4Gb }`, 'Change the unit', 'Change the unit to GB', `${sites}vm web at a { memory = 4GB }`);
});

test('VMM003: an unknown unit with nothing close has no fix; one close to another dimension only is not offered', () => {
  const [sec] = expectDiagnostics(`${sites}link a <-> b { rtt = [|10sec|]  bandwidth = 10Gbps }`, 'VMM003', [
    "unknown unit 'sec': rtt needs a time (ms, s, min, h, d)",
  ]);
  assert.deepEqual(sec.fixes, []);
  // `Mb` looks like MB, a size, which would only trade this error for a wrong-dimension one.
  const [mb] = expectDiagnostics(`${sites}link a <-> b { rtt = [|10Mb|]  bandwidth = 10Gbps }`, 'VMM003', [
    "unknown unit 'Mb': rtt needs a time (ms, s, min, h, d)",
  ]);
  assert.deepEqual(mb.fixes, []);
  // `G` could be GB, GiB, Gbps, GB/s or GiB/s: ambiguous, no fix.
  const [g] = expectDiagnostics(`${sites}vm web at a { memory = [|4G|] }`, 'VMM003', ["unknown unit 'G': memory needs a data size (MB, GB, GiB, TiB)"]);
  assert.deepEqual(g.fixes, []);
});

test('VMM003: a unit separated by a space is "remove the space", never a syntax error', () => {
  const text = `${sites}link a <-> b { rtt = [|10 ms|]  bandwidth = [|10 Gbps|]  share = [|50 %|]  distance = [|5 km|] }\nvm web at a { memory = [|4 GiB|]  dirty-rate = [|100 MB/s|] }`;
  expectDiagnostics(text, 'VMM003', [
    'remove the space between 10 and ms',
    'remove the space between 10 and Gbps',
    'remove the space between 50 and %',
    'remove the space between 5 and km',
    'remove the space between 4 and GiB',
    'remove the space between 100 and MB/s',
  ]);
  expectNone(text, 'VMM001');
  expectNone(text, 'VMM002');
  fixes(`${sites}link a <-> b { rtt = 10 ms  bandwidth = 10Gbps }`, 'Write', 'Write 10ms', `${sites}link a <-> b { rtt = 10ms  bandwidth = 10Gbps }`);
  fixes(
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  share = 50 % }`,
    'Write',
    'Write 50%',
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  share = 50% }`,
  );
});

test('VMM003: a unit word on the next line is not taken as a spaced unit', () => {
  // `s` on its own line is a half-typed attribute, not the unit of the 10 above it.
  expectDiagnostics(`${sites}link a <-> b {\n  rtt = [|10|]\n  s\n  bandwidth = 10Gbps\n}`, 'VMM003', ['missing unit: rtt needs a time (ms, s, min, h, d)']);
});

test('VMM003: 500m on a distance: m means minutes', () => {
  expectDiagnostics('policy { max-distance = [|500m|] }', 'VMM003', ['m means minutes; use km: max-distance needs a distance']);
  fixes('policy { max-distance = 500m }', 'Change', 'Change to 500km', 'policy { max-distance = 500km }');
  expectDiagnostics(`${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  distance = [|500m|] }`, 'VMM003', [
    'm means minutes; use km: distance needs a distance',
  ]);
  // On a time, m is minutes and fine.
  expectNone('site a\nsite b\nvm web at a { memory = 4GiB }\nmigrate web to b { window = 30m }', 'VMM003');
});

test('VMM003: a bare number where a unit is required, with the unit fix only when unambiguous', () => {
  expectDiagnostics(`${sites}link a <-> b { rtt = [|10|]  bandwidth = [|10|] }`, 'VMM003', [
    'missing unit: rtt needs a time (ms, s, min, h, d)',
    'missing unit: bandwidth needs a data rate (Mbps, Gbps, MB/s, MiB/s)',
  ]);
  // rtt is measured in ms: `rtt = 10` → `rtt = 10ms`.
  fixes(
    `${sites}link a <-> b { rtt = 10  bandwidth = 10Gbps }`,
    'Add the unit',
    'Add the unit: 10ms',
    `${sites}link a <-> b { rtt = 10ms  bandwidth = 10Gbps }`,
  );
  fixes(
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  distance = 30 }`,
    'Add the unit',
    'Add the unit: 30km',
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  distance = 30km }`,
  );
  fixes(
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  share = 50 }`,
    'Add the unit',
    'Add the unit: 50%',
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  share = 50% }`,
  );
  fixes('network n { sites = a  dns-ttl = 60 }\nsite a', 'Add the unit', 'Add the unit: 60s', 'network n { sites = a  dns-ttl = 60s }\nsite a');
  // Bandwidth (Mbps? Gbps? MB/s?), memory (GB? GiB?), a window, or a share of 0.5 (50%? 0.5%?) are ambiguous: no fix.
  for (const text of [
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10 }`,
    `${sites}vm web at a { memory = 4 }`,
    `${sites}vm web at a { memory = 4GiB }\nmigrate web to b { window = 4 }`,
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  share = 0.5 }`,
  ]) {
    const found = diagnostics(text, 'VMM003');
    assert.equal(found.length, 1, text);
    assert.deepEqual(found[0].fixes, [], text);
  }
  // A bare zero is zero in every unit.
  expectNone(`${sites}vm web at a { memory = 4GiB  disk = 0 }\nlink a <-> b { rtt = 0  bandwidth = 1Gbps }`, 'VMM003');
});

test('VMM003: a unit on an integer', () => {
  expectDiagnostics(`${sites}vm web at a { memory = 4GiB  vcpus = [|2GB|] }`, 'VMM003', ["vcpus is a plain integer, without a unit: found '2GB'"]);
  fixes(
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  mtu = 9000B }`,
    'Remove the unit',
    'Remove the unit: 9000',
    `${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  mtu = 9000 }`,
  );
  expectDiagnostics('policy { max-rounds = [|30 s|] }', 'VMM003', ["max-rounds is a plain integer, without a unit: found '30 s'"]);
});

test('VMM003: a fraction on an integer', () => {
  expectDiagnostics(
    `${sites}vm web at a { memory = 4GiB  vcpus = [|2.5|] }\nmigrate web to b { concurrency = [|1.5|] }\npolicy { max-rounds = [|2.0|] }`,
    'VMM003',
    [
      'vcpus needs an integer, found the fraction 2.5',
      'concurrency needs an integer, found the fraction 1.5',
      'max-rounds needs an integer, found the fraction 2.0',
    ],
  );
  expectDiagnostics(`${sites}vm web at a { memory = 4GiB  vcpus = [|two|] }`, 'VMM003', ["vcpus needs an integer, found 'two'"]);
});

test('VMM003: a quantity of the wrong dimension', () => {
  const [rtt] = expectDiagnostics(`${sites}link a <-> b { rtt = [|10Gbps|]  bandwidth = 10Gbps }`, 'VMM003', [
    'wrong unit: rtt needs a time (ms, s, min, h, d), found a data rate (Gbps)',
  ]);
  assert.deepEqual(rtt.fixes, []);
  expectDiagnostics(`${sites}vm web at a { memory = [|4km|] }`, 'VMM003', ['wrong unit: memory needs a data size (MB, GB, GiB, TiB), found a distance (km)']);
  // A size where a rate is meant is missing its /s, and the other way round.
  fixes(`${sites}link a <-> b { rtt = 1ms  bandwidth = 10MB }`, 'Change to', 'Change to 10MB/s', `${sites}link a <-> b { rtt = 1ms  bandwidth = 10MB/s }`);
  fixes(`${sites}vm web at a { memory = 4GiB  disk = 40GiB/s }`, 'Change to', 'Change to 40GiB', `${sites}vm web at a { memory = 4GiB  disk = 40GiB }`);
  // A bit rate has no byte size to fall back to: no fix.
  const [bits] = expectDiagnostics(`${sites}vm web at a { memory = 4GiB  working-set = [|2Gbps|] }`, 'VMM003', [
    'wrong unit: working-set needs a data size (MB, GB, GiB, TiB), found a data rate (Gbps)',
  ]);
  assert.deepEqual(bits.fixes, []);
  expectDiagnostics(`${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  share = [|50ms|] }`, 'VMM003', [
    'wrong unit: share needs a percentage (%), found a time (ms)',
  ]);
});

test('VMM003: strings, booleans, enums, names and locations of the wrong type', () => {
  expectDiagnostics('site a { region = [|eu|] }', 'VMM003', ["region needs a string in quotes, found 'eu'"]);
  fixes('site a { region = eu }', 'Quote it', 'Quote it: "eu"', 'site a { region = "eu" }');
  expectDiagnostics(`${sites}link a <-> b { rtt = 1ms  bandwidth = 1Gbps  encrypted = [|yes|] }`, 'VMM003', ["encrypted needs true or false, found 'yes'"]);
  fixes(
    'site a\nvm web at a { memory = 4GiB }\nservice s { vms = web  scalable = "true" }',
    'Remove the quotes',
    'Remove the quotes: true',
    'site a\nvm web at a { memory = 4GiB }\nservice s { vms = web  scalable = true }',
  );
  expectDiagnostics(`${sites}vm web at a { memory = 4GiB }\nmigrate web to b { method = [|lve|]  storage = [|copy|] }`, 'VMM003', [
    "unknown method 'lve': expected one of live, routed, cold, federate",
    "unknown storage 'copy': expected one of stay, move, replica",
  ]);
  fixes(
    `${sites}vm web at a { memory = 4GiB }\nmigrate web to b { method = lve }`,
    'Change to',
    "Change to 'live'",
    `${sites}vm web at a { memory = 4GiB }\nmigrate web to b { method = live }`,
  );
  expectDiagnostics(`${sites}network n { sites = a }\nvm web at a { memory = 4GiB  network = [|"n"|]  datastore = [|d*|]  depends-on = [|5|] }`, 'VMM003', [
    'network needs a name, found \'"n"\'',
    "datastore takes names, not globs: found 'd*'",
    "depends-on needs a name, found '5'",
  ]);
  fixes(
    `${sites}network n { sites = a }\nvm web at a { memory = 4GiB  network = "n" }`,
    'Remove the quotes',
    'Remove the quotes: n',
    `${sites}network n { sites = a }\nvm web at a { memory = 4GiB  network = n }`,
  );
  expectDiagnostics('site a { location = [|48.85|] }\nsite b { location = [|"paris", 2|] }', 'VMM003', [
    'location needs two numbers, latitude and longitude in degrees (location = 48.85, 2.35)',
    'location needs two numbers, latitude and longitude in degrees (location = 48.85, 2.35)',
  ]);
});

test('VMM003: several values where one is expected', () => {
  expectDiagnostics(`${sites}vm web at a { memory = 4GiB, [|8GiB, 16GiB|] }`, 'VMM003', ['memory takes one value, found 3']);
  expectDiagnostics(`${sites}vm web { site = a, [|b|]  memory = 4GiB }`, 'VMM003', ['site takes one name, found 2']);
});

test('VMM003: every unit of the spec is accepted for its dimension', () => {
  const times = ['ms', 's', 'm', 'min', 'h', 'd'].map((u, i) => `migrate w${i} to b { window = 1${u} }`).join('\n');
  const sizes = ['B', 'KB', 'kB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB'];
  const rates = ['Kbps', 'kbps', 'Mbps', 'Gbps', 'Tbps', 'B/s', 'KB/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s'];
  const vms = sizes.map((u, i) => `vm w${i} at a { memory = 1${u}  dirty-rate = 1${rates[i]} }`).join('\n');
  const more = rates
    .slice(sizes.length)
    .map((u, i) => `vm r${i} at a { memory = 1GiB  dirty-rate = 1${u} }`)
    .join('\n');
  const text = `${sites}${vms}\n${more}\n${times}\nlink a <-> b { rtt = 1.5ms  bandwidth = 10Gbps  distance = 12mi  share = 12.5% }\npolicy { max-distance = 100km }`;
  expectNone(text, 'VMM003');
  expectNone(text, 'VMM001');
});

test('VMM003: "Remove the unit" only where what is left is a whole number', () => {
  // `1.2` would still be no integer: another VMM003 in place of this one.
  const [d] = diagnostics(`${sites}link a <-> b { rtt = 1ms  bandwidth = 10Gbps  mtu = 1.2ms }`, 'VMM003');
  assert.equal(d.message, "mtu is a plain integer, without a unit: found '1.2ms'");
  assert.deepEqual(d.fixes, []);
});

test('VMM003: a fix never runs its text into the token beside it', () => {
  // `4B/s` then the name `k`: without its unit the value must not become the quantity `4k`.
  const { text } = fixed(`${sites}vm web at a { memory = 4GiB  vcpus = 4B/sk = 2 }`, 'VMM003', 'Remove the unit');
  assert.equal(text, `${sites}vm web at a { memory = 4GiB  vcpus = 4 k = 2 }`);
  expectNone(text, 'VMM001');
});

test('VMM003: a fix on the value of an attribute missing its = writes the = too', () => {
  // Unquoted, `"a"` becomes a name, which without the `=` would be read as the next attribute.
  const { text } = fixed('site a\nnetwork lan { sites"a" }', 'VMM003', 'Remove the quotes');
  assert.equal(text, 'site a\nnetwork lan { sites =a }');
  assert.deepEqual(diagnostics(text), []);
});

test('VMM003 (v2.0): an unknown CPU baseline or device, with a did-you-mean; none only where the spec allows it', () => {
  const sites = 'site a { cpu = [|intel-skylak|] }\nsite b\n';
  expectDiagnostics(
    `${sites}vm v at a { memory = 4GiB  cpu = [|amd-zen5|]  devices = usb, [|gpu|] }\npolicy { streams = [|none|]  max-rounds = [|1.5|] }`,
    'VMM003',
    [
      "unknown cpu 'intel-skylak': expected one of intel-merom, intel-penryn … amd-zen4",
      "unknown cpu 'amd-zen5': expected one of intel-merom, intel-penryn … amd-zen4",
      "unknown devices 'gpu': expected one of passthrough, shared-disk, usb",
      "streams needs an integer, found 'none'",
      'max-rounds needs an integer, found the fraction 1.5',
    ],
  );
  const { text } = fixed('site a { cpu = intel-skylak }', 'VMM003', "Change to 'intel-skylake'");
  assert.equal(text, 'site a { cpu = intel-skylake }');
  // The valid devices are kept; the unknown one is left out.
  assert.deepEqual(checkText(`site a\nvm v at a { memory = 4GiB  devices = usb, gpu, passthrough }`).model.vms.get('v')?.devices, ['usb', 'passthrough']);
});
