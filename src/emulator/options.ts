/** What `startEmulator` and `extids serve` accept, and their defaults (docs/contract.md §8). */
import { wire } from '../../connector/wire';
import { faultKinds, type Fault } from './faults';
import { resolveTimeouts, type ConnectionTimeouts } from './timeouts';

/** How hard each commit is pushed to the disk: SQLite's `synchronous` levels of the same names. */
export const durabilities = ['normal', 'full'] as const;
export type Durability = (typeof durabilities)[number];
import { allowedHost } from './host-check';
import { DEFAULT_HASH_CONCURRENCY, defaultAttemptLimits, type AttemptLimits } from './attempts';

export interface EmulatorOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Host names (without a port) answered besides the loopback ones, when `host` is a loopback
   * address; requests naming any other host get 403 `forbidden_host` (against DNS rebinding).
   */
  allowedHosts?: string[];
  /** Where the SQLite databases live. Default `.extids`. */
  dataDir?: string;
  /** The platform domain of the default client. Default `localhost`. */
  domain?: string;
  /** Default `extids-local`. */
  clientId?: string;
  /** Default `extids-local-secret`. */
  clientSecret?: string;
  /** The user of the password grant. Default `admin`. */
  username?: string;
  /** Default `extids-local-password`. */
  password?: string;
  /** Clients of other domains. */
  clients?: { domain: string; clientId: string; clientSecret: string }[];
  /** Requests per minute before answering 429. Unlimited when absent or 0. */
  rateLimit?: number;
  /**
   * The window `rateLimit` counts over, in seconds. Default 60 (a minute, as the contract says);
   * tests shorten it, so that a limited client recovers in seconds. Not a flag of `extids serve`.
   */
  rateWindowSeconds?: number;
  /**
   * Bounds on failed attempts at secrets, each per sliding window (`windowSeconds`, default 60):
   * PSKs per client on one integration (10) and per client in all (60, attempts in flight
   * included); client secrets and passwords per client id (20) and per remote address (100).
   * Beyond, 429 `rate_limited` with Retry-After.
   */
  attemptLimits?: Partial<AttemptLimits>;
  /** PSK hashes (scrypt) run at once, taken in turns by client. Default 2. */
  hashConcurrency?: number;
  /** The share (0..1) of requests answered 503 or with a dropped connection. */
  faultRate?: number;
  /**
   * The faults `faultRate` draws from, alike. Default all four (`faultKinds`); a test may choose
   * only 503s (`['unavailable', 'unavailable_after']`). Not a flag of `extids serve`.
   */
  faultKinds?: Fault[];
  /**
   * How long the consumer leaves each batch queued after it was accepted before applying it, in
   * ms. Default 0. Tests lengthen it, so that a wait for processing outlasts a first polling
   * stretch. It counts from the acceptance time stored with the batch, so a restart neither loses
   * the batch nor waits again. Not a flag of `extids serve`.
   */
  applyDelayMs?: number;
  /**
   * The wall clock the domains' write clocks read, in ms since the epoch. Default `Date.now`.
   * Tests make it go backwards: write stamps still only increase. Not a flag of `extids serve`.
   */
  now?: () => number;
  /**
   * `normal` (the default): a commit survives a crash or kill of the process, not a power loss or
   * an OS crash, which may take the last commits with it. `full`: every commit is on the disk
   * before it is answered, so it survives those too, at the cost of a sync per write.
   */
  durability?: Durability;
  /**
   * Where the emulator writes its log lines (a damaged database taken out of service), one line
   * each, without a newline. Default: standard error.
   */
  log?: (line: string) => void;
  /** Default 3600. */
  tokenTtlSeconds?: number;
  /** Default `/external-ids/v1`. */
  basePath?: string;
  /**
   * How long a connection may idle or take to send its request, in ms (`ConnectionTimeouts`):
   * default keep-alive 30,000, headers 10,000, the whole request 30,000, silence either way 60,000.
   */
  timeouts?: Partial<ConnectionTimeouts>;
}

export const defaults = {
  port: 4010,
  host: '127.0.0.1',
  dataDir: '.extids',
  domain: 'localhost',
  clientId: 'extids-local',
  clientSecret: 'extids-local-secret',
  username: 'admin',
  password: 'extids-local-password',
  tokenTtlSeconds: 3600,
  basePath: wire.defaultBasePath,
} as const;

/** The connection of the built-in client to an emulator at `url`: what the demo, the studio and the recorder use on their own emulator. */
export const builtInConnection = (url: string) => ({ domain: url, client_id: defaults.clientId, client_secret: defaults.clientSecret });

