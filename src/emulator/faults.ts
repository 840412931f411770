/** `--rate-limit` and `--fault-rate` (docs/contract.md §8): load and failure, on purpose. */
import type { FastifyReply } from 'fastify';
import { apiError } from './problems';

/**
 * At most `perMinute` requests in any sliding window (a minute, unless told otherwise). A refused
 * request does not count, so the Retry-After it gets is the truth: by then one more request will
 * be admitted. Its memory grows with the requests admitted in a window, up to `perMinute` times.
 */
export class RateLimiter {
  private readonly admitted: number[] = [];
  private readonly windowMs: number;
  private head = 0;

  constructor(
    private readonly perMinute: number,
    windowSeconds = 60,
  ) {
    this.windowMs = windowSeconds * 1000;
  }

  /** 0 when admitted, else the seconds to wait. */
  take(now = Date.now()): number {
    if (this.admitted.length < this.perMinute) {
      this.admitted.push(now);
      return 0;
    }
    const oldest = this.admitted[this.head];
    if (now - oldest < this.windowMs) return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    this.admitted[this.head] = now;
    this.head = (this.head + 1) % this.perMinute;
    return 0;
  }

  /** Whether nothing it admitted is still in the window: forgetting it changes nothing. */
  idle(now = Date.now()): boolean {
    const newest = this.admitted[(this.head + this.admitted.length - 1) % this.perMinute];
    return newest === undefined || now - newest >= this.windowMs;
  }
}

/**
 * `--rate-limit` per caller: each client (by its token) has a budget of its own, and requests
 * that name no client count per remote address, so that a flood of them spends no client's budget.
 */
export class RateLimits {
  private readonly buckets = new Map<string, RateLimiter>();

  constructor(
    readonly perMinute: number,
    private readonly windowSeconds = 60,
    /** Callers remembered at most: beyond, idle ones are forgotten, then the longest unheard. */
    private readonly maxBuckets = 10_000,
  ) {}

  /** 0 when admitted, else the seconds to wait. */
  take(caller: RateCaller, now = Date.now()): number {
    const key = caller.clientId !== undefined ? `client\0${caller.clientId}` : `address\0${caller.address}`;
    let bucket = this.buckets.get(key);
    if (bucket) this.buckets.delete(key);
    else {
      if (this.buckets.size >= this.maxBuckets) this.forget(now);
      bucket = new RateLimiter(this.perMinute, this.windowSeconds);
    }
    // Map order is the order last heard from: the first is the longest unheard.
    this.buckets.set(key, bucket);
    return bucket.take(now);
  }

  private forget(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.idle(now)) this.buckets.delete(key);
    if (this.buckets.size >= this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value!);
  }
}

/** Who a request is counted for: its token's client, or else the address it came from. */
export interface RateCaller {
  clientId?: string;
  address: string;
}

/** Throws 429 `rate_limited`, with the Retry-After that is the truth, once the caller's budget is spent. */
export const admitCaller = (limits: RateLimits | undefined, caller: RateCaller, reply: FastifyReply): void => {
  const wait = limits?.take(caller) ?? 0;
  if (wait === 0) return;
  reply.header('Retry-After', String(wait));
  throw apiError('rate_limited', `more than ${limits!.perMinute} requests a minute; retry after ${wait} s`);
};

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
