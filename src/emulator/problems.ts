/**
 * Errors as the contract writes them (§2): `ApiError` values thrown anywhere in a route, turned
 * into `{ error: { code, message, details? } }` in one place. Messages name paths and types,
 * never values: bodies may carry personal data, headers carry secrets.
 */
import { ApiError, type ErrorDetail } from '../errors';
import { validatorFor } from '../validate/ajv';
import { explainSchemaErrors, pointerToPath } from '../validate/schema-errors';
import { errorStatus, type ErrorCode } from '../../connector/model/errors';
import { pointerKey } from '../values/json';

export const apiError = (code: ErrorCode, message: string, details: ErrorDetail[] = []): ApiError =>
  new ApiError(errorStatus[code], code, message, details);

export const errorBody = (e: { code: string; message: string; details?: ErrorDetail[] }): string =>
  JSON.stringify({ error: { code: e.code, message: e.message, ...(e.details?.length ? { details: e.details } : {}) } });

/** Validates a body against one of the published schemas; throws `invalid_request` naming every problem. */
export const checkBody = <T>(file: string, body: unknown, extra: (details: ErrorDetail[]) => ErrorDetail[] = (d) => d): T => {
  const validate = validatorFor(file);
  const details = extra(validate(body) ? [] : explainSchemaErrors(validate.errors, ''));
  if (details.length) throw apiError('invalid_request', `the request body is invalid: ${details[0].message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`, details);
  return body as T;
};

/**
 * How deep a request body may nest, counting the body itself as level 1. Command bodies hold
 * metadata at most 8 levels deep below `commands[i].metadata` (level 4), so no valid body of the
 * contract comes near; the bound keeps every later walk over the body (hashing, validation) shallow.
 */
export const MAX_BODY_DEPTH = 32;

/** A UTF-16 surrogate not part of a pair: JSON allows `"\ud800"`, but UTF-8 cannot store it. */
const LONE_SURROGATE = /\p{Surrogate}/u;

interface Visit {
  value: unknown;
  parent: Visit | undefined;
  key: string | number;
  depth: number;
}

/** The path of a visited value (or of its member `last`), in the words of every other problem. */
const pathTo = (v: Visit, last?: string | number): string => {
  const keys: (string | number)[] = last === undefined ? [] : [last];
  for (let at: Visit | undefined = v; at?.parent; at = at.parent) keys.push(at.key);
  return pointerToPath('', keys.reverse().map((k) => `/${pointerKey(k)}`).join(''));
};

/**
 * The first problem of a parsed body that no schema can see, in document order: a container
 * nested deeper than `MAX_BODY_DEPTH`, or a string (value or key) holding a lone surrogate,
 * which storage would turn into replacement characters. Iterative, so any depth is safe.
 */
export const bodyShapeProblem = (body: unknown): ErrorDetail | undefined => {
  const stack: Visit[] = [{ value: body, parent: undefined, key: '', depth: 1 }];
  while (stack.length) {
    const v = stack.pop()!;
    const { value } = v;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) {
        const path = pathTo(v);
        return { path, message: `${path} must not hold a lone UTF-16 surrogate` };
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (v.depth > MAX_BODY_DEPTH) {
      const path = pathTo(v);
      return { path, message: `${path} is nested deeper than ${MAX_BODY_DEPTH} levels` };
    }
    const children: Visit[] = [];
    if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) children.push({ value: value[k], parent: v, key: k, depth: v.depth + 1 });
    } else {
      for (const key of Object.keys(value)) {
        if (LONE_SURROGATE.test(key)) {
          const path = pathTo(v, key);
          return { path, message: `a field name in ${pathTo(v)} must not hold a lone UTF-16 surrogate` };
        }
        children.push({ value: (value as Record<string, unknown>)[key], parent: v, key, depth: v.depth + 1 });
      }
    }
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
  }
  return undefined;
};
