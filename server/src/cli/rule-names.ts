/**
 * What SARIF says of each rule besides its code and summary: a name a person reads (code scanning
 * shows it; it must not be the id) and the title of its page in docs/rules (a test keeps the titles
 * equal to the pages' headings). A rule missing here still gets a name, made from its summary.
 */
const table: Record<string, [name: string, title: string]> = {
  VMM001: ['SyntaxError', 'syntax error'],
  VMM002: ['UnknownAttribute', 'unknown attribute or block'],
  VMM003: ['WrongTypeOrUnit', 'wrong type, wrong unit dimension, or missing unit'],
  VMM004: ['DuplicateDeclaration', 'duplicate declaration or attribute'],
  VMM005: ['UndeclaredName', 'reference to an undeclared name'],
  VMM006: ['MissingRequiredAttribute', 'required attribute missing'],
  VMM007: ['UnusableImport', 'import missing, cyclic, or outside the workspace folder'],
  VMM008: ['ValueOutOfRange', 'value out of range'],
  VMM101: ['PathRttAboveMaxRtt', "path RTT above the policy's max-rtt"],
  VMM102: ['BandwidthBelowMinBandwidth', 'bandwidth per concurrent migration below min-bandwidth'],
  VMM103: ['PathDistanceAboveMaxDistance', "path distance above the policy's max-distance"],
  VMM104: ['NoPath', 'no path between the source and target site'],
  VMM105: ['ConcurrencyAboveProfile', 'concurrency above what the profile allows'],
  VMM106: ['LinkRttBelowPhysicalMinimum', 'link RTT below the physical minimum for its distance'],
  VMM107: ['TcpWindowSetsRate', "the TCP window, not the path, sets the migration's rate"],
  VMM201: ['PreCopyNeverStops', 'pre-copy never stops'],
  VMM202: ['DowntimeAboveMaxDowntime', "estimated downtime above the policy's max-downtime"],
  VMM203: ['IntentLongerThanWindow', 'estimated time of the intent above its window'],
  VMM204: ['ConvergenceUnchecked', 'live or routed migration without a dirty-rate (convergence unchecked)'],
  VMM205: ['DirtyRateAboveHalfBandwidth', 'dirty rate above half the effective bandwidth'],
  VMM206: ['DeadlineMissed', 'migrations cannot finish before the deadline'],
  VMM207: ['LeftAtDoomedSite', 'disaster avoidance leaves at the doomed site something a VM needs'],
  VMM208: ['ConvergesThrottled', 'pre-copy converges with the guest throttled'],
  VMM209: ['PostcopyExposure', 'post-copy leaves the VM exposed while its memory is pulled'],
  VMM301: ['NetworkMissingAtTarget', "the VM's network does not exist at the target"],
  VMM302: ['StretchWithoutL2Extension', 'stretched network without L2 extension between its sites'],
  VMM303: ['StretchedNetwork', 'network stretched across sites'],
  VMM304: ['UnderlayMtuTooSmall', 'underlay MTU below guest MTU + overlay overhead'],
  VMM401: ['EgressTrombone', 'egress trombone, the gateway stays behind'],
  VMM402: ['IngressTrombone', 'ingress trombone, inbound traffic keeps arriving at the old site'],
  VMM403: ['DependencyLeftBehind', 'a VM moves away from what it depends on'],
  VMM501: ['StorageLeftBehind', 'storage left behind'],
  VMM502: ['SyncReplicationAboveMaxRtt', 'synchronous replication over a path above sync-max-rtt'],
  VMM503: ['AsyncReplicationMissesRpo', 'async replication cannot hold its RPO'],
  VMM504: ['LiveMigrationOntoAsyncReplica', 'live migration onto an async replica'],
  VMM601: ['SiteCapacityOverfilled', "migrations overfill a site's capacity"],
  VMM602: ['LiveMigrationForBurstOrFederation', 'cloud-burst or federation done by live migration'],
  VMM603: ['FederateWithoutScalableService', 'federate on something that is not a scalable service with a load balancer'],
  VMM604: ['WindowShorterThanDnsTtl', 'a re-addressing migration with a window shorter than the DNS TTL'],
  VMM701: ['CpuBaselineNotOffered', "the VM's CPU baseline is not offered at the target site"],
  VMM702: ['DeviceBlocksLiveMigration', 'the VM has a device that blocks live migration'],
};

/** The rule's name and title; for a rule not in the table, a name made from the words of its summary. */
export function ruleNaming(code: string, summary: string): { name: string; title: string } {
  const known = table[code];
  if (known) return { name: known[0], title: known[1] };
  const words = summary
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .slice(0, 6);
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return { name: name && name !== code ? name : `Rule${code}`, title: summary };
}

export const namedCodes: readonly string[] = Object.keys(table);
