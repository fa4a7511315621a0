/**
 * The rates of spec §6: how many migrations share the path (c), what each gets of it (link rate),
 * what one TCP window lets it carry (window cap), the effective rate R of pre-copy and disk copies,
 * and R_f of the final round and of a post-copy pull; with VMM107's condition and its fix's N.
 * Canonical units: bytes/s, bytes, seconds.
 */

/**
 * c = min(concurrency, VMs the intent moves, the profile's concurrency cap), per intent even when
 * its VMs leave from several sites. At least 1, so that the rates stay finite for an intent with no
 * VM (which has no figures anyway).
 */
export function concurrentMigrations(concurrency: number, vmCount: number, concurrencyCap?: number): number {
  return Math.max(1, Math.min(concurrency, vmCount, concurrencyCap ?? Infinity));
}

/** Link rate = path bandwidth ÷ c, the path bandwidth being already the minimum over hops of bandwidth × share. */
export function linkRate(pathBandwidth: number, concurrent: number): number {
  return pathBandwidth / Math.max(1, concurrent);
}

/** Window cap = streams × stream-window ÷ path RTT; undefined (none) when stream-window is none or the path RTT is 0. */
export function windowCap(streams: number, streamWindow: number | undefined, pathRtt: number): number | undefined {
  if (streamWindow === undefined || !(pathRtt > 0)) return undefined;
  return (streams * streamWindow) / pathRtt;
}

export interface RateInputs {
  /** bytes/s: min over hops of bandwidth × share */
  pathBandwidth: number;
  /** seconds: sum over hops */
  pathRtt: number;
  /** c, from concurrentMigrations */
  concurrent: number;
  /** fraction */
  efficiency: number;
  /** bytes/s; undefined: no cap */
  maxStream?: number;
  streams: number;
  /** bytes; undefined: none */
  streamWindow?: number;
  /** the engine lifts its rate cap for the final round (kvm, qemu) */
  liftsRateCapForFinalRound: boolean;
}

/** What sets R: the path's share, the TCP window, or the engine's `max-stream`. */
export type RateLimit = 'link' | 'window' | 'max-stream';

export interface Rates {
  /** bytes/s: path bandwidth ÷ c */
  linkRate: number;
  /** bytes/s; undefined: no window */
  windowCap?: number;
  /** R, bytes/s: of pre-copy rounds, disk copies, λ, K, VMM205 and the JSON `bandwidth` */
  rate: number;
  /** R_f, bytes/s: of the final round and of a post-copy pull */
  finalRate: number;
  /** what sets R (the first of link, window, max-stream when two give the same figure) */
  limitedBy: RateLimit;
}

/**
 * R = min(link rate × efficiency, window cap × efficiency, max-stream): efficiency is what the wire
 * loses to protocol overhead, and a `max-stream` is the engine's own cap on what it sends, so
 * efficiency does not apply to it. R_f = R, except on engines that lift their rate cap for the final
 * round, where any max-stream is dropped: min(link rate, window cap) × efficiency.
 */
export function migrationRates(inputs: RateInputs): Rates {
  const link = linkRate(inputs.pathBandwidth, inputs.concurrent);
  const window = windowCap(inputs.streams, inputs.streamWindow, inputs.pathRtt);
  const candidates: [RateLimit, number][] = [
    ['link', link * inputs.efficiency],
    ['window', (window ?? Infinity) * inputs.efficiency],
    ['max-stream', inputs.maxStream ?? Infinity],
  ];
  let [limitedBy, rate] = candidates[0];
  for (const [limit, value] of candidates) {
    if (value < rate) [limitedBy, rate] = [limit, value];
  }
  const uncapped = Math.min(link, window ?? Infinity) * inputs.efficiency;
  const finalRate = inputs.liftsRateCapForFinalRound ? uncapped : rate;
  return window === undefined ? { linkRate: link, rate, finalRate, limitedBy } : { linkRate: link, windowCap: window, rate, finalRate, limitedBy };
}

export interface WindowLimitInputs {
  /** bytes/s: path bandwidth ÷ c */
  linkRate: number;
  /** seconds */
  pathRtt: number;
  efficiency: number;
  /** bytes/s; undefined: no cap */
  maxStream?: number;
  streams: number;
  /** bytes; undefined: none */
  streamWindow?: number;
}

export interface WindowLimit {
  /** VMM107's condition: streams × stream-window ÷ RTT < min(link rate, max-stream ÷ efficiency) */
  limits: boolean;
  /** bytes/s: streams × stream-window ÷ RTT */
  windowCap: number;
  /** bytes/s: min(link rate, max-stream ÷ efficiency), what the window is compared with */
  pathRate: number;
  /**
   * VMM107's fix: N = ⌈pathRate × RTT ÷ stream-window⌉, the fewest streams whose window reaches the
   * path's rate. Checked against the condition itself, so that `streams = N` always clears it even
   * where the quotient lands a rounding error off an integer.
   */
  streamsNeeded: number;
}

/**
 * VMM107 (a live, routed or cold migration that copies something): whether the TCP window caps
 * each migration below what the path gives it, so that the window is what sets R. Undefined when
 * there is no window (stream-window none, or path RTT 0).
 */
export function windowLimit(inputs: WindowLimitInputs): WindowLimit | undefined {
  const { streamWindow, pathRtt } = inputs;
  const cap = windowCap(inputs.streams, streamWindow, pathRtt);
  if (cap === undefined || streamWindow === undefined) return undefined;
  const pathRate = Math.min(inputs.linkRate, (inputs.maxStream ?? Infinity) / inputs.efficiency);
  const limitsWith = (streams: number) => (streams * streamWindow) / pathRtt < pathRate;
  if (!Number.isFinite(pathRate)) return { limits: true, windowCap: cap, pathRate, streamsNeeded: Infinity };
  let needed = Math.max(1, Math.ceil((pathRate * pathRtt) / streamWindow));
  while (needed > 1 && !limitsWith(needed - 1)) needed--;
  while (limitsWith(needed)) needed++;
  return { limits: cap < pathRate, windowCap: cap, pathRate, streamsNeeded: needed };
}
