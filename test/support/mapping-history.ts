/**
 * Random histories of an integration's mappings, for the trigger's tests: batches of commands on a
 * few users, courses and enrollments (conflicts, resets and ResetAlls among them), bulk batches
 * whose mappings share one updated_at, and platform events, some dated in the past.
 */
import fc from 'fast-check';
import type { Harness, Integration } from '../emulator/harness';

const externalIds = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
const user = fc.constantFrom(1, 2, 3, 4, 5, 6);
const course = fc.constantFrom(10, 11, 12);
const uuidOf = (id: number) => `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`;

const command = fc.oneof(
  fc.record({ user, ext: externalIds, dept: fc.constantFrom(undefined, 'x', 'y') }).map(({ user: u, ext, dept }) => ({
    name: 'MatchUserCommand',
    internal_id: u,
    internal_uuid: uuidOf(u),
    external_id: `u-${ext}`,
    ...(dept ? { metadata: { dept } } : {}),
  })),
  fc.record({ course, ext: externalIds }).map(({ course: c, ext }) => ({ name: 'MatchCourseCommand', internal_id: c, external_id: `c-${ext}` })),
  fc.record({ user, course, ext: externalIds }).map(({ user: u, course: c, ext }) => ({ name: 'MatchCourseEnrollmentCommand', internal_id: u, course_id: c, external_id: `e-${u}-${c}-${ext}` })),
  user.map((u) => ({ name: 'ResetUserMatchCommand', internal_id: u })),
  fc.constant({ name: 'ResetAllUsersMatchCommand' }),
  fc.constant({ name: 'ResetAllCourseEnrollmentsMatchCommand' }),
);

/** A batch of many matches: one consumer transaction, so its mappings share one updated_at. */
const bulk = fc.integer({ min: 20, max: 60 }).map((n) => ({
  kind: 'commands' as const,
  commands: Array.from({ length: n }, (_, i) => ({ name: 'MatchUserCommand', internal_id: 100 + i, internal_uuid: uuidOf(100 + i), external_id: `bulk-${i}-${n}` })),
}));

const event = fc.oneof(
  user.map((u) => ({ event: 'platform.events.user.UserDeleted', payload: { user_id: u } })),
  user.map((u) => ({ event: 'platform.events.user.UserUpdated', payload: { user_id: u } })),
  course.map((c) => ({ event: 'platform.events.course.CourseDeleted', payload: { course_id: c } })),
  fc.record({ user, course }).map(({ user: u, course: c }) => ({ event: 'platform.events.enrollment.UserUnenrolledFromCourse', payload: { user_id: u, course_id: c } })),
);

/** One step of a history that changes mappings. */
export const historyStep = fc.oneof(
  { weight: 3, arbitrary: fc.array(command, { minLength: 1, maxLength: 8 }).map((commands) => ({ kind: 'commands' as const, commands })) },
  { weight: 1, arbitrary: bulk },
  { weight: 2, arbitrary: fc.record({ e: event, past: fc.boolean() }).map(({ e, past }) => ({ kind: 'event' as const, ...e, past })) },
);
export type HistoryStep = typeof historyStep extends fc.Arbitrary<infer S> ? S : never;

/** The events the histories' integrations subscribe to. */
export const SUBSCRIBED = [
  'platform.events.user.UserDeleted',
  'platform.events.user.UserUpdated',
  'platform.events.course.CourseDeleted',
  'platform.events.enrollment.UserUnenrolledFromCourse',
];

/** Applies a step: a batch until the service has applied it, or an event. */
export const applyStep = async (h: Harness, integration: Integration, step: HistoryStep): Promise<void> => {
  if (step.kind === 'commands') {
    await h.run(integration, step.commands);
    return;
  }
  const r = await h.event(step.event, step.payload, step.past ? '2001-01-01T00:00:00.000Z' : undefined);
  if (r.status !== 202) throw new Error(`event: ${r.status} ${r.text}`);
};
