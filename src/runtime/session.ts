/**
 * One authenticated conversation with the service: the platform token (acquired, cached until it
 * expires, re-acquired once on a 401), retries with backoff, a deadline per attempt, a bound on
 * the size of an answer, and errors as `ApiError` values that never carry a secret.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import axios, { AxiosHeaders, type AxiosAdapter, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { wire } from '../../connector/wire';
import { authTypes } from '../../connector/connection';
import { oauthErrorCodes } from '../../connector/model/errors';
import { ApiError, ValidationError, type ErrorDetail } from '../errors';
import { describeValue } from '../validate/describe';
import type { AnswerCheck } from '../validate/answer-shape';
import { plainHttpWarning, resolveConnection, type ResolvedConnection } from './connection';
import { REDACTED, redact, redactCode } from './redact';
import { backoffMs, defaultRetryPolicy, parseRetryAfter, sleep, type RetryPolicy } from './retry';
import type { Exchange, RetryEvent, SentRequest } from './exchange';

export type { Exchange, RetryEvent, SentRequest } from './exchange';

/** What a `transport` answers instead of the network. */
export interface TransportResponse {
  status: number;
  headers?: Record<string, string>;
  /** The parsed JSON answer. */
  body?: unknown;
}

/** A request handed to a `transport`: unmasked, as it would be sent. */
export interface TransportRequest {
  method: string;
  url: string;
  /** The path after the origin, base path included. */
  path: string;
  headers: Record<string, string>;
  /** The JSON body (parsed), or the token request's form body (a string). */
  body?: unknown;
}

/** Answers requests in place of the network (a dry run, a test): nothing is sent when a session has one. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export interface SessionOptions {
  /**
   * The deadline of each attempt, in milliseconds: from sending the request until its whole answer
   * has arrived (connecting, the headers and the body). Default 60,000. Each retry gets a deadline
   * of its own: a call takes at most (`retry.maxRetries` + 1) deadlines plus the pauses between
   * them (each at most `retry.maxDelayMs`, or a `Retry-After` of at most `retry.maxRetryAfterMs`).
   */
  timeoutMs?: number;
  /**
   * The largest answer read, in bytes, as sent (`Content-Length`) and once decompressed; beyond
   * it the call fails with `response_too_large` and the client stops reading. Default 64 MiB.
   */
  maxResponseBytes?: number;
  /**
   * Told of what is worth a word about the connection (plain http:// to a host other than this
   * machine), once per session. Default: a line on stderr, once per origin in a process.
   */
  onWarning?: (message: string) => void;
  retry?: Partial<RetryPolicy>;
  /** Told of every retry, for progress output and tests. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Told of every HTTP exchange once it is over, the token request's included, in the order they
   * end: for logs (`extids --verbose` prints one line each), metrics and tests. Secrets are masked;
   * told of a retried exchange before the pause (`retry` says how long), and before `onRetry`.
   */
  onExchange?: (exchange: Exchange) => void;
  /** Answers every request instead of the network (`extids exec --dry-run` uses one). */
  transport?: Transport;
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
  /**
   * Whether sending the call again is safe (a read, a query, a PATCH of whole values, a POST
   * carrying an Idempotency-Key): only then are failed attempts retried, including those that may
   * have reached the service (a connection cut before or during the answer, a deadline passed).
   */
  retry: boolean;
  /** What the answer's `data` must be, beyond an object; the runtime reads only what passed. */
  answer?: AnswerCheck;
}

