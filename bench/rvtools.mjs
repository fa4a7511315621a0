// A synthetic RVTools workbook of N VMs for the import benchmark, shaped like a real export: every
// column vInfo has in RVTools 4.x (most of them not read), shared strings, sparse rows (empty cells
// left out), and the sheets §11 reads plus vCPU and vPartition, which the import skips.
import { strToU8, zipSync } from 'fflate';

const INFO = [
  'VM',
  'Powerstate',
  'Template',
  'SRM Placeholder',
  'Config status',
  'Connection state',
  'Guest state',
  'Heartbeat',
  'Consolidation Needed',
  'PowerOn',
  'Suspended To Memory',
  'Suspend time',
  'Suspend Interval',
  'Creation date',
  'Change Version',
  'CPUs',
  'Overall Cpu Readiness',
  'Memory',
  'Active Memory',
  'NICs',
  'Disks',
  'Total disk capacity MiB',
  'Fixed Passthru HotPlug',
  'min Required EVC Mode Key',
  'Latency Sensitivity',
  'Op Notification Timeout',
  'EnableUUID',
  'CBT',
  'Primary IP Address',
  'Network #1',
  'Network #2',
  'Network #3',
  'Network #4',
  'Network #5',
  'Network #6',
  'Network #7',
  'Network #8',
  'Num Monitors',
  'Video Ram KiB',
  'Resource pool',
  'Folder ID',
  'Folder',
  'vApp',
  'DAS protection',
  'FT State',
  'FT Role',
  'FT Latency',
  'FT Bandwidth',
  'FT Sec. Latency',
  'Vm Failover In Progress',
  'Provisioned MiB',
  'In Use MiB',
  'Unshared MiB',
  'HA Restart Priority',
  'HA Isolation Response',
  'HA VM Monitoring',
  'Cluster rule(s)',
  'Cluster rule name(s)',
  'Boot Required',
  'Boot delay',
  'Boot retry delay',
  'Boot retry enabled',
  'Boot BIOS setup',
  'Reboot PowerOff',
  'EFI Secure boot',
  'Firmware',
  'HW version',
  'HW upgrade status',
  'Path',
  'Log directory',
  'Snapshot directory',
  'Suspend directory',
  'Annotation',
  'Datacenter',
  'Cluster',
  'Host',
  'OS according to the configuration file',
  'OS according to the VMware Tools',
  'Customization Info',
  'Guest Detailed Data',
  'VM ID',
  'VM UUID',
  'VI SDK Server type',
  'VI SDK API Version',
];

const column = (i) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};
const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

class Strings {
  index = new Map();
  list = [];
  of(s) {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }
}

