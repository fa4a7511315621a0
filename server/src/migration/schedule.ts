/**
 * The time of an intent (spec §6 "Geography and time", §10): the makespan of c parallel slots
 * filled in the order of its target list, each migration taking its duration. A migration that
 * never stops (duration Infinity) takes forever, and so does the intent. Then the plan's schedule
 * (spec §8): intents into waves, waves one after another.
 */
import type { Intent, Link, Model } from '../model/model.js';
import type { Migration } from './analysis.js';

export interface SlotTimes {
  /** which slot (0-based) ran the migration */
  slot: number;
  /** seconds from the start of the intent; Infinity behind a migration that never ends */
  start: number;
  end: number;
}

export interface Slots {
  /** seconds: when the last slot is free; 0 with nothing to run */
  makespan: number;
  /** one per duration, in the same order */
  migrations: SlotTimes[];
}

/**
 * Fills `slots` parallel slots in order: each migration starts in the slot that frees first (the
 * lowest-numbered one on a tie), when it frees.
 */
export function fillSlots(durations: readonly number[], slots: number): Slots {
  const ends = new Array<number>(Math.max(1, Math.floor(slots))).fill(0);
  const migrations = durations.map((duration) => {
    let slot = 0;
    for (let i = 1; i < ends.length; i++) if (ends[i] < ends[slot]) slot = i;
    const start = ends[slot];
    ends[slot] = start + duration;
    return { slot, start, end: ends[slot] };
  });
  return { makespan: durations.length === 0 ? 0 : Math.max(...ends), migrations };
}

/** The makespan alone. */
export function makespan(durations: readonly number[], slots: number): number {
  return fillSlots(durations, slots).makespan;
}

// ---------------------------------------------------------------------------------------------
// The plan's schedule (spec §8 "Wave forming", §10 "The plan")

/** What the schedule needs of an intent: its analysis (the migrations with their paths and estimates). */
export interface SchedulableIntent {
  intent: Intent;
  migrations: readonly Migration[];
  concurrent: number;
  /** The makespan; undefined when a migration has no figures (no path, VMM104): the intent then takes no time. */
  duration?: number;
}

/** One intent in its wave: seconds from the start of the plan; Infinity for "never" (JSON null). */
export interface ScheduledIntent<T extends SchedulableIntent = SchedulableIntent> {
  analysis: T;
  /** 0-based index into `Schedule.waves` */
  wave: number;
  /** When its wave starts (Infinity behind a wave that never ends). */
  start: number;
  /**
   * start + its makespan: Infinity when a migration never stops or its wave starts never; undefined
   * when it has no figures (a migration without a path or without an estimate).
   */
  end?: number;
  /** Each migration's start and end, in the order of `analysis.migrations` (undefined without an estimate). */
  migrations: ({ start: number; end: number } | undefined)[];
  /** The link hops it holds in its wave (none when it copies nothing). */
  hops: ReadonlySet<Link>;
}

export interface ScheduledWave<T extends SchedulableIntent = SchedulableIntent> {
  /** 1-based */
  index: number;
  /** seconds from the start of the plan: the end of the wave before (0 for the first); Infinity behind a wave that never ends */
  start: number;
  /** start + its longest intent; Infinity when that never ends */
  end: number;
  /** seconds: its longest intent's makespan (Infinity when it never ends) */
  duration: number;
  /** in the order they were placed */
  intents: ScheduledIntent<T>[];
  /** The intent that sets the wave's length (the first placed of the longest); undefined in a wave of intents that take no time. */
  longest?: ScheduledIntent<T>;
}

export interface Schedule<T extends SchedulableIntent = SchedulableIntent> {
  waves: ScheduledWave<T>[];
  /** Every intent given, by its intent. */
  byIntent: Map<Intent, ScheduledIntent<T>>;
  /** seconds: the end of the last wave (0 with none; Infinity when a wave never ends) */
  end: number;
}

/** True when the intent sends nothing over its paths (federate; cold with nothing to copy): it holds no hop. */
export function copiesNothing(ia: SchedulableIntent): boolean {
  if (ia.intent.method === 'federate') return true;
  return ia.migrations.every((m) => !m.estimate || m.estimate.data === 0);
}

/** The link hops an intent holds in its wave: those of its paths, unless it copies nothing (spec §8). */
export function hopsOf(ia: SchedulableIntent): Set<Link> {
  const hops = new Set<Link>();
  if (copiesNothing(ia)) return hops;
  for (const m of ia.migrations) for (const link of m.path?.links ?? []) hops.add(link);
  return hops;
}

/**
 * Intent dependencies (spec §8): intent A depends on intent B when a VM of A depends on a VM of B
 * (`depends-on` a service: on all its VMs); edges inside one intent are ignored.
 */
function intentDependencies(model: Model, intents: readonly SchedulableIntent[]): Set<number>[] {
  const intentOfVm = new Map<string, number>();
  intents.forEach((ia, i) => ia.migrations.forEach((m) => intentOfVm.set(m.vm.name, i)));
  return intents.map((ia, i) => {
    const needs = new Set<number>();
    for (const m of ia.migrations) {
      for (const name of m.vm.dependsOn) {
        const service = model.vms.has(name) ? undefined : model.services.get(name);
        for (const callee of service ? service.vms : [name]) {
          const j = intentOfVm.get(callee);
          if (j !== undefined && j !== i) needs.add(j);
        }
      }
    }
    return needs;
  });
}