export interface Client {
  domain: string;
  clientId: string;
  clientSecret: string;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  allowedHosts: string[];
  dataDir: string;
  clients: Client[];
  username: string;
  password: string;
  rateLimit: number;
  rateWindowSeconds: number;
  attemptLimits: AttemptLimits;
  hashConcurrency: number;
  faultRate: number;
  faultKinds: readonly Fault[];
  applyDelayMs: number;
  now: () => number;
  durability: Durability;
  log: (line: string) => void;
  tokenTtlSeconds: number;
  basePath: string;
  timeouts: ConnectionTimeouts;
}

/** Fills in defaults and refuses values that cannot work, naming the option. */
export const resolveOptions = (o: EmulatorOptions = {}): ResolvedOptions => {
  const domain = o.domain ?? defaults.domain;
  const clients: Client[] = [
    { domain, clientId: o.clientId ?? defaults.clientId, clientSecret: o.clientSecret ?? defaults.clientSecret },
    ...(o.clients ?? []),
  ];
  const ids = new Set<string>();
  for (const c of clients) {
    if (!c.domain || !c.clientId || !c.clientSecret) throw new Error('every client needs a domain, a client id and a client secret');
    if (ids.has(c.clientId)) throw new Error(`client id ${c.clientId} is given twice`);
    ids.add(c.clientId);
  }
  const allowedHosts = (o.allowedHosts ?? []).map((h, i) => {
    const host = allowedHost(h);
    if (typeof host !== 'string') throw new Error(`allowedHosts[${i}] ${host.problem}`);
    return host;
  });
  const rateLimit = o.rateLimit ?? 0;
  if (!Number.isInteger(rateLimit) || rateLimit < 0) throw new Error('rateLimit must be a whole number of requests per minute');
  const rateWindowSeconds = o.rateWindowSeconds ?? 60;
  if (!Number.isInteger(rateWindowSeconds) || rateWindowSeconds < 1) throw new Error('rateWindowSeconds must be a whole number of seconds, at least 1');
  const attemptLimits = { ...defaultAttemptLimits, ...o.attemptLimits };
  for (const [name, n] of Object.entries(attemptLimits)) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`attemptLimits.${name} must be a whole number, at least 1`);
  }
  const hashConcurrency = o.hashConcurrency ?? DEFAULT_HASH_CONCURRENCY;
  if (!Number.isInteger(hashConcurrency) || hashConcurrency < 1) throw new Error('hashConcurrency must be a whole number, at least 1');
  const faultRate = o.faultRate ?? 0;
  if (!(faultRate >= 0 && faultRate <= 1)) throw new Error('faultRate must be between 0 and 1');
  const kinds = o.faultKinds ?? faultKinds;
  if (kinds.length === 0 || kinds.some((k) => !faultKinds.includes(k as (typeof faultKinds)[number]))) {
    throw new Error(`faultKinds must list some of ${faultKinds.join(', ')}`);
  }
  const applyDelayMs = o.applyDelayMs ?? 0;
  if (!Number.isInteger(applyDelayMs) || applyDelayMs < 0) throw new Error('applyDelayMs must be a whole number of milliseconds, at least 0');
  const durability = o.durability ?? 'normal';
  if (!durabilities.includes(durability)) throw new Error(`durability must be ${durabilities.join(' or ')}`);
  const tokenTtlSeconds = o.tokenTtlSeconds ?? defaults.tokenTtlSeconds;
  if (!(tokenTtlSeconds > 0)) throw new Error('tokenTtlSeconds must be positive');
  let basePath = o.basePath ?? defaults.basePath;
  if (!basePath.startsWith('/')) basePath = '/' + basePath;
  basePath = basePath.replace(/\/+$/, '');
  return {
    port: o.port ?? defaults.port,
    host: o.host ?? defaults.host,
    allowedHosts,
    dataDir: o.dataDir ?? defaults.dataDir,
    clients,
    username: o.username ?? defaults.username,
    password: o.password ?? defaults.password,
    rateLimit,
    rateWindowSeconds,
    attemptLimits,
    hashConcurrency,
    faultRate,
    faultKinds: kinds,
    applyDelayMs,
    now: o.now ?? Date.now,
    durability,
    log: o.log ?? ((line) => void process.stderr.write(`${line}\n`)),
    tokenTtlSeconds,
    basePath,
    timeouts: resolveTimeouts(o.timeouts),
  };
};
