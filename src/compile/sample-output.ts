/**
 * A sample of each action's output, derived from its output schema, so that a recipe shows
 * datapills with plausible values before the step has ever run (Workato's `sample_output`).
 */
import { exampleValue } from './examples';
import type { JsonSchema } from '../sdk/json-schema';
import { resolveSchema } from '../schemas/resolve';
import { mainType } from './workato-fields';

const SAMPLE_TIME = '2026-11-27T21:38:36.123Z';

export const sampleOf = (raw: JsonSchema, name = ''): unknown => {
  const schema = resolveSchema(raw);
  if (schema.enum) return schema.enum[0];
  switch (mainType(schema)) {
    case 'object':
      if (!schema.properties) return name === 'metadata' ? exampleValue('metadata', 0) : {};
      return Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, sampleOf(s, k)]));
    case 'array':
      return schema.items ? [sampleOf(schema.items, name)] : [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'date-time') return SAMPLE_TIME;
      if (schema.format === 'uuid') return exampleValue('internal_uuid', 0);
      return name;
    default:
      return name === 'metadata' ? exampleValue('metadata', 0) : null;
  }
};
