/**
 * One HTTP exchange as the session tells its observer (`onExchange`), secrets masked, and the one
 * line that tells it: with no Node in them, so that the studio's page reads the same shape and
 * writes the same line as `--verbose`.
 */
export interface RetryEvent {
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  /** `503 unavailable`, `429 rate_limited`, `ECONNRESET`, … */
  reason: string;
}

/** A request as it left the session (before the HTTP library adds User-Agent, Content-Length and Accept-Encoding), secrets masked. */
export interface SentRequest {
  method: string;
  /** The full URL. */
  url: string;
  /** `Authorization: Bearer [redacted]`, `X-Integration-PSK: [redacted]`; any other value with a secret in it masked. */
  headers: Record<string, string>;
  /** The JSON body as sent; the token request's form body is never shown (`[redacted]`); absent when none. */
  body?: unknown;
}

/**
 * One HTTP exchange, as `onExchange` is told of it once it is over: what was sent, what came back
 * (the status and the service's error code, never the answer's body, which may hold a new PSK),
 * how long it took and what the session does next. No secret is in it.
 */
export interface Exchange {
  method: string;
  /** The path as sent, base path included, without any query string: `/external-ids/v1/integrations/…/commands`. */
  path: string;
  /** The path as declared: `/integrations/{integration_uuid}/commands`. */
  template: string;
  /** The HTTP status; 0 when no answer came (see `code`). */
  status: number;
  /** The service's error code (`rate_limited`), or Node's when no answer came (`ECONNRESET`); absent on success. */
  code?: string;
  durationMs: number;
  /** 1 for a request's first try, 2 for its first retry, … */
  attempt: number;
  /** Set when the session sends the request again after a pause. */
  retry?: RetryEvent;
  /** Set when the token was refused (401 invalid_token): the session gets a new one and sends the request again. */
  renewingToken?: boolean;
  request: SentRequest;
}

/** `POST /external-ids/v1/integrations 201 34 ms`, with the retry or token renewal that follows. */
export const exchangeSummary = (e: Exchange): string => {
  const answer = e.status === 0 ? (e.code ?? 'no answer') : `${e.status}${e.code ? ` ${e.code}` : ''}`;
  const tried = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
  const next = e.retry ? `, retry ${e.retry.attempt} in ${e.retry.delayMs} ms` : e.renewingToken ? ', new token' : '';
  return `${e.method} ${e.path} ${answer} ${e.durationMs} ms${tried}${next}`;
};
