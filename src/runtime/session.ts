/**
 * One authenticated conversation with the service: the platform token (acquired, cached until it
 * expires, re-acquired once on a 401), retries with backoff, timeouts, and errors as `ApiError`
 * values that never carry a secret.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { wire } from '../../connector/wire';
import { authTypes } from '../../connector/connection';
import { oauthErrorCodes } from '../../connector/model/errors';
import { ApiError, type ErrorDetail } from '../errors';
import { resolveConnection, type ResolvedConnection } from './connection';
import { redact, redactCode } from './redact';
import { backoffMs, defaultRetryPolicy, parseRetryAfter, sleep, type RetryPolicy } from './retry';

export interface RetryEvent {
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  /** `503 unavailable`, `429 rate_limited`, `ECONNRESET`, … */
  reason: string;
}

export interface SessionOptions {
  /** Per request. Default 60 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Told of every retry, for progress output and tests. */
  onRetry?: (event: RetryEvent) => void;
}

export interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  /** Relative to the base path, placeholders filled. */
  path: string;
  /** The path as declared (`/integrations/{integration_uuid}`), for messages. */
  template: string;
  body?: unknown;
  /** The integration's PSK, for integration-scoped calls. */
  psk?: string;
  idempotencyKey?: string;
  /** Whether failed attempts may be retried. */
  retry: boolean;
}

export interface SessionStats {
  requests: number;
  retries: number;
  tokens: number;
}

/** Transport failures after which the request may or may not have arrived: worth another try. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'EAI_AGAIN']);

export class Session {
  readonly stats: SessionStats = { requests: 0, retries: 0, tokens: 0 };
  private readonly http: AxiosInstance;
  private readonly policy: RetryPolicy;
  private token?: { value: string; renewAt: number };
  private pendingToken?: Promise<string>;
  /** Secret values of this session that must never appear in a message. */
  private readonly secrets: string[];

  constructor(
    readonly connection: ResolvedConnection,
    private readonly options: SessionOptions = {},
  ) {
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.secrets = [connection.clientSecret, connection.password ?? ''];
    const agent = { keepAlive: true, maxSockets: 8 };
    this.http = axios.create({
      baseURL: connection.origin,
      timeout: options.timeoutMs ?? 60_000,
      validateStatus: () => true,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
      httpAgent: new http.Agent(agent),
      httpsAgent: new https.Agent(agent),
      // Redirects would resend credentials elsewhere.
      maxRedirects: 0,
    });
  }

  /** Sends a call and returns the `data` of its answer. */
  async call<T>(call: Call): Promise<T> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.currentToken();
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
      if (call.psk !== undefined) headers[wire.pskHeader] = call.psk;
      if (call.idempotencyKey !== undefined) headers[wire.idempotencyHeader] = call.idempotencyKey;
      const secrets = [token, call.psk];
      let response: AxiosResponse;
      try {
        this.stats.requests++;
        response = await this.http.request({
          method: call.method,
          url: this.connection.basePath + call.path,
          data: call.body,
          headers,
        });
      } catch (e) {
        const code = transportCode(e);
        if (call.retry && DROPPED.has(code) && attempt <= this.policy.maxRetries) {
          await this.pause(call, attempt, code);
          continue;
        }
        throw this.transportError(call, code);
      }
      if (response.status >= 200 && response.status < 300) return (response.data as { data: T })?.data;
      const body = errorBody(response.data);
      // An expired or revoked token: get a new one, once, and try again (not counted as a retry).
      if (response.status === 401 && body.code === 'invalid_token' && !refreshed) {
        refreshed = true;
        this.token = undefined;
        attempt--;
        continue;
      }
      if (call.retry && wire.retryStatuses.includes(response.status as never) && attempt <= this.policy.maxRetries) {
        await this.pause(call, attempt, `${response.status} ${body.code}`, parseRetryAfter(response.headers['retry-after']));
        continue;
      }
      const code = redactCode(body.code, this.secretsWith(secrets));
      throw new ApiError(
        response.status,
        code,
        `${call.method} ${call.template} failed with ${response.status} ${code}: ${this.serverText(body.message, secrets)}`,
        body.details.map((d) => ({ path: this.serverText(d.path, secrets), message: this.serverText(d.message, secrets) })),
      );
    }
  }

  /** The platform token, acquired when there is none or it is about to expire. */
  platformToken(): Promise<string> {
    return this.currentToken();
  }

  private async pause(call: Call, attempt: number, reason: string, retryAfterMs?: number): Promise<void> {
    const delayMs = backoffMs(this.policy, attempt, retryAfterMs);
    this.stats.retries++;
    this.options.onRetry?.({ method: call.method, path: call.template, attempt, delayMs, reason });
    await sleep(delayMs);
  }

  private currentToken(): Promise<string> {
    // Renew early (a minute, or a tenth of a short lifetime), so that a token does not expire on its way.
    if (this.token && this.token.renewAt > Date.now()) return Promise.resolve(this.token.value);
    this.pendingToken ??= this.acquireToken().finally(() => (this.pendingToken = undefined));
    return this.pendingToken;
  }

  private async acquireToken(): Promise<string> {
    const c = this.connection;
    const form = new URLSearchParams({ grant_type: c.authType, client_id: c.clientId, client_secret: c.clientSecret, scope: wire.scope });
    if (c.authType === 'password') {
      form.set('username', c.username ?? '');
      form.set('password', c.password ?? '');
    }
    const call: Call = { method: 'POST', path: wire.tokenPath, template: wire.tokenPath, retry: true };
    for (let attempt = 1; ; attempt++) {
      let response: AxiosResponse;
      try {
        this.stats.requests++;
        response = await this.http.post(wire.tokenPath, form.toString(), {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        });
      } catch (e) {
        const code = transportCode(e);
        if (DROPPED.has(code) && attempt <= this.policy.maxRetries) {
          await this.pause(call, attempt, code);
          continue;
        }
        throw this.transportError(call, code);
      }
      const body = (response.data ?? {}) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
      if (response.status === 200 && typeof body.access_token === 'string') {
        const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
        this.token = { value: body.access_token, renewAt: Date.now() + ttl * 1000 - Math.min(60_000, ttl * 100) };
        this.stats.tokens++;
        return body.access_token;
      }
      if (wire.retryStatuses.includes(response.status as never) && attempt <= this.policy.maxRetries) {
        await this.pause(call, attempt, `${response.status}`, parseRetryAfter(response.headers['retry-after']));
        continue;
      }
      throw this.tokenError(response, attempt - 1);
    }
  }

  /** Why no token came: what the service answered, whether it was retried, and what to change. */
  private tokenError(response: AxiosResponse, retries: number): ApiError {
    const body = errorBody(response.data);
    const code = redactCode(body.code, this.secretsWith([]));
    const said = body.message ? `: ${this.serverText(body.message, [])}` : '';
    const after = retries ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
    const hint = tokenHint(response.status, body.code, this.connection);
    return new ApiError(response.status, code, `could not get a platform token: POST ${wire.tokenPath} answered ${response.status} ${code}${said}${after}${hint ? `; ${hint}` : ''}`);
  }

  // The connector's own words, the origin and Node's error code: nothing a server said, nothing to mask.
  private transportError(call: Call, code: string): ApiError {
    const what = code === 'ECONNREFUSED' ? `nothing answers at ${this.connection.origin}` : `the connection failed (${code})`;
    return new ApiError(0, code, `${call.method} ${call.template} failed: ${what}`);
  }

  private secretsWith(extra: readonly (string | undefined)[]): (string | undefined)[] {
    return [...this.secrets, ...extra, this.token?.value];
  }

  /** Text a server sent, every secret of this session masked. */
  private serverText(text: string, extra: readonly (string | undefined)[]): string {
    return redact(text, this.secretsWith(extra));
  }
}

