/**
 * Which diagnostics concern which migration (spec §8 "A migration's open warnings"): those anchored
 * on its intent that concern it (that VM, or the whole intent), and those anchored on a link,
 * network or datastore that concern that VM: VMM302/VMM303 of its network, VMM304 of a link on its
 * path that carries its network, VMM502/VMM503 of its datastore.
 *
 * Built once per plan: the file's diagnostics grouped by declaration, each diagnostic on an intent's
 * target resolved once to the VM it names, so a plan of n VMs reads each diagnostic a bounded
 * number of times (it read every diagnostic for every VM, and searched every message for every
 * VM name of the target: n³).
 */
import type { CheckResult, Diagnostic } from '../checker.js';
import type { Migration } from '../migration/analysis.js';
import { carriersOf, l2Paths, overhead } from '../migration/l2.js';
import type { Intent, Link, Network, ResolvedTarget } from '../model/model.js';
import type { PathFinder } from '../model/paths.js';
import type { Declaration } from '../syntax/ast.js';

const NETWORK_CODES: ReadonlySet<string> = new Set(['VMM302', 'VMM303']);
const DATASTORE_CODES: ReadonlySet<string> = new Set(['VMM502', 'VMM503']);
const LINK_CODES: ReadonlySet<string> = new Set(['VMM304']);

/** A VM name the token scan finds exactly as nameIndex would: no leading or trailing `.`, no `..`. */
const PLAIN_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
/** The words of a message a name can be (names hold `-` and `.`, so `\b` does not do). */
const WORD = /[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*/;

/** Where a VM name occurs in a message as a whole word; -1 when it does not. */
export function nameIndex(message: string, name: string): number {
  const word = /[A-Za-z0-9_-]/;
  for (let i = message.indexOf(name); i >= 0; i = message.indexOf(name, i + 1)) {
    const before = message[i - 1];
    const after = message.slice(i + name.length, i + name.length + 2);
    const joinedBefore = before !== undefined && (word.test(before) || (before === '.' && word.test(message[i - 2] ?? '')));
    const joinedAfter = word.test(after[0] ?? '') || (after[0] === '.' && word.test(after[1] ?? ''));
    if (!joinedBefore && !joinedAfter) return i;
  }
  return -1;
}

/** What one intent's diagnostics concern: the whole intent, one VM, or every VM of one target. */
interface IntentConcerns {
  wide: Diagnostic[];
  byVm: Map<string, Diagnostic[]>;
  /** Diagnostics on a target that name none of its VMs: they concern each of them. */
  byTarget: Map<ResolvedTarget, { vms: ReadonlySet<string>; list: Diagnostic[] }>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The VM of a target that a message names first (the earliest in the message); undefined when it names none. */
function firstNamed(message: string, target: ResolvedTarget, names: ReadonlySet<string>, odd: readonly string[]): string | undefined {
  let best: { name: string; at: number } | undefined;
  for (const match of message.matchAll(new RegExp(WORD.source, 'g'))) {
    if (names.has(match[0])) {
      best = { name: match[0], at: match.index };
      break;
    }
  }
  for (const name of odd) {
    const at = nameIndex(message, name);
    if (at >= 0 && (!best || at < best.at)) best = { name, at };
  }
  return best && target.vms.includes(best.name) ? best.name : undefined;
}

export class Concerns {
  private readonly order = new Map<Diagnostic, number>();
  private readonly byDeclaration = new Map<Declaration, Diagnostic[]>();
  private readonly intents = new Map<Declaration, IntentConcerns>();
  private readonly carried = new Map<Network, Set<Link>>();
  private l2?: PathFinder;

  constructor(private readonly result: CheckResult) {
    result.diagnostics.forEach((d, i) => {
      this.order.set(d, i);
      if (d.declaration) push(this.byDeclaration, d.declaration, d);
    });
  }

  /** Every diagnostic (any severity) that concerns the migration, in the order of the file's diagnostics. */
  of(migration: Migration): Diagnostic[] {
    const { intent, vm } = migration;
    const model = this.result.model;
    const found: Diagnostic[] = [];
    const onIntent = this.intentConcerns(intent);
    found.push(...onIntent.wide, ...(onIntent.byVm.get(vm.name) ?? []));
    for (const { vms, list } of onIntent.byTarget.values()) if (vms.has(vm.name)) found.push(...list);

    const network = vm.network ? model.networks.get(vm.network) : undefined;
    if (network) for (const d of this.byDeclaration.get(network.declaration) ?? []) if (NETWORK_CODES.has(d.code)) found.push(d);
    const datastore = vm.datastore ? model.datastores.get(vm.datastore) : undefined;
    if (datastore) for (const d of this.byDeclaration.get(datastore.declaration) ?? []) if (DATASTORE_CODES.has(d.code)) found.push(d);
    if (network) {
      for (const link of migration.path?.links ?? []) {
        const onLink = (this.byDeclaration.get(link.declaration) ?? []).filter((d) => LINK_CODES.has(d.code));
        if (onLink.length > 0 && this.carries(link, network)) found.push(...onLink);
      }
    }
    return found.sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }

  /** The link carries the network and too small an MTU for it (VMM304's condition for that network). */
  private carries(link: Link, network: Network): boolean {
    let links = this.carried.get(network);
    if (!links) {
      this.l2 ??= l2Paths(this.result.model);
      links = carriersOf(this.l2, network);
      this.carried.set(network, links);
    }
    const extra = overhead(link);
    return links.has(link) && extra !== undefined && link.mtu < network.mtu + extra;
  }

  private intentConcerns(intent: Intent): IntentConcerns {
    const known = this.intents.get(intent.declaration);
    if (known) return known;
    const concerns: IntentConcerns = { wide: [], byVm: new Map(), byTarget: new Map() };
    const targets = new Map<string, ResolvedTarget>();
    for (const t of intent.targets) {
      const key = `${t.target.span.start}:${t.target.span.end}`;
      if (!targets.has(key)) targets.set(key, t);
    }
    const names = new Map<ResolvedTarget, { plain: Set<string>; odd: string[] }>();
    for (const d of this.byDeclaration.get(intent.declaration) ?? []) {
      const target = targets.get(`${d.span.start}:${d.span.end}`);
      if (!target) {
        concerns.wide.push(d);
        continue;
      }
      let n = names.get(target);
      if (!n) {
        n = { plain: new Set(target.vms.filter((v) => PLAIN_NAME.test(v))), odd: target.vms.filter((v) => !PLAIN_NAME.test(v)) };
        names.set(target, n);
      }
      const vm = firstNamed(d.message, target, n.plain, n.odd);
      if (vm) push(concerns.byVm, vm, d);
      else {
        const entry = concerns.byTarget.get(target);
        if (entry) entry.list.push(d);
        else concerns.byTarget.set(target, { vms: new Set(target.vms), list: [d] });
      }
    }
    this.intents.set(intent.declaration, concerns);
    return concerns;
  }
}
