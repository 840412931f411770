/** The parts of an action's request that every action shares: path, credentials, body. */
import { operation } from '../../connector/operations';
import { ValidationError } from '../errors';
import type { RequestSpec } from '../sdk/define';
import type { Call } from './session';

/**
 * Fills `{field}` placeholders of a path from the input, each value one encoded path segment. An
 * empty value, `.` or `..` is refused: a URL resolves those (encoded or not) to another path.
 */
export const fillPath = (template: string, values: Record<string, unknown>): string =>
  template.replace(/\{(\w+)\}/g, (_, field: string) => {
    const value = String(values[field] ?? '');
    if (/^(|\.|\.\.)$/.test(value)) {
      const message = `${field} must be given, and not be . or ..`;
      throw new ValidationError(`nothing was sent: ${message}`, [{ path: field, message }]);
    }
    return encodeURIComponent(value);
  });

/** The input fields the request sends, each when given. */
export const pickBody = (fields: readonly string[], input: Record<string, unknown>): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  for (const f of fields) if (input[f] !== undefined) body[f] = input[f];
  return body;
};

/** The call an action's request makes, for one input (and, for chunked requests, one body). */
export const callFor = (spec: Pick<RequestSpec, 'operation' | 'retry'>, input: Record<string, unknown>, body: unknown, extra: Partial<Call> = {}): Call => {
  const { method, path, auth } = operation[spec.operation];
  return {
    method,
    path: fillPath(path, input),
    template: path,
    body: method === 'GET' ? undefined : body,
    psk: auth === 'integration' ? String(input.integration_psk) : undefined,
    retry: spec.retry,
    ...extra,
  };
};
