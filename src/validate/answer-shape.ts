/**
 * The shape of an answer's `data` as the runtime reads it: the fields it relies on and their JSON
 * types, checked before it reads them, so that an answer of another shape is an
 * `unexpected_response` naming the field rather than a TypeError deep in the runtime. Fields the
 * runtime does not read are not checked: a service may add some.
 */
import { schemaId } from '../../connector/model/ids';
import type { JsonSchema } from '../sdk/json-schema';
import { childPath, describeValue } from './describe';
import { validatorFor } from './ajv';
import { explainSchemaErrors } from './schema-errors';
import { isPlainObject } from '../values/json';

/**
 * `'string'`, `'integer'`, `'boolean'`, `'object'`, `'array'`, `'null'`, or several joined by `|`;
 * an object of field shapes (a field ending in `?` may be absent); a one-element array: an array
 * of that shape; or a function saying what is wrong with a value (undefined when nothing is).
 */
export type Shape = string | { readonly [field: string]: Shape } | readonly [Shape] | ((value: unknown) => string | undefined);

/** What an answer's `data` must be: a problem in words naming the field, or undefined. */
export type AnswerCheck = (data: unknown) => string | undefined;


const TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isSafeInteger(v),
  boolean: (v) => typeof v === 'boolean',
  object: isPlainObject,
  array: Array.isArray,
  null: (v) => v === null,
};

const typeName = (t: string): string => (t === 'array' || t === 'object' || t === 'integer' ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`);

/** The first problem of `value` at `path` against `shape`. */
export const shapeProblem = (value: unknown, shape: Shape, path: string): string | undefined => {
  if (typeof shape === 'function') {
    const problem = shape(value);
    return problem && `${path} ${problem}`;
  }
  if (typeof shape === 'string') {
    const types = shape.split('|');
    return types.some((t) => TYPES[t](value)) ? undefined : `${path} must be ${types.map(typeName).join(' or ')}, got ${describeValue(value)}`;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `${path} must be an array, got ${describeValue(value)}`;
    for (let i = 0; i < value.length; i++) {
      const problem = shapeProblem(value[i], shape[0], childPath(path, i));
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return `${path} must be an object, got ${describeValue(value)}`;
  for (const [key, fieldShape] of Object.entries(shape as Record<string, Shape>)) {
    const optional = key.endsWith('?');
    const field = optional ? key.slice(0, -1) : key;
    const at = childPath(path, field);
    if (value[field] === undefined) {
      if (optional) continue;
      return `${at} is missing`;
    }
    const problem = shapeProblem(value[field], fieldShape, at);
    if (problem) return problem;
  }
  return undefined;
};

/** The check of an answer whose `data` has `shape`, then passes `checks` (in order; the first problem is told). */
export const shaped =
  (shape: Shape, ...checks: AnswerCheck[]): AnswerCheck =>
  (data) => {
    const problem = shapeProblem(data, shape, 'data');
    if (problem) return problem;
    for (const check of checks) {
      const found = check(data);
      if (found) return found;
    }
    return undefined;
  };

/** Keywords that refuse fields a schema does not name: a service may add some, so they are not held against it. */
const CLOSED = new Set(['additionalProperties', 'unevaluatedProperties']);

/**
 * The check of an answer whose `data` is a published schema's (`created-integration.json`): every
 * problem but an added field, named by path and never by value (the answer may hold a PSK).
 */
export const published = (schema: JsonSchema): AnswerCheck => {
  const validate = validatorFor(schema.$id!.slice(schemaId('').length));
  return (data) => {
    if (validate(data)) return undefined;
    const problems = explainSchemaErrors((validate.errors ?? []).filter((e) => !CLOSED.has(e.keyword)), 'data');
    return problems.length ? problems.map((p) => p.message).join('; ') : undefined;
  };
};
