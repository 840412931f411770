/**
 * Failed attempts at a secret, bounded per key in a sliding window. An attempt in flight counts
 * as a failure until it is known to have succeeded, so that a burst sent at once cannot slip in
 * before its failures are counted; a refused attempt does not count, so its Retry-After is the
 * truth: by then one more attempt will be taken.
 */
export class FailureThrottle {
  private readonly keys = new Map<string, { failures: number[]; inFlight: number }>();

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    /** Keys remembered at most: beyond, those with nothing left to count go, then the oldest. */
    private readonly maxKeys = 10_000,
  ) {}

  /** 0 when the attempt may go ahead (it is then in flight until `end`), else the seconds to wait. */
  begin(key: string, now = Date.now()): number {
    let entry = this.keys.get(key);
    if (!entry) {
      if (this.keys.size >= this.maxKeys) this.forget(now);
      entry = { failures: [], inFlight: 0 };
      this.keys.set(key, entry);
    }
    this.expire(entry, now);
    if (entry.failures.length + entry.inFlight >= this.limit) {
      // Only attempts in flight: one of them will have ended within a second.
      const oldest = entry.failures[0];
      return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    }
    entry.inFlight++;
    return 0;
  }

  /** The attempt `begin` let through has ended. */
  end(key: string, failed: boolean, now = Date.now()): void {
    const entry = this.keys.get(key);
    if (!entry) return;
    entry.inFlight = Math.max(0, entry.inFlight - 1);
    if (failed) entry.failures.push(now);
    else if (entry.failures.length === 0 && entry.inFlight === 0) this.keys.delete(key);
  }

  private expire(entry: { failures: number[] }, now: number): void {
    let stale = 0;
    while (stale < entry.failures.length && now - entry.failures[stale] >= this.windowMs) stale++;
    if (stale > 0) entry.failures.splice(0, stale);
  }

  private forget(now: number): void {
    for (const [key, entry] of this.keys) {
      this.expire(entry, now);
      if (entry.failures.length === 0 && entry.inFlight === 0) this.keys.delete(key);
    }
    if (this.keys.size >= this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
  }
}

/**
 * Several throttles over one attempt: it goes ahead only if every one takes it, and is then
 * ended in all of them. Answers the seconds to wait, the longest any of them asks.
 */
export const beginAll = (checks: readonly [FailureThrottle, string][], now = Date.now()): number => {
  const taken: [FailureThrottle, string][] = [];
  let wait = 0;
  for (const [throttle, key] of checks) {
    const w = throttle.begin(key, now);
    if (w > 0) wait = Math.max(wait, w);
    else taken.push([throttle, key]);
  }
  if (wait > 0) for (const [throttle, key] of taken) throttle.end(key, false, now);
  return wait;
};

export const endAll = (checks: readonly [FailureThrottle, string][], failed: boolean, now = Date.now()): void => {
  for (const [throttle, key] of checks) throttle.end(key, failed, now);
};
