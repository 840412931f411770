/** Errors as values with codes: thrown at the edge, caught where they can be explained to a user. */

export interface ErrorDetail {
  /** Where the problem is, such as `commands[3].course_id`. */
  path: string;
  message: string;
}

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
}

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
}
