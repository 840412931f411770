/** ajv's errors in the project's words: each names the path at fault, such as `input.page_size`. */
import type { ErrorObject } from 'ajv';
import { resolveSchema } from '../schemas/resolve';
import type { ErrorDetail } from '../errors';
import type { JsonSchema } from '../sdk/json-schema';
import { pointerKeys, valueAt } from '../values/json';
import { childPath } from './describe';
import { suggest } from './suggest';

/** What a whole value is called when the problem is the value itself and it has no name (a request body). */
const UNNAMED_ROOT = 'body';

/**
 * `/entities/users/user_ids/0` under `input` → `input.entities.users.user_ids[0]`; under the root
 * `''` (a request body) → `entities.users.user_ids[0]`, and the body itself is `body`.
 */
export const pointerToPath = (root: string, pointer: string): string => {
  let path = root;
  for (const key of pointerKeys(pointer)) {
    const step = /^\d+$/.test(key) ? Number(key) : key;
    path = path === '' ? (typeof step === 'number' ? `${UNNAMED_ROOT}[${step}]` : childPath('', step).replace(/^\./, '')) : childPath(path, step);
  }
  return path === '' ? UNNAMED_ROOT : path;
};

/** `path` + `.key`, where `path` may be the unnamed root. */
const fieldPath = (root: string, pointer: string, key: string): string =>
  pointer === '' && root === '' ? childPath('', key).replace(/^\./, '') : childPath(pointerToPath(root, pointer), key);

const typePhrase: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

const formatPhrase: Record<string, string> = { 'date-time': 'an ISO 8601 date-time with an offset', uuid: 'a UUID' };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the errors were checked against, so that a message can name it and suggest what was meant. */
export interface SchemaContext {
  /** The schema the value was validated by (the root of the instance paths). */
  schema: JsonSchema;
  /** What the root value is the input of (`update_integration`): an unknown top-level field is "not a field of" it. */
  subject?: string;
  /** The value validated, to suggest the allowed value meant by a misspelt one. */
  data?: unknown;
}

/** The schema at an instance path (`/entities/users`), following properties, items and `$ref`s; undefined where it cannot tell. */
const schemaAt = (root: JsonSchema, pointer: string): JsonSchema | undefined => {
  let schema: JsonSchema | undefined = resolveSchema(root);
  for (const key of pointerKeys(pointer)) {
    if (!schema) return undefined;
    const next: JsonSchema | undefined = /^\d+$/.test(key) && schema.items ? schema.items : schema.properties?.[key];
    schema = next && resolveSchema(next);
  }
  return schema;
};

/** ` (did you mean X?)` when `input` is a slip of one of `known`, else empty. */
const didYouMean = (input: unknown, known: readonly unknown[]): string => {
  const names = known.filter((k): k is string => typeof k === 'string');
  // Only a name is echoed back (short, of the schema's own alphabet): never a value that may be personal data.
  if (typeof input !== 'string' || names.length === 0) return '';
  const near = suggest(input, names);
  return near ? ` (did you mean ${near}?)` : '';
};

/**
 * ajv's errors in the project's one vocabulary of schema violations, used by the runtime (paths
 * under `input`, `closure`, …) and the service (paths in the request body, root `''`): one detail
 * per problem, each naming its path and never a value.
 */
export const explainSchemaErrors = (errors: readonly ErrorObject[] | null | undefined, root: string, context?: SchemaContext): ErrorDetail[] => {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // A oneOf/anyOf failure repeats its branches' errors, which say more.
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const detail = detailOf(e, root, context);
    if (seen.has(detail.message)) continue;
    seen.add(detail.message);
    details.push(detail);
  }
  return details;
};

const detailOf = (e: ErrorObject, root: string, context: SchemaContext | undefined): ErrorDetail => {
  const at = pointerToPath(root, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const path = fieldPath(root, e.instancePath, p.missingProperty as string);
      return { path, message: `missing required field ${path}` };
    }
    case 'additionalProperties': {
      const field = p.additionalProperty as string;
      const path = fieldPath(root, e.instancePath, field);
      const known = context ? Object.keys(schemaAt(context.schema, e.instancePath)?.properties ?? {}) : [];
      const of = context?.subject && e.instancePath === '' ? `: not a field of ${context.subject}` : '';
      return { path, message: `unknown field ${path}${of}${didYouMean(field, known)}` };
    }
    case 'type':
      return { path: at, message: `${at} must be ${String(p.type).split(',').map((t) => typePhrase[t] ?? t).join(' or ')}` };
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? (p.allowedValues as unknown[]) : [p.allowedValue];
      const words = allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      const suggestion = context ? didYouMean(valueAt(context.data, e.instancePath), allowed) : '';
      return { path: at, message: `${at} must be ${allowed.length === 1 ? words[0] : `one of ${words.join(', ')}`}${suggestion}` };
    }
    case 'format':
      return { path: at, message: `${at} must be ${formatPhrase[p.format as string] ?? `a ${p.format}`}` };
    case 'pattern':
      return { path: at, message: p.pattern === '\\S' ? `${at} must not be blank` : `${at} must match ${p.pattern}` };
    case 'minimum':
      return { path: at, message: `${at} must be at least ${p.limit}` };
    case 'maximum':
      return { path: at, message: `${at} must be at most ${p.limit}` };
    case 'minLength':
      return { path: at, message: p.limit === 1 ? `${at} must not be empty` : `${at} must be at least ${plural(p.limit as number, 'character')}` };
    case 'maxLength':
      return { path: at, message: `${at} must be at most ${plural(p.limit as number, 'character')}` };
    case 'minItems':
      return { path: at, message: `${at} must have at least ${plural(p.limit as number, 'item')}` };
    case 'maxItems':
      return { path: at, message: `${at} must have at most ${plural(p.limit as number, 'item')}` };
    case 'minProperties':
      return { path: at, message: `${at} must have at least ${plural(p.limit as number, 'field')}` };
    case 'uniqueItems':
      return { path: at, message: `${at} must not repeat an item (items ${p.j} and ${p.i} are equal)` };
    default:
      return { path: at, message: `${at} ${e.message ?? 'is invalid'}` };
  }
};
