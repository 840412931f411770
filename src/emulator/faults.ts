/** `--rate-limit` and `--fault-rate` (docs/contract.md §8): load and failure, on purpose. */
import type { FastifyReply } from 'fastify';
import { apiError } from './problems';
import { SlidingWindows } from './throttle';

/**
 * `--rate-limit` per caller: each client (by its token) has a budget of its own, and requests
 * that name no client count per remote address, so that a flood of them spends no client's budget.
 * At most `perMinute` requests in any sliding window (a minute, unless told otherwise); a refused
 * request does not count, so the Retry-After it gets is the truth: by then one more request will
 * be admitted.
 */
export class RateLimits {
  private readonly windows: SlidingWindows;

  constructor(
    readonly perMinute: number,
    windowSeconds = 60,
    /** Callers remembered at most. */
    maxCallers = 10_000,
  ) {
    this.windows = new SlidingWindows(perMinute, windowSeconds * 1000, maxCallers);
  }

  /** 0 when admitted, else the seconds to wait. */
  take(caller: RateCaller, now = Date.now()): number {
    return this.windows.take(caller.clientId !== undefined ? `client\0${caller.clientId}` : `address\0${caller.address}`, now);
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
