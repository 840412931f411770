/**
 * The command table of the article ("Supported commands"): 24 rows, 23 names — MapUserCommand has
 * an internal and an external shape. Every per-command rule anywhere in the project (schemas,
 * validators, Workato fields, the generated Ruby, the emulator, the docs) is derived from this table.
 */
import type { CommandFieldName } from './fields';

/** The entity a mapping describes (docs/contract.md §4). */
export const entityTypes = [
  'user',
  'course',
  'session',
  'learning_plan',
  'course_enrollment',
  'session_enrollment',
  'learning_plan_enrollment',
  'event',
] as const;
export type EntityType = (typeof entityTypes)[number];
/** The entity types a command writes: no command writes `event` mappings yet (queries find none). */
export type CommandEntityType = Exclude<EntityType, 'event'>;

/** What a command does to the mappings of its entity type (docs/contract.md §5). */
export type CommandOperation = 'match' | 'reset' | 'reset_all' | 'reset_by_external_id' | 'map';

export interface CommandRow {
  /** Unique key of the row: the command name, plus `.internal` / `.external` for MapUserCommand. */
  id: string;
  name: string;
  /** Only MapUserCommand has shapes. */
  shape?: 'internal' | 'external';
  /** The label a recipe builder picks. */
  title: string;
  /** The fields the command must carry besides `name`, in the article's order. */
  required: readonly CommandFieldName[];
  /** Whether the command may also carry `metadata` (always optional). */
  metadata: boolean;
  entityType: CommandEntityType;
  operation: CommandOperation;
  help: string;
}

const row = (r: Omit<CommandRow, 'id'>): CommandRow => ({
  id: r.shape ? `${r.name}.${r.shape}` : r.name,
  ...r,
});