/** What to change when no token comes, by what the token endpoint answered. */
const tokenHint = (status: number, code: string, connection: ResolvedConnection): string | undefined => {
  if (wire.retryStatuses.includes(status as never)) return 'the service is busy or unavailable: try again later';
  if (code === 'invalid_client') return 'check the client ID and the client secret';
  if (code === 'invalid_grant') return 'check the username and the password';
  if (code === 'unsupported_grant_type') return `check the authentication type (${authTypes.join(' or ')})`;
  // Not the token endpoint's own answer: the domain does not lead to it.
  const url = new URL(connection.origin);
  if (url.pathname !== '/' && url.pathname !== '') return `the domain includes a path (${url.pathname}): give it without one, such as ${url.origin}`;
  if (!(oauthErrorCodes as readonly string[]).includes(code)) return `${connection.origin} does not look like a Docebo platform: check the domain`;
  return undefined;
};

const transportCode = (e: unknown): string => {
  const err = e as { code?: unknown; message?: unknown };
  if (typeof err?.code === 'string') return err.code;
  return typeof err?.message === 'string' && /socket hang up/i.test(err.message) ? 'ECONNRESET' : 'ENETWORK';
};

const errorBody = (data: unknown): { code: string; message: string; details: ErrorDetail[] } => {
  const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } })?.error;
  if (error && typeof error === 'object') {
    return {
      code: typeof error.code === 'string' ? error.code : 'error',
      message: typeof error.message === 'string' ? error.message : 'no message',
      details: Array.isArray(error.details) ? (error.details as ErrorDetail[]).filter((d) => d && typeof d.path === 'string') : [],
    };
  }
  // OAuth-shaped or unexpected bodies.
  const oauth = data as { error?: unknown; error_description?: unknown };
  if (typeof oauth?.error === 'string') return { code: oauth.error, message: String(oauth.error_description ?? ''), details: [] };
  return { code: 'unexpected_response', message: 'the answer was not the service\'s error format', details: [] };
};

/** Sessions by connection, so that tokens are reused across calls with the same credentials. */
const sessions = new Map<string, Session>();

/** The session of a connection, created on first use. The key is a digest: no secret is kept as a key. */
export const sessionFor = (connection: unknown, options?: SessionOptions): Session => {
  const resolved = resolveConnection(connection);
  if (options) return new Session(resolved, options);
  const key = createHash('sha256').update(JSON.stringify(resolved)).digest('hex');
  let session = sessions.get(key);
  if (!session) sessions.set(key, (session = new Session(resolved)));
  return session;
};