/**
 * The schedule of spec §8. Intents in a dependency cycle form one group, placed as a unit. Groups
 * are placed one at a time: of those whose dependencies are all placed, the one with the earliest
 * deadline (none after every deadline), then the first declared. Each goes into the first wave
 * after every wave holding something it depends on in which no intent outside its group uses one
 * of its hops. Waves run one after another from 0 (barriers): a wave lasts as long as its longest
 * intent; each intent starts with its wave, each migration in its slot (fillSlots).
 */
export function scheduleIntents<T extends SchedulableIntent>(model: Model, intents: readonly T[]): Schedule<T> {
  const dependsOn = intentDependencies(model, intents);
  const components = stronglyConnected(intents.length, dependsOn);
  const componentOf = new Array<number>(intents.length);
  components.forEach((c, k) => c.forEach((i) => (componentOf[i] = k)));
  // The group's place in the order: its earliest deadline, then its first declared intent.
  const deadline = components.map((c) => Math.min(...c.map((i) => intents[i].intent.deadline ?? Infinity)));
  const first = components.map((c) => Math.min(...c.map((i) => intents[i].intent.index)));
  const before = (k: number, l: number) => deadline[k] < deadline[l] || (deadline[k] === deadline[l] && first[k] < first[l]);
  /** needs[k]: the groups group k depends on (never itself); waiting[k]: how many are not placed yet. */
  const needs = components.map((c, k) => [...new Set(c.flatMap((i) => [...dependsOn[i]].map((j) => componentOf[j])))].filter((d) => d !== k));
  const dependents = components.map(() => [] as number[]);
  needs.forEach((ds, k) => ds.forEach((d) => dependents[d].push(k)));
  const waiting = needs.map((ds) => ds.length);
  const hops = intents.map(hopsOf);

  const waves: { members: number[]; hops: Set<Link> }[] = [];
  const waveOf = new Array<number>(components.length).fill(-1);
  const ready = components.map((_, k) => k).filter((k) => waiting[k] === 0);
  for (let placed = 0; placed < components.length; placed++) {
    let at = 0;
    for (let r = 1; r < ready.length; r++) if (before(ready[r], ready[at])) at = r;
    const next = ready[at];
    ready.splice(at, 1);
    const members = components[next];
    const held = new Set(members.flatMap((i) => [...hops[i]]));
    // Strictly after every wave holding something it depends on.
    let wave = Math.max(0, ...needs[next].map((d) => waveOf[d] + 1));
    while (wave < waves.length && [...held].some((h) => waves[wave].hops.has(h))) wave++;
    if (wave === waves.length) waves.push({ members: [], hops: new Set() });
    // Placed in declaration order within the group.
    waves[wave].members.push(...[...members].sort((a, b) => intents[a].intent.index - intents[b].intent.index));
    for (const h of held) waves[wave].hops.add(h);
    waveOf[next] = wave;
    for (const d of dependents[next]) if (--waiting[d] === 0) ready.push(d);
  }

  const byIntent = new Map<Intent, ScheduledIntent<T>>();
  let clock = 0;
  const scheduled = waves.map((w, index): ScheduledWave<T> => {
    const start = clock;
    const members = w.members.map((i): ScheduledIntent<T> => {
      const ia = intents[i];
      const durations = ia.migrations.map((m) => m.estimate?.duration);
      const known = durations.every((d): d is number => d !== undefined);
      const slots = known ? fillSlots(durations, ia.concurrent) : undefined;
      const end = ia.duration === undefined ? undefined : start + ia.duration;
      const entry: ScheduledIntent<T> = {
        analysis: ia,
        wave: index,
        start,
        end,
        hops: hops[i],
        migrations: ia.migrations.map((m, j) => (slots ? { start: start + slots.migrations[j].start, end: start + slots.migrations[j].end } : undefined)),
      };
      byIntent.set(ia.intent, entry);
      return entry;
    });
    let longest: ScheduledIntent<T> | undefined;
    for (const m of members) if (m.analysis.duration !== undefined && (!longest || m.analysis.duration > (longest.analysis.duration ?? 0))) longest = m;
    const duration = longest?.analysis.duration ?? 0;
    clock = start + duration;
    return { index: index + 1, start, end: clock, duration, intents: members, longest };
  });
  return { waves: scheduled, byIntent, end: clock };
}

/** Tarjan's strongly connected components over edges i → each of edges[i]; each component sorted. */
function stronglyConnected(n: number, edges: readonly Set<number>[]): number[][] {
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of edges[v]) {
      if (index[w] < 0) {
        visit(w);
        low[v] = Math.min(low[v], low[w]);
      } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
    }
    if (low[v] === index[v]) {
      const component = stack.splice(stack.lastIndexOf(v));
      for (const w of component) onStack[w] = false;
      components.push(component.sort((a, b) => a - b));
    }
  };
  for (let v = 0; v < n; v++) if (index[v] < 0) visit(v);
  return components;
}
