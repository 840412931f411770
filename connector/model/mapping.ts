/** A mapping between a Docebo entity and an external one, as queries return it (docs/contract.md §4). */
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

/**
 * What the latest change to a mapping record did (its `change`, at `updated_at`): one value per
 * version of the record. The service records it when it writes, because the timestamps alone
 * cannot tell: an event's `occurred_at` may lie before the write that applies it.
 */
export const mappingChanges = {
  created: 'The mapping was created (by a Match command or a side of MapUserCommand).',
  matched: 'The mapping got a new external ID (a Match command, or MapUserCommand completing a match).',
  reset: 'The external ID was cleared (a Reset command).',
  deleted: 'The Docebo entity was deleted (a …Deleted or UserUnenrolledFrom… event, or its cascade).',
  entity_updated: 'The Docebo entity changed (any other platform event).',
  updated: 'Anything else in the record changed (metadata, mapping_id, internal_uuid, course_id).',
} as const;
export type MappingChange = keyof typeof mappingChanges;
export const mappingChangeNames = Object.keys(mappingChanges) as MappingChange[];

/**
 * The fields that identify the entity a mapping describes, by entity type (docs/contract.md §4).
 * A user mapping still waiting for its user (MapUserCommand's external side) has no internal_id:
 * its mapping_id tells it apart.
 */
export const entityKeyFields = {
  user: ['internal_id', 'mapping_id'],
  course: ['internal_id'],
  session: ['internal_id'],
  learning_plan: ['internal_id'],
  event: ['internal_id'],
  course_enrollment: ['user_id', 'course_id'],
  session_enrollment: ['user_id', 'session_id'],
  learning_plan_enrollment: ['user_id', 'learning_plan_id'],
} as const satisfies Record<(typeof entityTypes)[number], readonly string[]>;

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
    'change',
    'metadata',
  ],
  properties: {
    entity_type: { type: 'string', enum: entityTypes },
    integration_id: { type: 'string', format: 'uuid', description: 'The UUID of the integration that owns the mapping.' },
    external_id: nullable('string'),
    internal_id: nullable('integer'),
    internal_uuid: { ...nullable('string'), format: 'uuid', description: 'The Docebo user UUID, on user mappings that were given one.' },
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
    change: {
      type: 'string',
      enum: mappingChangeNames,
      description: `What the latest change to the record did, at updated_at: ${mappingChangeNames.join(', ')}.`,
    },
    metadata: { anyOf: [{ $ref: 'metadata.json' }, { type: 'null' }] },
  },
} as const satisfies JsonSchema;
