/**
 * Bounds on guessing (issue 13, item 6): PSK checks are hashed in a bounded pool, in turns by
 * client, and failed attempts are limited per client and per client on one integration; wrong
 * client secrets and passwords at the token endpoint are limited per client id from one remote
 * address and per remote address. Beyond a limit the answer is 429 `rate_limited` with a truthful
 * Retry-After, given before any hashing or comparing, and keyed only by what the request says —
 * never by whether the integration or client exists — so that it tells no more than the identical
 * 401s do.
 *
 * Concurrent identical PSK checks (one client, one integration uuid, one key) are one attempt:
 * hashed once, their answer shared, so that a client starting many requests at once with its right
 * key is neither refused nor made to pay scrypt for each. An attempt counts against the limits
 * while it is being hashed and, once failed, for the window; one waiting for its turn in the pool
 * is checked again when its turn comes, so that a burst of distinct guesses sent at once stops at
 * the limit (no more than `limit` failed hashes per key in a window) without the waiting being
 * counted as failures they have not made.
 */
import type { FastifyReply } from 'fastify';
import { HashPool } from './hash-pool';
import { apiError } from './problems';
import { SlidingWindows, waitAll } from './throttle';

export interface AttemptLimits {
  /** Failed PSK attempts of one client on one integration uuid (existing or not) in a window. */
  pskPerIntegration: number;
  /** Failed PSK attempts of one client, on any integration, in a window; attempts being hashed count. */
  pskPerClient: number;
  /** Wrong client secrets or passwords naming one client id (known or not) from one remote address in a window. */
  secretPerClient: number;
  /** Wrong client secrets or passwords from one remote address in a window. */
  secretPerAddress: number;
  /** The sliding window, in seconds. */
  windowSeconds: number;
}

export const defaultAttemptLimits: AttemptLimits = {
  pskPerIntegration: 10,
  pskPerClient: 60,
  secretPerClient: 20,
  secretPerAddress: 100,
  windowSeconds: 60,
};

/** PSK hashes at once: leaves libuv's other threads (4 by default) to the file system. */
export const DEFAULT_HASH_CONCURRENCY = 2;

const limited = (reply: FastifyReply, wait: number, what: string) => {
  reply.header('Retry-After', String(wait));
  return apiError('rate_limited', `too many failed attempts at ${what}; retry after ${wait} s`);
};

type Check = readonly [SlidingWindows, string];

/** A PSK check's outcome: whether the key was right, or the seconds to wait beyond a limit. */
type Verdict = boolean | { wait: number };

export class AttemptGuard {
  readonly hashing: HashPool;
  private readonly pskPerIntegration: SlidingWindows;
  private readonly pskPerClient: SlidingWindows;
  private readonly secretPerClient: SlidingWindows;
  private readonly secretPerAddress: SlidingWindows;
  /** PSK checks under way, by client, scope and the key's fingerprint (never the key). */
  private readonly checking = new Map<string, Promise<Verdict>>();

  constructor(limits: AttemptLimits, hashConcurrency: number) {
    const windowMs = limits.windowSeconds * 1000;
    this.hashing = new HashPool(hashConcurrency);
    this.pskPerIntegration = new SlidingWindows(limits.pskPerIntegration, windowMs);
    this.pskPerClient = new SlidingWindows(limits.pskPerClient, windowMs);
    this.secretPerClient = new SlidingWindows(limits.secretPerClient, windowMs);
    this.secretPerAddress = new SlidingWindows(limits.secretPerAddress, windowMs);
  }

  /**
   * Runs a PSK check (`hash`, true when right) for `clientId` on `scope`, with the key known by
   * `fingerprint` (undefined when none was sent), or joins the same check under way; throws 429
   * beyond a limit.
   */
  async psk(clientId: string, scope: string, fingerprint: string | undefined, reply: FastifyReply, hash: () => Promise<boolean>): Promise<boolean> {
    const same = `${clientId}\0${scope}\0${fingerprint ?? ''}`;
    let check = this.checking.get(same);
    if (!check) {
      check = this.check(clientId, scope, hash).finally(() => this.checking.delete(same));
      this.checking.set(same, check);
    }
    const verdict = await check;
    if (typeof verdict !== 'boolean') throw limited(reply, verdict.wait, 'integration credentials');
    return verdict;
  }

  private async check(clientId: string, scope: string, hash: () => Promise<boolean>): Promise<Verdict> {
    const checks: Check[] = [
      [this.pskPerClient, clientId],
      [this.pskPerIntegration, `${clientId}\0${scope}`],
    ];
    const wait = waitAll(checks);
    if (wait > 0) return { wait };
    return this.hashing.run(clientId, async (): Promise<Verdict> => {
      // Failures recorded while it waited for its turn count now.
      const wait = waitAll(checks);
      if (wait > 0) return { wait };
      for (const [windows, key] of checks) windows.hold(key);
      let ok = false;
      try {
        ok = await hash();
        return ok;
      } finally {
        for (const [windows, key] of checks) {
          windows.release(key);
          if (!ok) windows.record(key);
        }
      }
    });
  }

  /**
   * A token request naming `clientId` from `address`: throws 429 beyond a limit, before the secret
   * is compared; else the attempt, to be ended with whether it failed.
   */
  secret(clientId: string | undefined, address: string, reply: FastifyReply): { end(failed: boolean): void } {
    const checks: Check[] = [[this.secretPerAddress, address]];
    // By address too: a stranger's wrong secrets for a public client id do not lock its owner out.
    if (clientId !== undefined) checks.push([this.secretPerClient, `${clientId}\0${address}`]);
    const wait = waitAll(checks);
    if (wait > 0) throw limited(reply, wait, 'a client secret or password');
    for (const [windows, key] of checks) windows.hold(key);
    return {
      end: (failed) => {
        for (const [windows, key] of checks) {
          windows.release(key);
          if (failed) windows.record(key);
        }
      },
    };
  }
}
