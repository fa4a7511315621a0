/**
 * The Forklift export validated against Forklift's own CRD schemas (kubev2v/forklift,
 * `operator/config/crd/bases/`, Apache-2.0; copied unchanged to test/fixtures/forklift-crds/, see
 * its NOTICE): each YAML document against the `openAPIV3Schema` of its kind, with Ajv. Unknown
 * fields are rejected too, as the API server's strict field validation does (`kubectl apply
 * --validate=strict`), where the schema lists an object's properties.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse, parseAllDocuments } from 'yaml';
import { exportOf, exportTextOf } from '../../testing.js';
import { API_VERSION, resourceName } from './forklift.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const crds = path.join(root, 'test', 'fixtures', 'forklift-crds');
const sample = readFileSync(path.join(root, 'samples', 'kvm-libvirt.vmm'), 'utf8');

type Schema = Record<string, unknown>;

/** Strict field validation: an object schema that lists its properties admits no other. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema))
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, strict(s)])) : strict(v);
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/** A validator per kind, from every CRD's openAPIV3Schema of version v1beta1. */
function validators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  for (const f of ['int32', 'int64']) ajv.addFormat(f, { type: 'number', validate: Number.isInteger });
  const byKind = new Map<string, ValidateFunction>();
  for (const file of readdirSync(crds).filter((f) => f.endsWith('.yaml'))) {
    const crd = parse(readFileSync(path.join(crds, file), 'utf8')) as {
      spec: { group: string; names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
    };
    const version = crd.spec.versions.find((v) => `${crd.spec.group}/${v.name}` === API_VERSION);
    assert.ok(version, `${file} has no ${API_VERSION}`);
    byKind.set(crd.spec.names.kind, ajv.compile(strict(version.schema.openAPIV3Schema) as Schema));
  }
  return byKind;
}

const schemas = validators();

/** The errors of one document, as `Kind name: /path message` lines; none when it is valid. */
function invalid(doc: Record<string, unknown>): string[] {
  const kind = String(doc.kind);
  const validate = schemas.get(kind);
  if (!validate) return [`${kind}: no CRD schema for this kind`];
  const errors: string[] = [];
  if (doc.apiVersion !== API_VERSION) errors.push(`${kind}: apiVersion ${String(doc.apiVersion)}`);
  const metadata = doc.metadata as { name?: string; namespace?: string } | undefined;
  // What the API server checks of metadata that the CRD schema does not: a DNS-1123 subdomain name.
  if (!metadata?.name || !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(metadata.name)) errors.push(`${kind}: metadata.name ${String(metadata?.name)}`);
  if (!validate(doc)) for (const e of validate.errors ?? []) errors.push(`${kind} ${String(metadata?.name)}: ${e.instancePath} ${e.message ?? ''}`);
  return errors;
}

function documents(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS() as Record<string, unknown>;
  });
}

const MIXED = `
policy { profile = qemu }
policy vmware { profile = vmware-metro }
site DC_East
site dc-west
site dc-north
link DC_East <-> dc-west { rtt = 2ms  bandwidth = 10Gbps }
link DC_East <-> dc-north { rtt = 2ms  bandwidth = 10Gbps }
vm a-1 at DC_East { memory = 4GiB  dirty-rate = 10MB/s  id = "vm-uid-1" }
vm a-2 at DC_East { memory = 4GiB  disk = 10GB }
vm a-3 at DC_East { memory = 4GiB  dirty-rate = 10MB/s }
vm v-1 at DC_East { memory = 4GiB  dirty-rate = 10MB/s }
migrate a-1 to dc-west
migrate a-2 to dc-west { method = cold }
migrate a-3 to dc-north { method = routed }
migrate v-1 to dc-north { policy = vmware }
`;

test('forklift: the CRD schemas are the ones the workplace publishes (when ../shared is there)', () => {
  const shared = path.join(root, '..', 'shared', 'schemas', 'forklift');
  if (!existsSync(shared)) return;
  for (const f of readdirSync(shared)) assert.equal(readFileSync(path.join(crds, f), 'utf8'), readFileSync(path.join(shared, f), 'utf8'), f);
});

test('forklift: every document of the exports validates against the CRD schema of its kind', () => {
  for (const [name, text] of [
    ['kvm-libvirt.vmm', exportTextOf('forklift', sample)],
    [
      'kvm-libvirt.vmm with options',
      exportTextOf('forklift', sample, { sourceProvider: 'kv-fra', destinationProvider: 'host', namespace: 'apps', storageClass: 'ocs-rbd' }),
    ],
    ['mixed', exportTextOf('forklift', MIXED)],
  ]) {
    const docs = documents(text);
    assert.ok(docs.length > 0);
    assert.deepEqual(
      docs.flatMap((d) => invalid(d)),
      [],
      name,
    );
  }
});

