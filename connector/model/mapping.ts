/** A mapping between a Docebo entity and an external one, as queries return it (http-contract.md §4). */
import type { JsonSchema } from '../../src/sdk/json-schema';
import { entityTypes } from '../commands';
import { schemaId } from './ids';

const nullable = <T extends string>(type: T) => ({ type: [type, 'null'] }) as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;

export const mappingTimestamps = [
  'created_at',
  'updated_at',
  'deleted_at',
  'matched_at',
  'last_updated_at',
  'touched_at',
] as const;
export type MappingTimestamp = (typeof mappingTimestamps)[number];

export const mappingSchema = {
  $id: schemaId('mapping.json'),
  title: 'Mapping',
  type: 'object',
  additionalProperties: false,
  required: [
    'entity_type',
    'integration_id',
    'external_id',
    'internal_id',
    'internal_uuid',
    'mapping_id',
    'user_id',
    'session_id',
    'course_id',
    'learning_plan_id',
    ...mappingTimestamps,
    'metadata',
  ],
  properties: {
    entity_type: { type: 'string', enum: entityTypes },
    integration_id: { type: 'string', format: 'uuid', description: 'The UUID of the integration that owns the mapping.' },
    external_id: nullable('string'),
    internal_id: nullable('integer'),
    internal_uuid: nullable('string'),
    mapping_id: nullable('string'),
    user_id: nullable('integer'),
    session_id: nullable('integer'),
    course_id: nullable('integer'),
    learning_plan_id: nullable('integer'),
    created_at: { type: 'string', format: 'date-time', description: 'When the mapping was created.' },
    updated_at: { type: 'string', format: 'date-time', description: 'When any field of the mapping record last changed.' },
    deleted_at: { ...nullableTime, description: 'When the Docebo entity was deleted.' },
    matched_at: { ...nullableTime, description: 'When the mapping got its external ID.' },
    last_updated_at: { ...nullableTime, description: 'When the Docebo entity last changed (from platform events).' },
    touched_at: { ...nullableTime, description: 'When any command or event last reached the mapping.' },
    metadata: { anyOf: [{ $ref: 'metadata.json' }, { type: 'null' }] },
  },
} as const satisfies JsonSchema;
