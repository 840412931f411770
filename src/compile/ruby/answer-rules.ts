/**
 * What an answer's `data` must hold, for connector.rb's `data_of`: the published success schema of
 * an operation read at generation time into one rule per field (required, JSON types, allowed
 * values, shortest length, UUID format), each with the message the Node client gives for it, in
 * the Node client's words (src/validate/schema-errors.ts) and naming the field, never a value.
 * Fields the schema does not name are not held against an answer, as in the Node client; nor are
 * the formats of instants or the items of a list, which the Ruby leaves to the service.
 */
import type { ErrorObject } from 'ajv';
import type { JsonSchema } from '../../sdk/json-schema';
import { resolveSchema } from '../../schemas/resolve';
import { shapeProblem } from '../../validate/answer-shape';
import { explainSchemaErrors } from '../../validate/schema-errors';
import { BATCH_ID, BATCH_ID_RULE } from '../../values/batch-id';
import { UUID_FORMAT } from '../../values/uuid';
import { pointerKey } from '../../values/json';

/** One field's rule as the Ruby reads it; each message is the whole sentence the Ruby says. */
export interface AnswerRule {
  missing?: string;
  types?: [readonly string[], string];
  one_of?: [readonly unknown[], string];
  min_length?: [number, string];
  /** A pattern, its message, and whether the message goes on to name the value's type (", got a string"). */
  match?: [RegExp, string, boolean];
}

const ROOT = 'data';

/** The Node client's message for one schema violation, from ajv's error as it would be raised. */
const said = (error: Pick<ErrorObject, 'keyword' | 'params'> & { field?: string }): string => {
  const instancePath = error.field === undefined ? '' : `/${pointerKey(error.field)}`;
  const [detail] = explainSchemaErrors([{ keyword: error.keyword, params: error.params, instancePath, schemaPath: '' }], ROOT);
  return detail.message;
};

/** The rules of a published success schema's top-level fields. */
export const answerRules = (schema: JsonSchema): Record<string, AnswerRule> => {
  const required = new Set(schema.required ?? []);
  const rules: Record<string, AnswerRule> = {};
  for (const [field, raw] of Object.entries(schema.properties ?? {})) {
    const s = resolveSchema(raw);
    const rule: AnswerRule = {};
    if (required.has(field)) rule.missing = said({ keyword: 'required', params: { missingProperty: field } });
    const types = s.type === undefined ? undefined : ([] as string[]).concat(s.type);
    if (types) rule.types = [types, said({ keyword: 'type', params: { type: types.join(',') }, field })];
    if (s.enum) rule.one_of = [s.enum, said({ keyword: 'enum', params: { allowedValues: s.enum }, field })];
    if (s.minLength) rule.min_length = [s.minLength, said({ keyword: 'minLength', params: { limit: s.minLength }, field })];
    if (s.format === 'uuid') rule.match = [UUID_FORMAT, said({ keyword: 'format', params: { format: 'uuid' }, field }), false];
    rules[field] = rule;
  }
  return rules;
};

/** The batch id of an accepted chunk, as the Node client checks it before it is stored or put in a path. */
export const batchIdRules = (field: string): Record<string, AnswerRule> => ({
  [field]: { missing: shapeProblem({}, { [field]: 'string' }, ROOT), match: [BATCH_ID, `${ROOT}.${field} must be ${BATCH_ID_RULE}`, true] },
});