/** A sheet's XML from a header and rows; a null or undefined cell is left out. */
function sheetXml(strings, header, rows) {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  ];
  [header, ...rows].forEach((row, r) => {
    parts.push(`<row r="${r + 1}">`);
    row.forEach((v, c) => {
      if (v === null || v === undefined || v === '') return;
      const ref = `${column(c)}${r + 1}`;
      parts.push(typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="s"><v>${strings.of(String(v))}</v></c>`);
    });
    parts.push('</row>');
  });
  parts.push('</sheetData></worksheet>');
  return parts.join('');
}

/** The workbook of `vmCount` VMs at 4 datacenters, as the bytes of an .xlsx file. */
export function generateWorkbook(vmCount) {
  const strings = new Strings();
  const dcs = ['DC-East', 'DC-West', 'DC-North', 'DC-South'];
  const evc = ['intel-skylake', 'intel-cascadelake', 'intel-icelake', 'intel-broadwell'];
  const hostCount = Math.max(4, Math.ceil(vmCount / 40));
  const hosts = Array.from({ length: hostCount }, (_, h) => ({
    name: `esx-${String(h).padStart(4, '0')}.example.com`,
    dc: dcs[h % 4],
    cluster: `CL-${h % 4}-${h % 3}`,
  }));
  const memories = [2048, 4096, 8192, 16384, 24576, 32768, 65536, 2224];
  const info = [];
  const cpu = [];
  const memory = [];
  const disks = [];
  const partitions = [];
  const nics = [];
  for (let i = 0; i < vmCount; i++) {
    const name = `vm-${String(i).padStart(6, '0')}${i % 50 === 0 ? ' (legacy)' : ''}`;
    const host = hosts[i % hostCount];
    const mem = memories[i % memories.length];
    const id = `vm-${1000 + i}`;
    const net = `VLAN-${100 + (i % 40)}`;
    const ds = `ds-${host.dc}-${i % 50}`;
    const row = INFO.map(() => null);
    const set = (k, v) => (row[INFO.indexOf(k)] = v);
    set('VM', name);
    set('Powerstate', i % 10 === 0 ? 'poweredOff' : 'poweredOn');
    set('Template', i % 200 === 199 ? 'True' : 'False');
    set('SRM Placeholder', 'False');
    set('Config status', 'green');
    set('Connection state', 'connected');
    set('Guest state', 'running');
    set('Heartbeat', 'green');
    set('Consolidation Needed', 'False');
    set('Creation date', '2024-05-01 10:00:00');
    set('CPUs', 1 + (i % 16));
    set('Memory', mem);
    set('Active Memory', Math.floor(mem / 10));
    set('NICs', 1 + (i % 2));
    set('Disks', 2);
    set('Total disk capacity MiB', 102400);
    set('min Required EVC Mode Key', i % 3 === 0 ? evc[i % 4] : null);
    set('Primary IP Address', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    set('Network #1', net);
    if (i % 2 === 1) set('Network #2', 'Backup');
    set('Resource pool', `/${host.dc}/${host.cluster}/Resources`);
    set('Folder', `/${host.dc}/vm/apps`);
    set('Provisioned MiB', 102400 + (i % 7) * 1024);
    set('In Use MiB', 40960 + (i % 13) * 512);
    set('Unshared MiB', 40960);
    set('HA Restart Priority', 'medium');
    set('Firmware', 'efi');
    set('HW version', 19);
    set('Path', `[${ds}] ${name}/${name}.vmx`);
    set('Datacenter', host.dc);
    set('Cluster', host.cluster);
    set('Host', host.name);
    set('OS according to the configuration file', 'Red Hat Enterprise Linux 9 (64-bit)');
    set('VM ID', id);
    set('VM UUID', `4203${String(i).padStart(8, '0')}-0000-0000-0000-000000000000`);
    set('VI SDK Server type', 'VMware vCenter Server 8.0.3 build-24262322');
    set('VI SDK API Version', '8.0.3.0');
    info.push(row);
    cpu.push([name, 'poweredOn', 'False', 1 + (i % 16), 1, 1 + (i % 16), host.dc, host.cluster, host.name, id]);
    memory.push([name, 'poweredOn', 'False', mem, Math.floor(mem * 0.7), Math.floor(mem / 10), host.dc, host.cluster, host.name, id]);
    for (let d = 0; d < 2; d++) {
      disks.push([
        name,
        `Hard disk ${d + 1}`,
        51200,
        i % 500 === 0 && d === 1 ? 'True' : 'False',
        i % 500 === 0 && d === 1 ? 'physicalMode' : null,
        'sharingNone',
        `[${ds}] ${name}/${name}_${d}.vmdk`,
        host.dc,
        host.cluster,
        host.name,
        id,
      ]);
      partitions.push([name, d === 0 ? '/' : '/var', 51200, 20480, 30720, host.dc, host.cluster, host.name, id]);
    }
    nics.push([name, 'Network adapter 1', net, i % 1000 === 0 ? 'True' : 'False', host.dc, host.cluster, host.name, id]);
  }
  const sheets = [
    ['vInfo', INFO, info],
    ['vCPU', ['VM', 'Powerstate', 'Template', 'CPUs', 'Sockets', 'Cores p/s', 'Datacenter', 'Cluster', 'Host', 'VM ID'], cpu],
    ['vMemory', ['VM', 'Powerstate', 'Template', 'Size MiB', 'Consumed', 'Active', 'Datacenter', 'Cluster', 'Host', 'VM ID'], memory],
    ['vDisk', ['VM', 'Disk', 'Capacity MiB', 'Raw', 'Raw Comp. Mode', 'Sharing mode', 'Path', 'Datacenter', 'Cluster', 'Host', 'VM ID'], disks],
    ['vPartition', ['VM', 'Disk', 'Capacity MiB', 'Consumed MiB', 'Free MiB', 'Datacenter', 'Cluster', 'Host', 'VM ID'], partitions],
    ['vNetwork', ['VM', 'NIC label', 'Network', 'Direct Path IO', 'Datacenter', 'Cluster', 'Host', 'VM ID'], nics],
    [
      'vHost',
      ['Host', 'Datacenter', 'Cluster', 'CPU Model', 'Current EVC', 'Max EVC', 'Vendor'],
      hosts.map((h, i) => [h.name, h.dc, h.cluster, 'Intel(R) Xeon(R) Gold 6248', null, evc[i % 3 === 0 ? 2 : 1], 'Dell Inc.']),
    ],
    [
      'vDatastore',
      ['Name', 'Capacity MiB', 'Hosts'],
      dcs.flatMap((dc) =>
        Array.from({ length: 50 }, (_, d) => [
          `ds-${dc}-${d}`,
          8388608,
          hosts
            .filter((h) => h.dc === dc)
            .slice(0, 8)
            .map((h) => h.name)
            .join(', '),
        ]),
      ),
    ],
  ];
  const files = {};
  sheets.forEach(([, header, rows], i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(strings, header, rows))));
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.list.length}" uniqueCount="${strings.list.length}">${strings.list.map((s) => `<si><t>${escape(s)}</t></si>`).join('')}</sst>`,
  );
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map(([name], i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  files['_rels/.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  const inflated = Object.values(files).reduce((n, b) => n + b.length, 0);
  return { bytes: zipSync(files, { level: 6 }), inflated, templates: info.filter((r) => r[2] === 'True').length };
}
