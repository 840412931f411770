/** The query service's request and page (docs/contract.md §7). */
import type { JsonSchema } from '../../src/sdk/json-schema';
import type { EntityType } from '../commands';
import { mappingTimestamps } from './mapping';
import { entityId } from './entity-id';
import { schemaId } from './ids';

const idList = { type: 'array', items: entityId } as const;
const pairs = <A extends string, B extends string>(a: A, b: B) =>
  ({
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: [a, b],
      properties: { [a]: entityId, [b]: entityId } as { [K in A | B]: typeof entityId },
    },
  }) as const;

/** The eight entity selections, keyed as the query request spells them. */
export const entitySelections = {
  users: {
    type: 'object',
    additionalProperties: false,
    properties: { user_ids: idList, user_uuids: { type: 'array', items: { type: 'string', format: 'uuid' } } },
  },
  courses: { type: 'object', additionalProperties: false, properties: { course_ids: idList } },
  course_enrollments: pairs('user_id', 'course_id'),
  sessions: { type: 'object', additionalProperties: false, properties: { session_ids: idList } },
  events: { type: 'object', additionalProperties: false, properties: { event_ids: idList } },
  session_enrollments: pairs('user_id', 'session_id'),
  learning_plans: { type: 'object', additionalProperties: false, properties: { learning_plan_ids: idList } },
  learning_plan_enrollments: pairs('user_id', 'learning_plan_id'),
} as const;
export type EntitySelection = keyof typeof entitySelections;

/** What a selection's id list is matched against: the entity's own id, or a user's UUID. */
type ListTarget = 'internal_id' | 'internal_uuid';
/** A selection of ids (`{ course_ids: [...] }`) or of pairs (`[{ user_id, course_id }]`), and what it selects. */
type SelectionTarget<S> = S extends { type: 'array' }
  ? { entityType: EntityType; pairedWith: string }
  : S extends { properties: infer P }
    ? { entityType: EntityType; lists: { [L in keyof P]: ListTarget } }
    : never;

/**
 * What each selection selects: its entity type, and what each of its lists is matched against
 * (an enrollment's pairs: the user and the id it is paired with). Typed against the schemas
 * above, so that neither can name a list the other lacks.
 */
export const entitySelectionTargets = {
  users: { entityType: 'user', lists: { user_ids: 'internal_id', user_uuids: 'internal_uuid' } },
  courses: { entityType: 'course', lists: { course_ids: 'internal_id' } },
  course_enrollments: { entityType: 'course_enrollment', pairedWith: 'course_id' },
  sessions: { entityType: 'session', lists: { session_ids: 'internal_id' } },
  events: { entityType: 'event', lists: { event_ids: 'internal_id' } },
  session_enrollments: { entityType: 'session_enrollment', pairedWith: 'session_id' },
  learning_plans: { entityType: 'learning_plan', lists: { learning_plan_ids: 'internal_id' } },
  learning_plan_enrollments: { entityType: 'learning_plan_enrollment', pairedWith: 'learning_plan_id' },
} as const satisfies { [K in EntitySelection]: SelectionTarget<(typeof entitySelections)[K]> };
export const entitySelectionNames = Object.keys(entitySelections) as EntitySelection[];

export const sortFields = ['created_at', 'updated_at', 'deleted_at', 'matched_at', 'last_updated_at'] as const;
export const sortDirections = ['asc', 'desc'] as const;
export const metadataOperators = ['eq', 'neq'] as const;

/** At most this many metadata filters in one query: each is a condition of its own in SQL. */
export const METADATA_FILTERS_MAX = 100;

export const metadataFilter = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'operator', 'value'],
  properties: {
    key: { type: 'string', minLength: 1, description: 'A dot path into the metadata, such as dept.code.' },
    operator: { type: 'string', enum: metadataOperators },
    value: { type: ['string', 'number', 'boolean', 'null'] },
  },
} as const;

/** The twelve `<timestamp>_from` / `<timestamp>_to` bounds. */
export const timeBoundNames = mappingTimestamps.flatMap((t) => [`${t}_from`, `${t}_to`] as const);

const timeBounds = Object.fromEntries(
  mappingTimestamps.flatMap((t) => [
    [`${t}_from`, { type: 'string', format: 'date-time', description: `Only mappings whose ${t} is at or after this instant.` }],
    [`${t}_to`, { type: 'string', format: 'date-time', description: `Only mappings whose ${t} is before this instant.` }],
  ]),
) as Record<(typeof timeBoundNames)[number], { type: 'string'; format: 'date-time'; description: string }>;

export const queryRequestProperties = {
  entities: {
    type: 'object',
    additionalProperties: false,
    properties: entitySelections,
    description: 'Which entities to retrieve. None, or an empty object, means every entity type; a type given with no ids means all of that type.',
  },
  metadata_filters: {
    type: 'array',
    maxItems: METADATA_FILTERS_MAX,
    items: metadataFilter,
    description: `Conditions on the metadata, all of which must hold; at most ${METADATA_FILTERS_MAX}.`,
  },
  ...timeBounds,
  sort_by: { type: 'string', enum: sortFields, default: 'created_at' },
  sort_direction: { type: 'string', enum: sortDirections, default: 'asc' },
  page: { type: 'integer', minimum: 1, default: 1 },
  page_size: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  after: {
    type: 'string',
    minLength: 1,
    maxLength: 200,
    title: 'After',
    description:
      'A next_cursor from an earlier page: only mappings after that position, in the same sort (keyset paging). Pages then count from the cursor, so page must be left out.',
  },
} as const;

export const queryRequestSchema = {
  $id: schemaId('query-request.json'),
  title: 'QueryRequest',
  type: 'object',
  additionalProperties: false,
  properties: queryRequestProperties,
} as const satisfies JsonSchema;

export const pageProperties = {
  current_page: { type: 'integer', minimum: 1 },
  page_size: { type: 'integer', minimum: 1 },
  total_count: { type: 'integer', minimum: 0 },
  total_page_count: { type: 'integer', minimum: 0 },
  has_more_data: { type: 'boolean' },
} as const;

/** Keyset paging (an extension of the contract, for the trigger): where the next page starts. */
export const cursorProperties = {
  next_cursor: {
    type: ['string', 'null'],
    description:
      'The position after the last item of this page, to send as after for the items that follow it (or, when the page is empty, the after that was sent); null when there is neither.',
  },
} as const;

export const queryPageSchema = {
  $id: schemaId('query-page.json'),
  title: 'QueryPage',
  type: 'object',
  additionalProperties: false,
  required: ['items', 'current_page', 'page_size', 'total_count', 'total_page_count', 'has_more_data', 'next_cursor'],
  properties: {
    items: { type: 'array', items: { $ref: 'mapping.json' } },
    ...pageProperties,
    ...cursorProperties,
  },
} as const satisfies JsonSchema;
