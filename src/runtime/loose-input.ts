/**
 * Inputs arrive the way recipe tools give them: numbers and booleans as strings, a multiselect as
 * one string joined by commas. Before validating, the runtime brings top-level fields to their
 * schema's type where that is unambiguous; anything else is left for validation to refuse.
 */
import type { JsonSchema } from '../sdk/json-schema';

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/** `"42"` → 42; text that is no safe whole number stays as it is, for validation to refuse. */
export const integerFrom = (value: string): number | string => (INTEGER.test(value.trim()) && Number.isSafeInteger(Number(value)) ? Number(value) : value);

const loosen = (schema: JsonSchema, value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  switch (schema.type) {
    case 'integer':
      return integerFrom(value);
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'array':
      // A multiselect of names: "a,b" → ["a", "b"]; an empty string → [].
      return schema.items?.type === 'string' || schema.items?.$ref
        ? value
            .split(',')
            .map((v) => v.trim())
            .filter((v) => v !== '')
        : value;
    default:
      return value;
  }
};

/** A copy of `input` with its top-level fields loosened to `schema`'s types. */
export const loosenInput = (schema: JsonSchema, input: unknown): unknown => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const property = schema.properties?.[key];
    // Workato sends empty optional fields as null or ""; both mean "not given".
    if ((value === null || value === '') && property && !schema.required?.includes(key)) continue;
    out[key] = property ? loosen(property, value) : value;
  }
  return out;
};
