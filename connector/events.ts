/**
 * The 30 platform events of the article an integration can subscribe to, with what each one
 * concerns (docs/contract.md §6): the payload ids it must carry and the mappings it marks.
 */
import type { EntityType } from './commands';

export const eventCategories = {
  user: 'User events',
  branch: 'Branch membership events',
  course: 'Course and session events',
  learning_plan: 'Learning plan structure events',
  enrollment: 'Enrollment events',
  learning_plan_enrollment: 'Learning plan enrollment events',
} as const;
export type EventCategory = keyof typeof eventCategories;

export type PayloadId = 'user_id' | 'course_id' | 'session_id' | 'learning_plan_id';

export interface EventSpec {
  name: string;
  category: EventCategory;
  /** Ids the payload must carry. */
  payload: readonly PayloadId[];
  /** `deleted` stamps `deleted_at` on the target mapping, `updated` stamps `last_updated_at`. */
  effect: 'deleted' | 'updated';
  /** The mapping the event names. */
  target: EntityType;
  /** Further mappings a deletion also marks, each found by one payload id. */
  cascade?: readonly { entityType: EntityType; by: PayloadId }[];
}

const USER = ['user_id'] as const;
const userEvent = (name: string, category: EventCategory, effect: EventSpec['effect'] = 'updated'): EventSpec => ({
  name,
  category,
  payload: USER,
  effect,
  target: 'user',
});

export const events: readonly EventSpec[] = [
  userEvent('platform.events.user.UserCreated', 'user'),
  userEvent('platform.events.user.UserUpdated', 'user'),
  userEvent('platform.events.user.SelfRegistrationRequestApproved', 'user'),
  {
    ...userEvent('platform.events.user.UserDeleted', 'user', 'deleted'),
    cascade: [
      { entityType: 'course_enrollment', by: 'user_id' },
      { entityType: 'session_enrollment', by: 'user_id' },
      { entityType: 'learning_plan_enrollment', by: 'user_id' },
    ],
  },
  userEvent('platform.events.orgchart.UserAddedToBranch', 'branch'),
  userEvent('platform.events.orgchart.UserRemovedFromBranch', 'branch'),
  { name: 'platform.events.course.CourseCreated', category: 'course', payload: ['course_id'], effect: 'updated', target: 'course' },
  { name: 'platform.events.course.CourseUpdated', category: 'course', payload: ['course_id'], effect: 'updated', target: 'course' },
  {
    name: 'platform.events.course.CourseDeleted',
    category: 'course',
    payload: ['course_id'],
    effect: 'deleted',
    target: 'course',
    cascade: [
      { entityType: 'course_enrollment', by: 'course_id' },
      { entityType: 'session', by: 'course_id' },
    ],
  },
  { name: 'platform.events.course.IltSessionCreated', category: 'course', payload: ['session_id'], effect: 'updated', target: 'session' },
  { name: 'platform.events.course.IltSessionUpdated', category: 'course', payload: ['session_id'], effect: 'updated', target: 'session' },
  {
    name: 'platform.events.course.IltSessionDeleted',
    category: 'course',
    payload: ['session_id'],
    effect: 'deleted',
    target: 'session',
    cascade: [{ entityType: 'session_enrollment', by: 'session_id' }],
  },
  ...['LearningPlanCreated', 'LearningPlanUpdated'].map(
    (e): EventSpec => ({
      name: `platform.events.learningplan.${e}`,
      category: 'learning_plan',
      payload: ['learning_plan_id'],
      effect: 'updated',
      target: 'learning_plan',
    }),
  ),
  {
    name: 'platform.events.learningplan.LearningPlanDeleted',
    category: 'learning_plan',
    payload: ['learning_plan_id'],
    effect: 'deleted',
    target: 'learning_plan',
    cascade: [{ entityType: 'learning_plan_enrollment', by: 'learning_plan_id' }],
  },
  ...['LearningPlanCourseAdded', 'LearningPlanCourseUpdated', 'LearningPlanCourseRemoved'].map(
    (e): EventSpec => ({
      name: `platform.events.learningplan.${e}`,
      category: 'learning_plan',
      payload: ['learning_plan_id'],
      effect: 'updated',
      target: 'learning_plan',
    }),
  ),
  ...(
    [
      ['UserEnrolledInCourse', 'course', 'updated'],
      ['UserUnenrolledFromCourse', 'course', 'deleted'],
      ['UserCompletedCourse', 'course', 'updated'],
      ['CourseEnrollmentUpdated', 'course', 'updated'],
      ['UserCourseEnrollmentStatusChanged', 'course', 'updated'],
      ['UserEnrolledInIltSession', 'session', 'updated'],
      ['UserEnrollmentInIltSessionUpdated', 'session', 'updated'],
      ['UserUnenrolledFromIltSession', 'session', 'deleted'],
      ['LearningPlanEnrollmentUpdated', 'learning_plan', 'updated'],
      ['UserUnenrolledFromLearningplan', 'learning_plan', 'deleted'],
    ] as const
  ).map(
    ([e, of, effect]): EventSpec => ({
      name: `platform.events.enrollment.${e}`,
      category: 'enrollment',
      payload: ['user_id', `${of}_id`],
      effect,
      target: `${of}_enrollment`,
    }),
  ),
  ...['LearningPlanUserAdded', 'UserCompletedLearningPlan'].map(
    (e): EventSpec => ({
      name: `platform.events.learningplan.${e}`,
      category: 'learning_plan_enrollment',
      payload: ['user_id', 'learning_plan_id'],
      effect: 'updated',
      target: 'learning_plan_enrollment',
    }),
  ),
];

/** The article spells one event `platfrom.…`; it is accepted and stored under the canonical name. */
export const eventAliases: Readonly<Record<string, string>> = {
  'platfrom.events.orgchart.UserRemovedFromBranch': 'platform.events.orgchart.UserRemovedFromBranch',
};

export const eventNames: readonly string[] = events.map((e) => e.name);

/** Every name an input may use: the canonical names and the aliases. */
export const acceptedEventNames: readonly string[] = [...eventNames, ...Object.keys(eventAliases)];

const byName = new Map(events.map((e) => [e.name, e]));

/** The canonical name of an event name or alias, or undefined when it is not an event. */
export const canonicalEventName = (name: string): string | undefined => {
  const canonical = eventAliases[name] ?? name;
  return byName.has(canonical) ? canonical : undefined;
};

export const eventSpec = (name: string): EventSpec | undefined => {
  const canonical = canonicalEventName(name);
  return canonical === undefined ? undefined : byName.get(canonical);
};
