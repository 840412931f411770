/**
 * Metadata: a JSON object whose values are strings, finite numbers, booleans, null, or nested
 * objects/arrays of those; at most 8 levels deep (the object itself is level 1) and 16 KiB
 * serialized (docs/contract.md §4).
 */
import type { JsonSchema } from '../../src/sdk/json-schema';
import { entityId } from './entity-id';
import { schemaId } from './ids';

export const METADATA_MAX_DEPTH = 8;
export const METADATA_MAX_BYTES = 16 * 1024;
/** Numbers beyond it are not carried exactly by JSON, as for ids: refused, not stored as another. */
export const METADATA_MAX_NUMBER = entityId.maximum;

const scalar = { type: ['string', 'number', 'boolean', 'null'], minimum: -METADATA_MAX_NUMBER, maximum: METADATA_MAX_NUMBER } as const;

/**
 * `metadataLevel<N>`: a value held by a container at level N-1, so itself at level N if a container.
 * One `type` list with applicators (rather than `anyOf` branches) keeps validation a single pass.
 */
const valueDefs = (): Record<string, JsonSchema> => {
  const defs: Record<string, JsonSchema> = {};
  for (let level = 2; level <= METADATA_MAX_DEPTH; level++) {
    const child = { $ref: `#/$defs/metadataLevel${level + 1}` };
    defs[`metadataLevel${level}`] = {
      type: [...scalar.type, 'object', 'array'],
      minimum: scalar.minimum,
      maximum: scalar.maximum,
      additionalProperties: child,
      items: child,
    };
  }
  defs[`metadataLevel${METADATA_MAX_DEPTH + 1}`] = scalar;
  return defs;
};

export const metadataSchema = {
  $id: schemaId('metadata.json'),
  title: 'Metadata',
  description: `Key-value pairs stored with a mapping. Values are strings, numbers within ±${METADATA_MAX_NUMBER}, booleans, null, or nested objects and arrays of those; at most ${METADATA_MAX_DEPTH} levels deep and ${METADATA_MAX_BYTES} bytes serialized.`,
  type: 'object',
  additionalProperties: { $ref: '#/$defs/metadataLevel2' },
  'x-maxJsonBytes': METADATA_MAX_BYTES,
  $defs: valueDefs(),
} as const satisfies JsonSchema;
