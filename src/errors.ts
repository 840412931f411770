/** Errors as values with codes: thrown at the edge, caught where they can be explained to a user. */

export interface ErrorDetail {
  /** Where the problem is, such as `commands[3].course_id`. */
  path: string;
  message: string;
}

/**
 * A mark shared by every copy of this module (the CommonJS and the ESM build are two copies, with
 * two classes): `instanceof` asks for the mark, so it holds whichever build threw.
 */
const brand = (name: string): symbol => Symbol.for(`docebo-external-ids-connector.${name}`);
const VALIDATION = brand('ValidationError');
const API = brand('ApiError');

const marked = (value: unknown, mark: symbol): boolean => typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[mark] === true;

/** Input that does not fit the definition. Nothing was sent. */
export class ValidationError extends Error {
  readonly code = 'invalid_request';
  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ValidationError';
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return marked(value, VALIDATION);
  }
}
Object.defineProperty(ValidationError.prototype, VALIDATION, { value: true });

/** A failed call to the External IDs service (or to reach it), explained without any secret. */
export class ApiError extends Error {
  constructor(
    /** The HTTP status, or 0 when no answer came (connection refused, dropped, timed out). */
    readonly status: number,
    /** The contract's error code (`invalid_request`, `rate_limited`, …), or a transport code. */
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * Set when Run commands failed after the service had accepted some of its chunks: their batch
   * ids (those commands are queued: wait for them), and the run's execution id (run the same
   * commands again with it to resume: the accepted chunks send the same Idempotency-Keys, and are
   * not queued twice).
   */
  acceptedBatchIds?: readonly string[];
  executionId?: string;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return marked(value, API);
  }
}
Object.defineProperty(ApiError.prototype, API, { value: true });
