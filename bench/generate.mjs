// Generates a valid estate of a given size as .vmm, and the same model as JSON (the floor
// JSON.parse is measured against). Deterministic: the same size gives the same bytes.
//
//   node bench/generate.mjs 20000 .bench/estate-20k
//
// Per 100 VMs: one site (ring-linked, with chords), a local network, a network stretched to the
// next site, a datastore replicated synchronously to the next site's, 10 services of 10 VMs, and
// migrations of every method (live, routed, cold, federate) to the next site.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export function generate(vmCount) {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const siteCount = Math.max(2, Math.ceil(vmCount / 100));
  const site = (i) => `s${String(i % siteCount).padStart(4, '0')}`;
  const out = [];
  const json = { policies: [], sites: [], links: [], datastores: [], networks: [], vms: [], services: [], migrations: [] };
  out.push('// generated estate: ' + vmCount + ' VMs on ' + siteCount + ' sites', '');
  out.push('policy {', '  profile = vmware-metro', '  max-downtime = 2s', '}', '');
  json.policies.push({ profile: 'vmware-metro', maxDowntime: '2s' });
  for (let s = 0; s < siteCount; s++) {
    const lat = (40 + (s % 20) * 0.05).toFixed(3);
    const lon = (-74 - Math.floor(s / 20) * 0.05).toFixed(3);
    out.push(`site ${site(s)} {`, `  location = ${lat}, ${lon}`, `  region = "region-${Math.floor(s / 20)}"`, '}', '');
    json.sites.push({ name: site(s), location: [Number(lat), Number(lon)], region: `region-${Math.floor(s / 20)}` });
  }
  const links = new Set();
  const addLink = (a, b, rtt) => {
    const key = [a, b].sort().join('|');
    if (a === b || links.has(key)) return;
    links.add(key);
    out.push(
      `link ${site(a)} <-> ${site(b)} {`,
      `  rtt = ${rtt}ms`,
      '  bandwidth = 40Gbps',
      '  share = 50%',
      '  l2-extension = vxlan-evpn',
      '  mtu = 9000',
      '}',
      '',
    );
    json.links.push({ a: site(a), b: site(b), rtt: `${rtt}ms`, bandwidth: '40Gbps', share: '50%', l2Extension: 'vxlan-evpn', mtu: 9000 });
  };
  for (let s = 0; s < siteCount; s++) addLink(s, (s + 1) % siteCount, 2);
  for (let s = 0; s < siteCount; s += 7) addLink(s, (s + Math.floor(siteCount / 2)) % siteCount, 9);
  for (let s = 0; s < siteCount; s++) {
    const next = (s + 1) % siteCount;
    out.push(`datastore ds-${site(s)} at ${site(s)} {`, '  capacity = 500TB', `  replication { target = ds-${site(next)}  mode = sync }`, '}', '');
    json.datastores.push({ name: `ds-${site(s)}`, site: site(s), capacity: '500TB', replication: { target: `ds-${site(next)}`, mode: 'sync' } });
    out.push(`network local-${site(s)} {`, `  sites = ${site(s)}`, '  dns-ttl = 60s', '}', '');
    json.networks.push({ name: `local-${site(s)}`, sites: [site(s)], dnsTtl: '60s' });
    out.push(`network l2-${site(s)} {`, `  sites = ${site(s)}, ${site(next)}`, '  gateway = anycast', '  ingress = host-routes', '}', '');
    json.networks.push({ name: `l2-${site(s)}`, sites: [site(s), site(next)], gateway: 'anycast', ingress: 'host-routes' });
  }
  for (let v = 0; v < vmCount; v++) {
    const s = Math.floor(v / 100) % siteCount;
    const name = `vm-${String(v).padStart(6, '0')}`;
    const memory = [4, 8, 16, 32, 64][Math.floor(random() * 5)];
    const dirty = 20 + Math.floor(random() * 80);
    const stretched = v % 100 < 30;
    const lines = [
      `vm ${name} at ${site(s)} {`,
      `  memory = ${memory}GiB`,
      `  vcpus = ${memory / 4}`,
      `  disk = ${memory * 4}GB`,
      `  datastore = ds-${site(s)}`,
      `  network = ${stretched ? 'l2' : 'local'}-${site(s)}`,
      `  dirty-rate = ${dirty}MB/s`,
    ];
    const vm = {
      name,
      site: site(s),
      memory: `${memory}GiB`,
      vcpus: memory / 4,
      disk: `${memory * 4}GB`,
      datastore: `ds-${site(s)}`,
      network: `${stretched ? 'l2' : 'local'}-${site(s)}`,
      dirtyRate: `${dirty}MB/s`,
    };
    if (v % 100 >= 1 && v % 10 !== 0) {
      const dep = `vm-${String(v - 1).padStart(6, '0')}`;
      lines.push(`  depends-on = ${dep}`);
      vm.dependsOn = [dep];
    }
    lines.push('}', '');
    out.push(...lines);
    json.vms.push(vm);
  }
  for (let v = 0; v < vmCount; v += 10) {
    const s = Math.floor(v / 100) % siteCount;
    const prefix = `vm-${String(v).padStart(6, '0').slice(0, 5)}`;
    out.push(`service svc-${String(v / 10).padStart(5, '0')} {`, `  vms = ${prefix}*`, '  load-balancer = gslb', '  scalable = true', '}', '');
    json.services.push({ name: `svc-${String(v / 10).padStart(5, '0')}`, vms: [`${prefix}*`], loadBalancer: 'gslb', scalable: true, site: site(s) });
  }
  // Migrations, per site: 3 live (stretched network, onto the sync replica), 3 routed, 2 cold, one federated service.
  for (let s = 0; s < Math.floor(vmCount / 100); s++) {
    const base = s * 100;
    const to = site(s + 1);
    const vm = (i) => `vm-${String(base + i).padStart(6, '0')}`;
    const intents = [
      { targets: [vm(1), vm(2), vm(3)], attrs: ['method = live', 'storage = replica', 'concurrency = 3', 'window = 2h'] },
      { targets: [vm(41), vm(42), vm(43)], attrs: ['method = routed', 'storage = replica', 'window = 2h'] },
      { targets: [vm(21), vm(22)], attrs: ['method = cold', 'storage = replica'] },
      { targets: [`service svc-${String(base / 10 + 8).padStart(5, '0')}`], attrs: ['method = federate', 'reason = federation'] },
    ];
    for (const intent of intents) {
      out.push(`migrate ${intent.targets.join(', ')} to ${to} {`, ...intent.attrs.map((a) => `  ${a}`), '}', '');
      json.migrations.push({ targets: intent.targets, to, attributes: Object.fromEntries(intent.attrs.map((a) => a.split(' = '))) });
    }
  }
  return { vmm: out.join('\n'), json: JSON.stringify(json, null, 2) };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const size = Number(process.argv[2] ?? 1000);
  const base = process.argv[3] ?? `.bench/estate-${size}`;
  mkdirSync(path.dirname(base), { recursive: true });
  const { vmm, json } = generate(size);
  writeFileSync(`${base}.vmm`, vmm);
  writeFileSync(`${base}.json`, json);
  console.log(`${base}.vmm: ${(vmm.length / 1e6).toFixed(2)} MB, ${vmm.split('\n').length} lines; ${base}.json: ${(json.length / 1e6).toFixed(2)} MB`);
}
