/**
 * The Forklift export (spec §12): YAML documents of Forklift's `forklift.konveyor.io/v1beta1` API
 * for the plan's kvm and qemu intents, moved between `openshift` providers (KubeVirt clusters).
 * First a NetworkMap and a StorageMap for each pair of providers (source site → target site),
 * from the file's networks and datastores; then for each wave one Plan per migration type in it
 * (`live`, routed counting as live, or `cold`) and pair of providers, and a Migration for each
 * Plan. Every document carries the label `vmm/wave` (0 for the maps), so that a wave is applied
 * with `kubectl apply -l vmm/wave=N`. Written with the `yaml` library; the tests validate every
 * document against Forklift's published CRD schemas.
 */
import { Document, isMap, isSeq } from 'yaml';
import { figuresLine, headerLines, intentLine, skippedLines, type ExportInput, type ExportIntent, type ExportMigration } from './common.js';

export interface ForkliftOptions {
  /** The source Provider's name; default: the source site id. */
  sourceProvider?: string;
  /** The destination Provider's name; default: the target site id. */
  destinationProvider?: string;
  /** The namespace the VMs are migrated into (and found in at the source); default `default`. */
  namespace?: string;
  /** The storage class the disks land on; default: the datastore id (`local` for local disks). */
  storageClass?: string;
}

export const API_VERSION = 'forklift.konveyor.io/v1beta1';
/** Where Forklift's own resources live (the operator's namespace on OpenShift, MTV). */
export const FORKLIFT_NAMESPACE = 'openshift-mtv';
/** The storage a VM with no datastore in the file is mapped from. */
const LOCAL = 'local';

/** A Kubernetes object name (DNS-1123): lowercase, `-` for anything else, at most 253 characters. */
export function resourceName(...parts: string[]): string {
  const name = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return (name || 'vmm').slice(0, 253).replace(/[^a-z0-9]+$/, '');
}

interface Pair {
  from: string;
  to: string;
}

const pairKey = (p: Pair) => `${p.from}\u0000${p.to}`;

/** The type of Forklift plan a method becomes. */
function planType(i: ExportIntent): 'live' | 'cold' {
  return i.plan.method === 'cold' ? 'cold' : 'live';
}

/** What a Plan cannot say of the policy: KubeVirt sets it in a MigrationPolicy at the cluster. */
function notCarried(i: ExportIntent): string[] {
  const p = i.policy;
  const notes: string[] = [];
  if (i.plan.method === 'cold') return notes;
  if (p.converge === 'throttle') notes.push('converge = throttle: allowAutoConverge: true in a KubeVirt MigrationPolicy that selects these VMs');
  if (p.converge === 'postcopy') notes.push('converge = postcopy: allowPostCopy: true in a KubeVirt MigrationPolicy that selects these VMs');
  if (p.maxStream !== undefined) notes.push(`max-stream: bandwidthPerMigration: ${Math.round(p.maxStream / (1024 * 1024))}Mi in a KubeVirt MigrationPolicy`);
  if (p.streams > 1) notes.push(`streams ${p.streams}: KubeVirt opens one migration connection; the estimate assumed ${p.streams}`);
  return notes;
}

function comment(lines: string[]): string {
  return lines.map((l) => (l === '' ? '' : ` ${l}`)).join('\n');
}

