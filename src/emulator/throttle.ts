/**
 * Events counted per key in a sliding window, against a limit — the one implementation behind
 * `--rate-limit` (requests admitted, faults.ts) and the bounds on guessing (failed attempts,
 * attempts.ts). A key may also hold attempts under way, counted until they are released. Memory
 * is bounded: at most `limit` events and `maxKeys` keys are remembered (beyond, keys with nothing
 * left to count go first, then the longest unheard).
 */
interface Window {
  /** Event times, oldest first, from `start` on. */
  times: number[];
  start: number;
  held: number;
}

export class SlidingWindows {
  /** Map order is the order last heard from: the first is the longest unheard. */
  private readonly keys = new Map<string, Window>();

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /**
   * 0 when the key may have one more (its events in the window and its held attempts are under
   * the limit), else the seconds until it may: when the events alone fill it, until the oldest
   * leaves the window; when held attempts do, a second, by which one of them will have ended.
   */
  wait(key: string, now = Date.now()): number {
    const w = this.window(key, now);
    const events = w.times.length - w.start;
    if (events + w.held < this.limit) return 0;
    if (events < this.limit) return 1;
    return Math.max(1, Math.ceil((w.times[w.start] + this.windowMs - now) / 1000));
  }

  /** An event for the key, at `now`. */
  record(key: string, now = Date.now()): void {
    const w = this.window(key, now);
    w.times.push(now);
    // Only the last `limit` events can ever be asked about.
    if (w.times.length - w.start > this.limit) w.start++;
    this.compact(w);
  }

  /** `wait`, and when it is 0 the event recorded: what a rate limit does with a request. */
  take(key: string, now = Date.now()): number {
    const wait = this.wait(key, now);
    if (wait === 0) this.record(key, now);
    return wait;
  }

  /** An attempt under way, counted against the limit until `release`. */
  hold(key: string, now = Date.now()): void {
    this.window(key, now).held++;
  }

  release(key: string): void {
    const w = this.keys.get(key);
    if (w) w.held = Math.max(0, w.held - 1);
  }

  /** The key's window, its expired events dropped, moved to the back of the order. */
  private window(key: string, now: number): Window {
    let w = this.keys.get(key);
    if (w) this.keys.delete(key);
    else {
      if (this.keys.size >= this.maxKeys) this.forget(now);
      w = { times: [], start: 0, held: 0 };
    }
    this.keys.set(key, w);
    this.expire(w, now);
    return w;
  }

  private expire(w: Window, now: number): void {
    while (w.start < w.times.length && now - w.times[w.start] >= this.windowMs) w.start++;
    this.compact(w);
  }

  /** Drops the events before `start` once they are half the array: amortized constant time. */
  private compact(w: Window): void {
    if (w.start > 16 && w.start * 2 >= w.times.length) {
      w.times = w.times.slice(w.start);
      w.start = 0;
    }
  }

  private forget(now: number): void {
    for (const [key, w] of this.keys) {
      this.expire(w, now);
      if (w.start === w.times.length && w.held === 0) this.keys.delete(key);
    }
    if (this.keys.size >= this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
  }
}

/** One attempt seen by several windows (each with its key): the longest wait any of them asks, 0 when all take it. */
export const waitAll = (checks: readonly (readonly [SlidingWindows, string])[], now = Date.now()): number =>
  checks.reduce((wait, [windows, key]) => Math.max(wait, windows.wait(key, now)), 0);
