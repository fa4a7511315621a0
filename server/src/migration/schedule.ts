/**
 * The time of an intent (spec §6 "Geography and time", §10): the makespan of c parallel slots
 * filled in the order of its target list, each migration taking its duration. A migration that
 * never stops (duration Infinity) takes forever, and so does the intent.
 */

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
