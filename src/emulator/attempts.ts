/**
 * Bounds on guessing (issue 13, item 6): PSK checks are hashed in a bounded pool, in turns by
 * client, and failed attempts are limited per client and per client on one integration; wrong
 * client secrets and passwords at the token endpoint are limited per client id and per remote
 * address. Beyond a limit the answer is 429 `rate_limited` with a truthful Retry-After, given
 * before any hashing or comparing, and keyed only by what the request says — never by whether the
 * integration or client exists — so that it tells no more than the identical 401s do.
 */
import type { FastifyReply } from 'fastify';
import { HashPool } from './hash-pool';
import { apiError } from './problems';
import { beginAll, endAll, FailureThrottle } from './throttle';

export interface AttemptLimits {
  /** Failed PSK attempts of one client on one integration uuid (existing or not) in a window. */
  pskPerIntegration: number;
  /** Failed PSK attempts of one client, on any integration, in a window; attempts in flight count. */
  pskPerClient: number;
  /** Wrong client secrets or passwords naming one client id (known or not) in a window. */
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

export class AttemptGuard {
  readonly hashing: HashPool;
  private readonly pskPerIntegration: FailureThrottle;
  private readonly pskPerClient: FailureThrottle;
  private readonly secretPerClient: FailureThrottle;
  private readonly secretPerAddress: FailureThrottle;

  constructor(limits: AttemptLimits, hashConcurrency: number) {
    const windowMs = limits.windowSeconds * 1000;
    this.hashing = new HashPool(hashConcurrency);
    this.pskPerIntegration = new FailureThrottle(limits.pskPerIntegration, windowMs);
    this.pskPerClient = new FailureThrottle(limits.pskPerClient, windowMs);
    this.secretPerClient = new FailureThrottle(limits.secretPerClient, windowMs);
    this.secretPerAddress = new FailureThrottle(limits.secretPerAddress, windowMs);
  }

  /** Runs a PSK check (`hash`, true when right) for `clientId` on `scope`; throws 429 beyond a limit. */
  async psk(clientId: string, scope: string, reply: FastifyReply, hash: () => Promise<boolean>): Promise<boolean> {
    const checks: [FailureThrottle, string][] = [
      [this.pskPerClient, clientId],
      [this.pskPerIntegration, `${clientId}\0${scope}`],
    ];
    const wait = beginAll(checks);
    if (wait > 0) throw limited(reply, wait, 'integration credentials');
    let ok = false;
    try {
      ok = await this.hashing.run(clientId, hash);
      return ok;
    } finally {
      endAll(checks, !ok);
    }
  }

  /**
   * A token request naming `clientId` from `address`: throws 429 beyond a limit, before the secret
   * is compared; else the attempt, to be ended with whether it failed.
   */
  secret(clientId: string | undefined, address: string, reply: FastifyReply): { end(failed: boolean): void } {
    const checks: [FailureThrottle, string][] = [[this.secretPerAddress, address]];
    if (clientId !== undefined) checks.push([this.secretPerClient, clientId]);
    const wait = beginAll(checks);
    if (wait > 0) throw limited(reply, wait, 'a client secret or password');
    return { end: (failed) => endAll(checks, failed) };
  }
}