export interface SessionStats {
  requests: number;
  retries: number;
  tokens: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
/** A page of 1000 mappings, each with metadata of the most 16 KiB, is some 17 MiB: room for four. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Transport failures after which the request may or may not have arrived: worth another try. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'EAI_AGAIN']);
const TOO_LARGE = 'response_too_large';
const UNEXPECTED = 'unexpected_response';

/** An answer read whole: its status, its headers and its body parsed (undefined when empty). */
interface Answer {
  status: number;
  headers: Record<string, unknown>;
  data: unknown;
  /** The body was there but not JSON (nor decompressible). */
  notJson?: true;
}

/** No whole answer: Node's code (`ECONNRESET`), `ETIMEDOUT` at the deadline, or `response_too_large`. */
interface Failure {
  code: string;
  /** The answer's status when its headers had come. */
  answered?: number;
}

/** What one request came to: an answer, or a failure. */
type Sent = { answer: Answer; failure?: undefined; exchange: Exchange } | { answer?: undefined; failure: Failure; exchange: Exchange };

/** A positive whole number option, its default when not given; anything else is refused, naming it. */
const positiveOption = (options: SessionOptions, name: 'timeoutMs' | 'maxResponseBytes', fallback: number): number => {
  const value = options[name];
  if (value === undefined) return fallback;
  if (Number.isSafeInteger(value) && value > 0) return value;
  const message = `${name} must be a positive whole number, got ${describeValue(value)}`;
  throw new ValidationError(`invalid session options: ${message}`, [{ path: name, message }]);
};

export class Session {
  readonly stats: SessionStats = { requests: 0, retries: 0, tokens: 0 };
  private readonly http: AxiosInstance;
  private readonly policy: RetryPolicy;
  private token?: { value: string; renewAt: number };
  private pendingToken?: Promise<string>;
  /** Secret values of this session that must never appear in a message. */
  private readonly secrets: string[];
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(
    readonly connection: ResolvedConnection,
    private readonly options: SessionOptions = {},
  ) {
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.secrets = [connection.clientSecret, connection.password ?? ''];
    this.timeoutMs = positiveOption(options, 'timeoutMs', DEFAULT_TIMEOUT_MS);
    this.maxResponseBytes = positiveOption(options, 'maxResponseBytes', DEFAULT_MAX_RESPONSE_BYTES);
    warnOfPlainHttp(connection, options.onWarning);
    const agent = { keepAlive: true, maxSockets: 8 };
    this.http = axios.create({
      baseURL: connection.origin,
      validateStatus: () => true,
      maxBodyLength: Infinity,
      // The session reads the body itself (readAnswer): bounded, under the deadline, parsed once.
      responseType: 'stream',
      maxContentLength: -1,
      transformResponse: [(data: unknown) => data],
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
      const { answer, failure, exchange } = await this.send(call, attempt, { method: call.method, url: this.connection.basePath + call.path, data: call.body, headers }, secrets);
      if (failure) {
        exchange.code = failure.code;
        if (call.retry && DROPPED.has(failure.code) && attempt <= this.policy.maxRetries) {
          await this.pause(call, attempt, failure.code, undefined, exchange);
          continue;
        }
        this.observe(exchange);
        throw this.transportError(call, failure);
      }
      if (answer.status >= 200 && answer.status < 300) {
        const problem = answer.notJson ? 'with a body that is not JSON' : envelopeProblem(answer.data, call.answer);
        if (problem) {
          exchange.code = UNEXPECTED;
          this.observe(exchange);
          throw new ApiError(answer.status, UNEXPECTED, `${call.method} ${call.template} answered ${answer.status} ${problem}`);
        }
        this.observe(exchange);
        return (answer.data as { data: T }).data;
      }
      const body = errorBody(answer.data);
      const code = redactCode(body.code, this.secretsWith(secrets));
      exchange.code = code;
      // An expired or revoked token: get a new one, once, and try again (not counted as a retry).
      if (answer.status === 401 && body.code === 'invalid_token' && !refreshed) {
        this.observe({ ...exchange, renewingToken: true });
        refreshed = true;
        this.token = undefined;
        attempt--;
        continue;
      }
      if (call.retry && wire.retryStatuses.includes(answer.status as never) && attempt <= this.policy.maxRetries) {
        await this.pause(call, attempt, `${answer.status} ${code}`, parseRetryAfter(answer.headers['retry-after']), exchange);
        continue;
      }
      this.observe(exchange);
      throw new ApiError(
        answer.status,
        code,
        `${call.method} ${call.template} failed with ${answer.status} ${code}: ${this.serverText(body.message, secrets)}`,
        body.details.map((d) => ({ path: this.serverText(d.path, secrets), message: this.serverText(d.message, secrets) })),
      );
    }
  }

  /** The platform token, acquired when there is none or it is about to expire. */
  platformToken(): Promise<string> {
    return this.currentToken();
  }

  private async pause(call: Call, attempt: number, reason: string, retryAfterMs: number | undefined, exchange: Exchange): Promise<void> {
    const delayMs = backoffMs(this.policy, attempt, retryAfterMs);
    this.stats.retries++;
    const event: RetryEvent = { method: call.method, path: call.template, attempt, delayMs, reason };
    this.observe({ ...exchange, retry: event });
    this.options.onRetry?.(event);
    await sleep(delayMs);
  }

  private observe(exchange: Exchange): void {
    this.options.onExchange?.(exchange);
  }

  /**
   * One HTTP request: through the network, or the session's `transport`, under a deadline that
   * covers the whole answer. What left is caught where the HTTP library hands it over (its body
   * serialized, its content type set), so that an observer sees the request as sent, the same
   * whichever answers it.
   */
  private async send(
    call: Call,
    attempt: number,
    config: AxiosRequestConfig,
    secrets: readonly (string | undefined)[],
  ): Promise<Sent> {
    const path = (config.url ?? '').replace(/\?.*$/, '');
    const masked = (text: string) => redact(text, this.secretsWith(secrets));
    let request: SentRequest = { method: call.method, url: masked(this.connection.origin + path), headers: {} };
    const inner = this.options.transport ? transportAdapter(this.options.transport, this.connection.origin) : networkAdapter;
    const adapter: AxiosAdapter = (sent) => {
      // Only for an observer: a body of megabytes is not parsed back for nothing.
      if (this.options.onExchange) request = sentRequest(sent, this.connection.origin, path === wire.tokenPath, masked);
      return inner(sent);
    };
    const started = performance.now();
    const exchange = (status: number): Exchange => ({
      method: call.method,
      path: masked(path),
      template: call.template,
      status,
      durationMs: Math.round(performance.now() - started),
      attempt,
      request,
    });
    this.stats.requests++;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    let answered: number | undefined;
    try {
      const response = await this.http.request({ ...config, adapter, signal: deadline.signal });
      answered = response.status;
      const body = await readAnswer(response, this.maxResponseBytes);
      return { answer: { status: response.status, headers: response.headers, ...body }, exchange: exchange(response.status) };
    } catch (error) {
      const code = deadline.signal.aborted ? 'ETIMEDOUT' : error instanceof ResponseTooLarge ? TOO_LARGE : transportCode(error);
      // Too large is an answer, refused: its status is told; any other failure left no answer.
      return { failure: { code, answered }, exchange: exchange(code === TOO_LARGE ? answered! : 0) };
    } finally {
      clearTimeout(timer);
    }
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
      const { answer: response, failure, exchange } = await this.send(
        call,
        attempt,
        { method: 'POST', url: wire.tokenPath, data: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' } },
        [],
      );
      if (failure) {
        exchange.code = failure.code;
        if (DROPPED.has(failure.code) && attempt <= this.policy.maxRetries) {
          await this.pause(call, attempt, failure.code, undefined, exchange);
          continue;
        }
        this.observe(exchange);
        throw this.transportError(call, failure);
      }
      const body = (response.data ?? {}) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
      if (response.status !== 200 || typeof body.access_token !== 'string') exchange.code = redactCode(errorBody(response.data).code, this.secretsWith([]));
      if (response.status === 200 && typeof body.access_token === 'string') {
        this.observe(exchange);
        const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
        this.token = { value: body.access_token, renewAt: Date.now() + ttl * 1000 - Math.min(60_000, ttl * 100) };
        this.stats.tokens++;
        return body.access_token;
      }
      if (wire.retryStatuses.includes(response.status as never) && attempt <= this.policy.maxRetries) {
        await this.pause(call, attempt, `${response.status}`, parseRetryAfter(response.headers['retry-after']), exchange);
        continue;
      }
      this.observe(exchange);
      throw this.tokenError(response, attempt - 1);
    }
  }

  /** Why no token came: what the service answered, whether it was retried, and what to change. */
  private tokenError(response: Answer, retries: number): ApiError {
    const body = errorBody(response.data);
    const code = redactCode(body.code, this.secretsWith([]));
    const said = body.message ? `: ${this.serverText(body.message, [])}` : '';
    const after = retries ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
    const hint = tokenHint(response.status, body.code, this.connection);
    return new ApiError(response.status, code, `could not get a platform token: POST ${wire.tokenPath} answered ${response.status} ${code}${said}${after}${hint ? `; ${hint}` : ''}`);
  }

  // The connector's own words, the origin and Node's error code: nothing a server said, nothing to mask.
  private transportError(call: Call, { code, answered }: Failure): ApiError {
    if (code === TOO_LARGE) {
      const most = this.maxResponseBytes;
      return new ApiError(answered!, code, `${call.method} ${call.template} answered ${answered} with more than ${most} bytes (${sizeText(most)}), the most this client reads (maxResponseBytes)`);
    }
    const what =
      code === 'ECONNREFUSED'
        ? `nothing answers at ${this.connection.origin}`
        : code === 'ETIMEDOUT'
          ? `no complete answer within ${this.timeoutMs} ms (${code})`
          : answered !== undefined
            ? `the connection was cut while the answer (${answered}) arrived (${code})`
            : `the connection failed (${code})`;
    const hint = plainHttpHint(this.connection, code);
    return new ApiError(0, code, `${call.method} ${call.template} failed: ${what}${hint ? ` (${hint})` : ''}`);
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

/** An answer beyond `maxResponseBytes`: refused, not read. */
class ResponseTooLarge extends Error {}

/**
 * The body of an answer, read as it streams in, at most `limit` bytes (decompressed), and parsed.
 * Beyond the limit it stops reading and hangs up; a `transport`'s answer is parsed already.
 */
const readAnswer = async (response: AxiosResponse, limit: number): Promise<Pick<Answer, 'data' | 'notJson'>> => {
  const source: unknown = response.data;
  if (!(source instanceof Readable)) return { data: source };
  const hangUp = () => {
    source.destroy();
    (response.request as http.ClientRequest | undefined)?.destroy?.();
  };
  if (Number(response.headers['content-length']) > limit) {
    hangUp();
    throw new ResponseTooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        hangUp();
        throw new ResponseTooLarge();
      }
      chunks.push(chunk);
    }
  } catch (error) {
    // A body that says it is compressed and is not: unreadable, as a body that is not JSON.
    if (/^Z_/.test(String((error as { code?: unknown }).code))) return { data: undefined, notJson: true };
    throw error;
  }
  const text = Buffer.concat(chunks, size).toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return { data: undefined };
  try {
    return { data: JSON.parse(text) };
  } catch {
    return { data: undefined, notJson: true };
  }
};

/** How a 2xx answer is not the contract's `{ data: … }`, in words naming the field; undefined when it is. */
const envelopeProblem = (body: unknown, check: AnswerCheck | undefined): string | undefined => {
  const data = (body as { data?: unknown } | undefined)?.data;
  const problem =
    typeof body !== 'object' || body === null || Array.isArray(body)
      ? `the body must be an object, got ${body === undefined ? 'none' : Array.isArray(body) ? 'an array' : typeof body}`
      : data === undefined
        ? 'data is missing'
        : typeof data !== 'object' || data === null || Array.isArray(data)
          ? `data must be an object, got ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`
          : check?.(data);
  return problem && `with an unexpected body: ${problem}`;
};

/** `1 MiB`, `512 KiB`, `1.5 MiB`: a size for people. */
const sizeText = (bytes: number): string => {
  const [unit, size] = bytes >= 1024 * 1024 ? ['MiB', 1024 * 1024] : bytes >= 1024 ? ['KiB', 1024] : ['bytes', 1];
  return `${Math.round((bytes / (size as number)) * 10) / 10} ${unit}`;
};

/** Origins warned of on stderr in this process: once each, however many sessions. */
const warnedOrigins = new Set<string>();

/** Says that a plain-HTTP connection to another machine sends secrets unencrypted: once per session to `onWarning`, else once per origin on stderr. */
const warnOfPlainHttp = (connection: ResolvedConnection, onWarning?: (message: string) => void): void => {
  const warning = plainHttpWarning(connection.origin);
  if (!warning) return;
  if (onWarning) return onWarning(warning);
  if (warnedOrigins.has(connection.origin)) return;
  warnedOrigins.add(connection.origin);
  process.stderr.write(`warning: ${warning}\n`);
};

/** The HTTP library's own adapter: the network. */
const networkAdapter: AxiosAdapter = axios.getAdapter(axios.defaults.adapter);

/** Header values with a secret in them, by name: masked whole. */
const SECRET_HEADERS: Record<string, (value: string) => string> = {
  authorization: (value) => value.replace(/^(\w+\s+).*$/s, `$1${REDACTED}`),
  [wire.pskHeader.toLowerCase()]: () => REDACTED,
};

/** The request the HTTP library was handed, secrets masked. */
const sentRequest = (sent: InternalAxiosRequestConfig, origin: string, isToken: boolean, masked: (text: string) => string): SentRequest => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(AxiosHeaders.from(sent.headers).toJSON())) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    headers[name] = SECRET_HEADERS[name.toLowerCase()]?.(text) ?? masked(text);
  }
  const request: SentRequest = { method: String(sent.method ?? 'get').toUpperCase(), url: masked(origin + (sent.url ?? '')), headers };
  if (sent.data !== undefined && sent.data !== null) request.body = isToken ? REDACTED : parsedBody(sent.data);
  return request;
};

