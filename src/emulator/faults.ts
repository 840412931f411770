/** `--rate-limit` and `--fault-rate` (http-contract.md §8): load and failure, on purpose. */

/**
 * At most `perMinute` requests in any sliding window (a minute, unless told otherwise). A refused
 * request does not count, so the Retry-After it gets is the truth: by then one more request will
 * be admitted.
 */
export class RateLimiter {
  private readonly admitted: number[];
  private readonly windowMs: number;
  private head = 0;
  private count = 0;

  constructor(
    private readonly perMinute: number,
    windowSeconds = 60,
  ) {
    this.admitted = new Array<number>(perMinute).fill(0);
    this.windowMs = windowSeconds * 1000;
  }

  /** 0 when admitted, else the seconds to wait. */
  take(now = Date.now()): number {
    if (this.count < this.perMinute) {
      this.admitted[(this.head + this.count++) % this.perMinute] = now;
      return 0;
    }
    const oldest = this.admitted[this.head];
    if (now - oldest < this.windowMs) return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    this.admitted[this.head] = now;
    this.head = (this.head + 1) % this.perMinute;
    return 0;
  }
}

/**
 * What happens to one request under `--fault-rate`: nothing, or a 503 / a dropped connection,
 * either instead of handling it or after it was handled (its effects kept) — the case idempotency
 * keys exist for.
 */
export type Fault = 'none' | 'unavailable' | 'drop' | 'unavailable_after' | 'drop_after';

/** Every kind of fault, drawn alike unless the emulator is told to draw only some (`faultKinds`). */
export const faultKinds: readonly Exclude<Fault, 'none'>[] = ['unavailable', 'drop', 'unavailable_after', 'drop_after'];

export const drawFault = (rate: number, random: () => number = Math.random, kinds: readonly Fault[] = faultKinds): Fault =>
  rate > 0 && random() < rate ? kinds[Math.floor(random() * kinds.length)] : 'none';
