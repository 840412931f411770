/**
 * When and how long to wait before another try: exponential backoff with full jitter, honouring
 * the service's `Retry-After`, at most `maxRetries` (Workato's cap is 3).
 */
export interface RetryPolicy {
  maxRetries: number;
  /** The first backoff's ceiling; each later one doubles. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest `Retry-After` honoured; a longer one is capped, not obeyed. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

/** `Retry-After` as milliseconds: delta seconds or an HTTP date; undefined when absent or unreadable. */
export const parseRetryAfter = (value: unknown, now = Date.now()): number | undefined => {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

/** The wait before retry number `attempt` (1-based). */
export const backoffMs = (policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random): number => {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
