/** ajv's errors in the project's words: each names the path at fault, such as `input.page_size`. */
import type { ErrorObject } from 'ajv';
import { resolveSchema } from '../schemas/resolve';
import type { ErrorDetail } from '../errors';
import type { JsonSchema } from '../sdk/json-schema';
import { suggest } from './suggest';
import { pointerKeys } from '../values/json';

/** `/entities/users/user_ids/0` → `entities.users.user_ids[0]`. */
export const pointerToPath = (root: string, pointer: string): string =>
  pointerKeys(pointer).reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : `${path}.${part}`), root);

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

/** The value at an instance path. */
const valueAt = (data: unknown, pointer: string): unknown =>
  pointerKeys(pointer).reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined), data);

/** ` (did you mean X?)` when `input` is a slip of one of `known`, else empty. */
const didYouMean = (input: unknown, known: readonly unknown[]): string => {
  const names = known.filter((k): k is string => typeof k === 'string');
  // Only a name is echoed back (short, of the schema's own alphabet): never a value that may be personal data.
  if (typeof input !== 'string' || names.length === 0) return '';
  const near = suggest(input, names);
  return near ? ` (did you mean ${near}?)` : '';
};

export const explainSchemaErrors = (errors: readonly ErrorObject[] | null | undefined, root: string, context?: SchemaContext): ErrorDetail[] => {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let path = pointerToPath(root, e.instancePath);
    let message: string;
    if (e.keyword === 'required') {
      path = `${path}.${e.params.missingProperty}`;
      message = `${path} is required`;
    } else if (e.keyword === 'additionalProperties') {
      const field = e.params.additionalProperty as string;
      path = `${path}.${field}`;
      const known = context ? Object.keys(schemaAt(context.schema, e.instancePath)?.properties ?? {}) : [];
      const of = context?.subject && e.instancePath === '' ? `not a field of ${context.subject}` : 'not a known field';
      message = `${path} is ${of}${didYouMean(field, known)}`;
    } else if (e.keyword === 'enum') {
      const allowed = e.params.allowedValues as unknown[];
      message = `${path} must be one of ${allowed.join(', ')}${context ? didYouMean(valueAt(context.data, e.instancePath), allowed) : ''}`;
    } else if (e.keyword === 'format') {
      message = `${path} must be ${e.params.format === 'date-time' ? 'an ISO 8601 date-time with an offset' : `a ${e.params.format}`}`;
    } else message = `${path} ${e.message ?? 'is invalid'}`;
    if (seen.has(message)) continue;
    seen.add(message);
    details.push({ path, message });
  }
  return details;
};