const parsedBody = (data: unknown): unknown => {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
};

/** An adapter that hands requests to a `transport` and its answers back as the network's. */
const transportAdapter =
  (transport: Transport, origin: string): AxiosAdapter =>
  async (sent) => {
    const path = sent.url ?? '';
    const answer = await transport({
      method: String(sent.method ?? 'get').toUpperCase(),
      url: origin + path,
      path,
      headers: Object.fromEntries(Object.entries(AxiosHeaders.from(sent.headers).toJSON()).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
      body: path === wire.tokenPath ? sent.data : parsedBody(sent.data),
    });
    return { data: answer.body, status: answer.status, statusText: '', headers: AxiosHeaders.from(answer.headers ?? {}), config: sent, request: {} };
  };

/** TLS failing as it does when HTTPS meets a plain-HTTP server (`wrong version number`). */
const TLS_FAILURE = (code: string): boolean => code === 'EPROTO' || code.startsWith('ERR_SSL_');

/**
 * A domain given without a scheme (`localhost:4010`) is reached over HTTPS; an emulator or a local
 * service usually speaks plain HTTP there: say how to write it, when the failure looks like that.
 */
const plainHttpHint = (connection: ResolvedConnection, code: string): string | undefined => {
  if (!connection.schemeAssumed) return undefined;
  const url = new URL(connection.origin);
  const refusedOffStandardPort = code === 'ECONNREFUSED' && url.port !== '' && url.port !== '443';
  if (!TLS_FAILURE(code) && !refusedOffStandardPort) return undefined;
  return `is it a plain-HTTP emulator? write http://${url.host}`;
};

const transportCode = (e: unknown): string => {
  const err = e as { code?: unknown; message?: unknown };
  // A body stream that ended before its end: the connection was cut.
  if (err?.code === 'ERR_STREAM_PREMATURE_CLOSE') return 'ECONNRESET';
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