export function forkliftYaml(input: ExportInput, options: ForkliftOptions): string {
  const base = input.plan.file.replace(/\.vmm$/, '');
  const namespace = options.namespace ?? 'default';
  const provider = (site: string, given: string | undefined) => ({ name: given ?? resourceName(site), namespace: FORKLIFT_NAMESPACE });
  const pairs = new Map<string, Pair & { migrations: { i: ExportIntent; m: ExportMigration }[] }>();
  for (const w of input.waves)
    for (const i of w.intents)
      for (const m of i.migrations) {
        const pair = { from: m.plan.from, to: m.plan.to };
        const entry = pairs.get(pairKey(pair)) ?? { ...pair, migrations: [] };
        entry.migrations.push({ i, m });
        pairs.set(pairKey(pair), entry);
      }
  const mapName = (p: Pair) => resourceName(base, p.from, 'to', p.to);
  const providers = (p: Pair) => ({ source: provider(p.from, options.sourceProvider), destination: provider(p.to, options.destinationProvider) });
  const labels = (wave: number) => ({ 'vmm/wave': String(wave) });

  const docs: Document[] = [];
  for (const p of pairs.values()) {
    const networks = [...new Set(p.migrations.map(({ m }) => m.vm.network ?? ''))].sort();
    const networkMap = networks.map((n) =>
      n === ''
        ? { source: { type: 'pod' }, destination: { type: 'pod' } }
        : { source: { name: n, namespace }, destination: { type: 'multus', name: n, namespace } },
    );
    const network = new Document({
      apiVersion: API_VERSION,
      kind: 'NetworkMap',
      metadata: { name: mapName(p), namespace: FORKLIFT_NAMESPACE, labels: labels(0) },
      spec: { provider: providers(p), map: networkMap },
    });
    network.commentBefore = comment([
      `The networks of the VMs that move from ${p.from} to ${p.to}: each network of the file is a NetworkAttachmentDefinition of the same name in namespace ${namespace} at both clusters (a VM with no network: the pod network).`,
    ]);
    docs.push(network);

    const stores = [...new Set(p.migrations.flatMap(({ m }) => (m.vm.datastore ? [m.vm.datastore] : m.vm.disk > 0 ? [LOCAL] : [])))].sort();
    const storageMap = stores.map((s) => ({ source: { name: s }, destination: { storageClass: options.storageClass ?? s } }));
    const storage = new Document({
      apiVersion: API_VERSION,
      kind: 'StorageMap',
      metadata: { name: mapName(p), namespace: FORKLIFT_NAMESPACE, labels: labels(0) },
      spec: { provider: providers(p), map: storageMap },
    });
    storage.commentBefore = comment([
      `The storage of the VMs that move from ${p.from} to ${p.to}: each datastore of the file is a storage class of the same name at the source${options.storageClass ? `, landing on storage class ${options.storageClass}` : ' and at the target'}.`,
      ...(stores.includes(LOCAL)
        ? [`VMs with no datastore in the file (local disks) are mapped from storage class '${LOCAL}': write the class their PVCs use.`]
        : []),
    ]);
    docs.push(storage);
  }

  for (const wave of input.waves) {
    // One Plan per migration type and pair of providers, in the wave's order.
    const groups = new Map<string, { type: 'live' | 'cold'; pair: Pair; intents: Set<ExportIntent>; migrations: { i: ExportIntent; m: ExportMigration }[] }>();
    for (const i of wave.intents)
      for (const m of i.migrations) {
        const type = planType(i);
        const pair = { from: m.plan.from, to: m.plan.to };
        const key = `${type}\u0000${pairKey(pair)}`;
        const group = groups.get(key) ?? { type, pair, intents: new Set(), migrations: [] };
        group.intents.add(i);
        group.migrations.push({ i, m });
        groups.set(key, group);
      }
    const several = new Set([...groups.values()].map((g) => pairKey(g.pair))).size > 1;
    for (const g of groups.values()) {
      const name = resourceName(base, `wave-${wave.index}`, g.type, ...(several ? [g.pair.from, 'to', g.pair.to] : []));
      const intents = [...g.intents];
      const spec: Record<string, unknown> = {
        description: `vmm: wave ${wave.index} of ${input.plan.file}, ${intents.map((i) => `line ${i.plan.line}: ${i.plan.header}`).join('; ')}`,
        type: g.type,
        provider: providers(g.pair),
        map: { network: { name: mapName(g.pair), namespace: FORKLIFT_NAMESPACE }, storage: { name: mapName(g.pair), namespace: FORKLIFT_NAMESPACE } },
        targetNamespace: namespace,
        ...(g.type === 'cold' ? { targetPowerState: 'on' } : {}),
        vms: g.migrations.map(({ m }) => ({ name: m.vm.name, namespace, ...(m.vm.id ? { id: m.vm.id } : {}) })),
      };
      const plan = new Document({ apiVersion: API_VERSION, kind: 'Plan', metadata: { name, namespace: FORKLIFT_NAMESPACE, labels: labels(wave.index) }, spec });
      plan.commentBefore = comment([
        `Wave ${wave.index}: ${g.type} from ${g.pair.from} to ${g.pair.to}.`,
        ...intents.map(intentLine),
        ...intents.flatMap((i) => notCarried(i).map((n) => `Not carried (line ${i.plan.line}): ${n}`)),
        ...intents
          .filter((i) => i.plan.concurrent > 1)
          .map(
            (i) =>
              `Concurrency: the plan runs line ${i.plan.line} ${i.plan.concurrent} at a time; Forklift runs up to its controller's max_vm_inflight (20 unless set) at once.`,
          ),
      ]);
      const vms = plan.getIn(['spec', 'vms']);
      if (isSeq(vms))
        vms.items.forEach((item, k) => {
          const entry = g.migrations[k];
          if (entry && isMap(item)) item.commentBefore = ` ${figuresLine(entry.m.plan)}`;
        });
      docs.push(plan);
      const migration = new Document({
        apiVersion: API_VERSION,
        kind: 'Migration',
        metadata: { name, namespace: FORKLIFT_NAMESPACE, labels: labels(wave.index) },
        spec: { plan: { name, namespace: FORKLIFT_NAMESPACE } },
      });
      migration.commentBefore = comment([`Starts Plan ${name}.`]);
      docs.push(migration);
    }
  }

  const file = `${base}.forklift.yaml`;
  const lastWave = Math.max(0, ...input.waves.filter((w) => w.intents.length > 0).map((w) => w.index));
  const head = [
    ...headerLines(input, 'forklift'),
    '',
    ...skippedLines(input),
    ...(input.skipped.length > 0 ? [''] : []),
    `Providers (openshift, one per KubeVirt cluster) and the maps and plans live in namespace ${FORKLIFT_NAMESPACE}; the VMs are migrated into namespace ${namespace}.`,
    'Dry run: kubectl apply --dry-run=server -f ' + file,
    'Apply the maps, then each wave once the one before it has succeeded:',
    `  kubectl apply -f ${file} -l vmm/wave=0`,
    `  kubectl apply -f ${file} -l vmm/wave=1`,
    `  kubectl wait -n ${FORKLIFT_NAMESPACE} migration -l vmm/wave=1 --for=condition=Succeeded --timeout=-1s`,
    ...(lastWave > 1 ? [`  … and so on up to vmm/wave=${lastWave}`] : []),
  ];
  const header = head.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');
  return `${header}\n${docs.map((d) => `---\n${d.toString({ lineWidth: 0 })}`).join('')}`;
}
