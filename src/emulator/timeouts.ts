/**
 * How long a connection may hold the server: idle between requests, sending its headers, sending
 * its whole request, or silent either way. Without these a client that connects and waits, or
 * drips a byte at a time, keeps its socket (and whatever its request holds) for minutes; fastify's
 * own defaults are 72 s of keep-alive and no request timeout at all. A request cut by one is
 * answered by the server's client error handler (408 `request_timeout`).
 */
import type { ServerOptions } from 'node:http';

export interface ConnectionTimeouts {
  /**
   * An idle keep-alive connection is closed after this many ms without a new request (Node adds a
   * second). Default 30,000: a client in the same process whose event loop is held longer than
   * this (a test running queries in-process) would meet a reset on its next request.
   */
  keepAliveMs: number;
  /** The request line and headers must arrive within this many ms of the request's start. Default 10,000. */
  headersMs: number;
  /** The whole request, body included, must arrive within this many ms; at least `headersMs`. Default 30,000. */
  requestMs: number;
  /** A connection with no traffic either way (a client that stops reading its answer) is closed after this many ms. Default 60,000. */
  idleMs: number;
}

export const defaultTimeouts: ConnectionTimeouts = { keepAliveMs: 30_000, headersMs: 10_000, requestMs: 30_000, idleMs: 60_000 };

/** The timeouts given, over the defaults; refuses those that cannot work, naming the option. */
export const resolveTimeouts = (given: Partial<ConnectionTimeouts> = {}): ConnectionTimeouts => {
  const t = { ...defaultTimeouts, ...given };
  for (const [name, ms] of Object.entries(t)) {
    if (!Number.isInteger(ms) || ms < 1) throw new Error(`timeouts.${name} must be a whole number of milliseconds, at least 1`);
  }
  // Node refuses a headers timeout beyond the request timeout, which contains it.
  if (t.headersMs > t.requestMs) throw new Error('timeouts.headersMs must not exceed timeouts.requestMs');
  return t;
};

/**
 * The server options that enforce them. Node checks the headers and request timeouts on an
 * interval (30 s by default, which would let a timeout of seconds run half a minute late): a
 * quarter of the shorter one, between 10 ms and 1 s.
 */
export const serverTimeoutOptions = (t: ConnectionTimeouts): { keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number; http: ServerOptions } => ({
  keepAliveTimeout: t.keepAliveMs,
  requestTimeout: t.requestMs,
  connectionTimeout: t.idleMs,
  // Node's own, at the server's creation: it checks the headers timeout against the request timeout.
  http: {
    headersTimeout: t.headersMs,
    requestTimeout: t.requestMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(Math.min(t.headersMs, t.requestMs) / 4))),
  },
});