export const commandTable: readonly CommandRow[] = [
  row({
    name: 'MatchUserCommand',
    title: 'Match user',
    required: ['external_id', 'internal_id', 'internal_uuid'],
    metadata: true,
    entityType: 'user',
    operation: 'match',
    help: 'Maps a Docebo user (internal ID and UUID) to the external ID of the same person in the other system. Sending it again with the same values changes nothing.',
  }),
  row({
    name: 'MatchCourseCommand',
    title: 'Match course',
    required: ['external_id', 'internal_id'],
    metadata: true,
    entityType: 'course',
    operation: 'match',
    help: 'Maps a Docebo course (internal ID) to its external ID.',
  }),
  row({
    name: 'MatchSessionCommand',
    title: 'Match session',
    required: ['external_id', 'internal_id', 'course_id'],
    metadata: true,
    entityType: 'session',
    operation: 'match',
    help: 'Maps a Docebo ILT session (internal ID, in the course given by Course ID) to its external ID.',
  }),
  row({
    name: 'MatchLearningPlanCommand',
    title: 'Match learning plan',
    required: ['external_id', 'internal_id'],
    metadata: true,
    entityType: 'learning_plan',
    operation: 'match',
    help: 'Maps a Docebo learning plan (internal ID) to its external ID.',
  }),
  row({
    name: 'MatchCourseEnrollmentCommand',
    title: 'Match course enrollment',
    required: ['external_id', 'internal_id', 'course_id'],
    metadata: true,
    entityType: 'course_enrollment',
    operation: 'match',
    help: "Maps a user's enrollment in a course to its external ID. Internal ID is the user's ID.",
  }),
  row({
    name: 'MatchSessionEnrollmentCommand',
    title: 'Match session enrollment',
    required: ['external_id', 'internal_id', 'session_id'],
    metadata: true,
    entityType: 'session_enrollment',
    operation: 'match',
    help: "Maps a user's enrollment in an ILT session to its external ID. Internal ID is the user's ID.",
  }),
  row({
    name: 'MatchLearningPlanEnrollmentCommand',
    title: 'Match learning plan enrollment',
    required: ['external_id', 'internal_id', 'learning_plan_id'],
    metadata: true,
    entityType: 'learning_plan_enrollment',
    operation: 'match',
    help: "Maps a user's enrollment in a learning plan to its external ID. Internal ID is the user's ID.",
  }),
  row({
    name: 'ResetUserMatchCommand',
    title: 'Reset user match',
    required: ['internal_id', 'internal_uuid'],
    metadata: false,
    entityType: 'user',
    operation: 'reset',
    help: "Clears the external ID of one user's mapping; its metadata stays. A user with no mapping is left alone.",
  }),
  row({
    name: 'ResetAllUsersMatchCommand',
    title: 'Reset all users match',
    required: [],
    metadata: false,
    entityType: 'user',
    operation: 'reset_all',
    help: 'Clears the external ID of every user mapping of the integration.',
  }),
  row({
    name: 'ResetLearningPlanMatchCommand',
    title: 'Reset learning plan match',
    required: ['internal_id'],
    metadata: false,
    entityType: 'learning_plan',
    operation: 'reset',
    help: "Clears the external ID of one learning plan's mapping.",
  }),
  row({
    name: 'ResetAllLearningPlansMatchCommand',
    title: 'Reset all learning plans match',
    required: [],
    metadata: false,
    entityType: 'learning_plan',
    operation: 'reset_all',
    help: 'Clears the external ID of every learning plan mapping of the integration.',
  }),
  row({
    name: 'ResetSessionMatchCommand',
    title: 'Reset session match',
    required: ['internal_id'],
    metadata: false,
    entityType: 'session',
    operation: 'reset',
    help: "Clears the external ID of one ILT session's mapping.",
  }),
  row({
    name: 'ResetAllSessionsMatchCommand',
    title: 'Reset all sessions match',
    required: [],
    metadata: false,
    entityType: 'session',
    operation: 'reset_all',
    help: 'Clears the external ID of every session mapping of the integration.',
  }),
  row({
    name: 'ResetCourseMatchCommand',
    title: 'Reset course match',
    required: ['internal_id'],
    metadata: false,
    entityType: 'course',
    operation: 'reset',
    help: "Clears the external ID of one course's mapping.",
  }),
  row({
    name: 'ResetAllCoursesMatchCommand',
    title: 'Reset all courses match',
    required: [],
    metadata: false,
    entityType: 'course',
    operation: 'reset_all',
    help: 'Clears the external ID of every course mapping of the integration.',
  }),
  row({
    name: 'ResetCourseEnrollmentMatchCommand',
    title: 'Reset course enrollment match',
    required: ['user_id', 'course_id'],
    metadata: false,
    entityType: 'course_enrollment',
    operation: 'reset',
    help: "Clears the external ID of one user's course enrollment mapping.",
  }),
  row({
    name: 'ResetAllCourseEnrollmentsMatchCommand',
    title: 'Reset all course enrollments match',
    required: [],
    metadata: false,
    entityType: 'course_enrollment',
    operation: 'reset_all',
    help: 'Clears the external ID of every course enrollment mapping of the integration.',
  }),
  row({
    name: 'ResetSessionEnrollmentMatchCommand',
    title: 'Reset session enrollment match',
    required: ['user_id', 'session_id'],
    metadata: false,
    entityType: 'session_enrollment',
    operation: 'reset',
    help: "Clears the external ID of one user's session enrollment mapping.",
  }),
  row({
    name: 'ResetAllSessionEnrollmentsMatchCommand',
    title: 'Reset all session enrollments match',
    required: [],
    metadata: false,
    entityType: 'session_enrollment',
    operation: 'reset_all',
    help: 'Clears the external ID of every session enrollment mapping of the integration.',
  }),
  row({
    name: 'ResetLearningPlanEnrollmentMatchCommand',
    title: 'Reset learning plan enrollment match',
    required: ['user_id', 'learning_plan_id'],
    metadata: false,
    entityType: 'learning_plan_enrollment',
    operation: 'reset',
    help: "Clears the external ID of one user's learning plan enrollment mapping.",
  }),
  row({
    name: 'ResetAllLearningPlanEnrollmentsMatchCommand',
    title: 'Reset all learning plan enrollments match',
    required: [],
    metadata: false,
    entityType: 'learning_plan_enrollment',
    operation: 'reset_all',
    help: 'Clears the external ID of every learning plan enrollment mapping of the integration.',
  }),
  row({
    name: 'ResetUserMatchByExternalIdCommand',
    title: 'Reset user match by external ID',
    required: ['external_id'],
    metadata: false,
    entityType: 'user',
    operation: 'reset_by_external_id',
    help: 'Clears the match of the user mapping that holds this external ID.',
  }),
  row({
    name: 'MapUserCommand',
    shape: 'internal',
    title: 'Map user (internal matching)',
    required: ['mapping_id', 'internal_id', 'internal_uuid'],
    metadata: false,
    entityType: 'user',
    operation: 'map',
    help: 'The Docebo side of a match by a shared Mapping ID (an e-mail address, say): records the user under the Mapping ID. When the external side with the same Mapping ID arrives, before or after, the two are matched.',
  }),
  row({
    name: 'MapUserCommand',
    shape: 'external',
    title: 'Map user (external matching)',
    required: ['mapping_id', 'external_id'],
    metadata: true,
    entityType: 'user',
    operation: 'map',
    help: 'The external side of a match by a shared Mapping ID: records the external ID (and metadata) under the Mapping ID. When the internal side with the same Mapping ID arrives, before or after, the two are matched.',
  }),
];

/** The 23 distinct command names, in table order. */
export const commandNames: readonly string[] = [...new Set(commandTable.map((r) => r.name))];

/** The rows of one command name (two for MapUserCommand, one for the others). */
export const rowsByName: ReadonlyMap<string, readonly CommandRow[]> = new Map(
  commandNames.map((n) => [n, commandTable.filter((r) => r.name === n)]),
);

/** Every field a row takes besides `name`: its required fields, then `metadata` when allowed. */
export const fieldsOf = (r: CommandRow): CommandFieldName[] =>
  r.metadata ? [...r.required, 'metadata'] : [...r.required];