test('forklift: the validation bites: a document missing a required field, or with a field the CRD lacks, is rejected', () => {
  const docs = documents(exportTextOf('forklift', sample));
  const plan = docs.find((d) => d.kind === 'Plan');
  assert.ok(plan);
  const spec = plan.spec as Record<string, unknown>;
  const { targetNamespace: _, ...withoutTarget } = spec;
  assert.deepEqual(invalid({ ...plan, spec: withoutTarget }), [`Plan test-wave-1-live-fra-to-ams: /spec must have required property 'targetNamespace'`]);
  const migration = docs.find((d) => d.kind === 'Migration');
  assert.ok(migration);
  assert.deepEqual(invalid({ ...migration, spec: {} }), [`Migration test-wave-1-live-fra-to-ams: /spec must have required property 'plan'`]);
  assert.deepEqual(invalid({ ...plan, spec: { ...spec, type: 'hot' } }), [
    `Plan test-wave-1-live-fra-to-ams: /spec/type must be equal to one of the allowed values`,
  ]);
  assert.deepEqual(invalid({ ...plan, spec: { ...spec, concurrency: 2 } }), [`Plan test-wave-1-live-fra-to-ams: /spec must NOT have additional properties`]);
});

test('forklift: maps per pair of sites, then per wave a Plan per type and a Migration per Plan, in the plan order', () => {
  const docs = documents(exportTextOf('forklift', sample));
  const summary = docs.map((d) => {
    const m = d.metadata as { name: string; labels: Record<string, string> };
    const spec = d.spec as { type?: string; vms?: { name: string; id?: string }[] };
    return `${m.labels['vmm/wave']} ${String(d.kind)} ${m.name}${spec.type ? ` ${spec.type}` : ''}${spec.vms ? ` ${spec.vms.map((v) => v.name).join(',')}` : ''}`;
  });
  assert.deepEqual(summary, [
    '0 NetworkMap test-fra-to-ams',
    '0 StorageMap test-fra-to-ams',
    '0 NetworkMap test-fra-to-dus',
    '0 StorageMap test-fra-to-dus',
    '1 Plan test-wave-1-live-fra-to-ams live db-01',
    '1 Migration test-wave-1-live-fra-to-ams',
    '1 Plan test-wave-1-live-fra-to-dus live cache-01',
    '1 Migration test-wave-1-live-fra-to-dus',
    '2 Plan test-wave-2-live live web-01,web-02,web-03',
    '2 Migration test-wave-2-live',
    '3 Plan test-wave-3-cold cold batch-01,batch-02',
    '3 Migration test-wave-3-cold',
  ]);
  const db = docs[4].spec as { vms: { name: string; id?: string; namespace: string }[]; targetNamespace: string };
  assert.deepEqual(db.vms, [{ name: 'db-01', namespace: 'default', id: '6b1c9e02-3f4d-4a51-9b8e-2d7f0c1a5e10' }]);
  const cold = docs[10].spec as { targetPowerState?: string };
  assert.equal(cold.targetPowerState, 'on');
  const storage = docs[1].spec as { map: unknown[] };
  assert.deepEqual(storage.map, [
    { source: { name: 'ceph-fra' }, destination: { storageClass: 'ceph-fra' } },
    { source: { name: 'local' }, destination: { storageClass: 'local' } },
  ]);
  // The options: provider names, the target namespace, the storage class.
  const given = documents(
    exportTextOf('forklift', sample, { sourceProvider: 'kv-fra', destinationProvider: 'host', namespace: 'apps', storageClass: 'ocs-rbd' }),
  );
  const p = given[4].spec as { provider: { source: { name: string }; destination: { name: string } }; targetNamespace: string };
  assert.equal(p.provider.source.name, 'kv-fra');
  assert.equal(p.provider.destination.name, 'host');
  assert.equal(p.targetNamespace, 'apps');
  assert.deepEqual((given[1].spec as { map: { destination: unknown }[] }).map[0].destination, { storageClass: 'ocs-rbd' });
});

test('forklift: routed counts as live, names are DNS-1123, the intent it cannot run is listed, the figures are above each VM', () => {
  const text = exportTextOf('forklift', MIXED);
  const docs = documents(text);
  const plans = docs.filter((d) => d.kind === 'Plan').map((d) => [(d.metadata as { name: string }).name, (d.spec as { type: string }).type]);
  assert.deepEqual(plans, [
    ['test-wave-1-live-dc-east-to-dc-west', 'live'],
    ['test-wave-1-live-dc-east-to-dc-north', 'live'],
    ['test-wave-2-cold', 'cold'],
  ]);
  assert.match(
    text,
    /^# Not in this export \(Forklift \(KubeVirt\) cannot run them\):\n# {3}line 16: migrate v-1 to dc-north \(wave \d\): profile vmware-metro: Forklift \(KubeVirt\) runs kvm, qemu$/m,
  );
  assert.match(
    text,
    /^ {4}# a-1: live DC_East → dc-west, RTT 2 ms, R 1\.07 Gbps; .* in ≈ .*, pause ≈ .*\n {4}- name: a-1\n {6}namespace: default\n {6}id: vm-uid-1$/m,
  );
  assert.equal(resourceName('Kvm_Libvirt', 'wave-1', 'live', '--x--'), 'kvm-libvirt-wave-1-live-x');
});

test('forklift: a file with no kvm or qemu intent has no Forklift export', () => {
  const e = exportOf(
    'forklift',
    'policy { profile = xen }\nsite a\nsite b\nlink a <-> b { rtt = 1ms  bandwidth = 10Gbps }\nvm v at a { memory = 1GiB }\nmigrate v to b\n',
  );
  assert.equal(e.ok, false);
  assert.equal(e.ok ? '' : e.message, 'no forklift export for test.vmm: none of its 1 intent(s) is one Forklift (KubeVirt) runs (kvm, qemu; not federate)');
});
