/**
 * The fields a command can carry (the article's "Run commands" input table), with their wire types
 * (docs/contract.md §4). Every command row in `commands.ts` names its fields from this catalogue;
 * schemas, validators, Workato fields and docs read the types, labels and hints from here.
 */

/** How a field is typed on the wire. */
export type FieldKind =
  /** a positive integer id of a Docebo entity */
  | 'id'
  /** a non-empty string of at most 255 characters */
  | 'key'
  /** a UUID */
  | 'uuid'
  /** a JSON object of limited depth and size */
  | 'metadata';

export interface CommandFieldSpec {
  kind: FieldKind;
  label: string;
  /** Shown to recipe builders; taken from the article. */
  hint: string;
}

export const KEY_MAX_LENGTH = 255;

export const commandFields = {
  external_id: {
    kind: 'key',
    label: 'External ID',
    hint: 'Identifier of the external entity you want to map to a Docebo entity. This ID must uniquely identify the entity in the external system.',
  },
  internal_id: {
    kind: 'id',
    label: 'Internal ID',
    hint: 'Identifier of the Docebo entity in the platform.',
  },
  internal_uuid: {
    kind: 'uuid',
    label: 'Internal UUID',
    hint: 'UUID of the Docebo user, used by user-related commands.',
  },
  course_id: {
    kind: 'id',
    label: 'Course ID',
    hint: 'Docebo course ID for course or session related commands.',
  },
  session_id: {
    kind: 'id',
    label: 'Session ID',
    hint: 'Docebo session ID for session related commands.',
  },
  learning_plan_id: {
    kind: 'id',
    label: 'Learning Plan ID',
    hint: 'Docebo learning plan ID for learning plan related commands.',
  },
  user_id: {
    kind: 'id',
    label: 'User ID',
    hint: 'Docebo user ID for enrollment related commands.',
  },
  mapping_id: {
    kind: 'key',
    label: 'Mapping ID',
    hint: 'Identifier that links an internal mapping with an external mapping. When both share the same mapping_id, they are automatically matched. For example, using an email address as the mapping_id aligns mappings on that email.',
  },
  metadata: {
    kind: 'metadata',
    label: 'Metadata',
    hint: 'Additional information in the form of key-value pairs. Values can be strings, numbers, booleans or null, and nested JSON structures are supported.',
  },
} as const satisfies Record<string, CommandFieldSpec>;

export type CommandFieldName = keyof typeof commandFields;

/** Field names in the article's order; used wherever fields are listed. */
export const commandFieldNames = Object.keys(commandFields) as CommandFieldName[];
