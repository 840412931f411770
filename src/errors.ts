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
