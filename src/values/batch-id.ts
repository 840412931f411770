/**
 * A batch id as the service hands them out: one path segment of unreserved characters, starting
 * with a letter or a digit, so that it can never be `.`, `..` or reach another path of the origin.
 * The Node client and the generated connector.rb check ids against this before putting one in a path.
 */
export const BATCH_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,254}$/;

/** What a batch id must be, in words (an error says it after "must be"). */
export const BATCH_ID_RULE = 'a batch id as Run commands returns it (letters, digits and - _ . ~, from a letter or a digit, at most 255)';

/** Whether `value` is a batch id. */
export const isBatchId = (value: unknown): value is string => typeof value === 'string' && BATCH_ID.test(value);
