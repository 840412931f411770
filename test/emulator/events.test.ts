import { eventNames, events, type EventSpec } from '../../connector/events';
import { Harness, matchUser, sleep, type Integration } from './harness';

const ids = { user_id: 1, course_id: 10, session_id: 20, learning_plan_id: 30 };

/** One mapping of every type for user 1, course 10, session 20 (of course 10), learning plan 30, and one of user 2 that no event names. */
const world = [
  matchUser(1, 'U1'),
  matchUser(2, 'U2'),
  { name: 'MatchCourseCommand', internal_id: 10, external_id: 'C10' },
  { name: 'MatchSessionCommand', internal_id: 20, course_id: 10, external_id: 'S20' },
  { name: 'MatchLearningPlanCommand', internal_id: 30, external_id: 'L30' },
  { name: 'MatchCourseEnrollmentCommand', internal_id: 1, course_id: 10, external_id: 'CE' },
  { name: 'MatchSessionEnrollmentCommand', internal_id: 1, session_id: 20, external_id: 'SE' },
  { name: 'MatchLearningPlanEnrollmentCommand', internal_id: 1, learning_plan_id: 30, external_id: 'LE' },
  { name: 'MatchCourseEnrollmentCommand', internal_id: 2, course_id: 11, external_id: 'CE2' },
];

const payloadOf = (spec: EventSpec) => Object.fromEntries(spec.payload.map((p) => [p, ids[p]]));

describe('events', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ clients: [{ domain: 'other.example', clientId: 'other', clientSecret: 'other-secret' }] });
  });
  afterAll(() => h.close());

  // Each test's integrations are deactivated after it, so that delivered_to counts only its own.
  let live: Integration[] = [];
  afterEach(async () => {
    for (const i of live) await h.patch(i, { status: 'inactive' });
    live = [];
  });

  const withWorld = async (subscribed: string[] = [...eventNames]): Promise<Integration> => {
    const i = await h.createIntegration({ name: 'EV', events: subscribed });
    live.push(i);
    await h.run(i, world);
    return i;
  };

  const key = (m: { entity_type: string; internal_id: number | null; course_id: number | null; session_id: number | null; learning_plan_id: number | null }) =>
    `${m.entity_type}:${m.internal_id}:${m.course_id ?? ''}:${m.session_id ?? ''}:${m.learning_plan_id ?? ''}`;

  describe.each(events.map((e) => [e.name, e] as const))('%s', (name, spec) => {
    it(`marks the ${spec.target} mapping it names${spec.cascade ? ' and its cascade' : ''} when subscribed, and nothing else`, async () => {
      const i = await withWorld();
      const before = new Map((await h.mappings(i)).map((m) => [key(m), m]));
      await sleep(2);
      const r = await h.event(name, payloadOf(spec), '2026-01-02T03:04:05.678+01:00');
      expect(r.status).toBe(202);
      expect(r.body.data).toEqual({ event_id: expect.any(String), delivered_to: 1 });
      const column = spec.effect === 'deleted' ? 'deleted_at' : 'last_updated_at';
      const other = spec.effect === 'deleted' ? 'last_updated_at' : 'deleted_at';
      const marked: string[] = [];
      for (const m of await h.mappings(i)) {
        const was = before.get(key(m))!;
        if (m[column] !== null) {
          marked.push(m.entity_type);
          expect(m[column]).toBe('2026-01-02T02:04:05.678Z');
          expect(m.touched_at > was.touched_at).toBe(true);
          expect(m.updated_at > was.updated_at).toBe(true);
          expect(m.external_id).toBe(was.external_id);
        } else expect(m).toEqual(was);
        expect(m[other]).toBeNull();
      }
      expect(marked.sort()).toEqual([spec.target, ...(spec.cascade ?? []).map((c) => c.entityType)].sort());
    });

    it('changes nothing for an integration not subscribed to it', async () => {
      const i = await withWorld(eventNames.filter((n) => n !== name));
      const before = await h.mappings(i);
      const r = await h.event(name, payloadOf(spec));
      expect(r.body.data.delivered_to).toBe(0);
      expect(await h.mappings(i)).toEqual(before);
    });
  });

  it('reaches only active integrations', async () => {
    const i = await withWorld(['platform.events.user.UserUpdated']);
    await h.patch(i, { status: 'inactive' });
    const before = await h.mappings(i);
    const r = await h.event('platform.events.user.UserUpdated', { user_id: 1 });
    expect(r.body.data.delivered_to).toBe(0);
    expect(await h.mappings(i)).toEqual(before);
  });

  it('accepts the misspelled branch event and delivers it to integrations subscribed under either spelling', async () => {
    const a = await withWorld(['platfrom.events.orgchart.UserRemovedFromBranch']);
    const b = await withWorld(['platform.events.orgchart.UserRemovedFromBranch']);
    const r = await h.event('platfrom.events.orgchart.UserRemovedFromBranch', { user_id: 1 });
    expect(r.status).toBe(202);
    expect(r.body.data.delivered_to).toBe(2);
    for (const i of [a, b]) {
      const [user] = await h.mappings(i, { entities: { users: { user_ids: [1] } } });
      expect(user.last_updated_at).not.toBeNull();
    }
  });

  it('cascades as the contract says: UserDeleted to the user’s enrollments, CourseDeleted to its enrollments and sessions, IltSessionDeleted and LearningPlanDeleted to their enrollments', async () => {
    const cases: [string, Record<string, number>, string[]][] = [
      ['platform.events.user.UserDeleted', { user_id: 1 }, ['user', 'course_enrollment', 'session_enrollment', 'learning_plan_enrollment']],
      ['platform.events.course.CourseDeleted', { course_id: 10 }, ['course', 'course_enrollment', 'session']],
      ['platform.events.course.IltSessionDeleted', { session_id: 20 }, ['session', 'session_enrollment']],
      ['platform.events.learningplan.LearningPlanDeleted', { learning_plan_id: 30 }, ['learning_plan', 'learning_plan_enrollment']],
    ];
    for (const [event, payload, deleted] of cases) {
      const i = await withWorld([event]);
      await h.event(event, payload);
      const marked = (await h.mappings(i)).filter((m) => m.deleted_at !== null).map((m) => m.entity_type);
      expect([event, marked.sort()]).toEqual([event, [...deleted].sort()]);
    }
  });

  it('uses the time of receipt without occurred_at, and changes nothing when it finds no mapping', async () => {
    const i = await withWorld(['platform.events.course.CourseUpdated']);
    const before = await h.mappings(i);
    const t0 = new Date().toISOString();
    await h.event('platform.events.course.CourseUpdated', { course_id: 10 });
    const [course] = await h.mappings(i, { entities: { courses: { course_ids: [10] } } });
    expect(course.last_updated_at >= t0).toBe(true);
    expect(course.touched_at).toBe(course.last_updated_at);
    const now = await h.mappings(i);
    await h.event('platform.events.course.CourseUpdated', { course_id: 999 });
    expect(await h.mappings(i)).toEqual(now);
    expect(now.length).toBe(before.length);
  });

  it('moves touched_at but not updated_at when the same event time is stamped again', async () => {
    const i = await withWorld(['platform.events.user.UserUpdated']);
    await h.event('platform.events.user.UserUpdated', { user_id: 1 }, '2026-01-01T00:00:00Z');
    const [first] = await h.mappings(i, { entities: { users: { user_ids: [1] } } });
    await sleep(3);
    await h.event('platform.events.user.UserUpdated', { user_id: 1 }, '2026-01-01T00:00:00.000Z');
    const [second] = await h.mappings(i, { entities: { users: { user_ids: [1] } } });
    expect(second.updated_at).toBe(first.updated_at);
    expect(second.touched_at > first.touched_at).toBe(true);
  });

  it.each([
    ['a missing payload id', { event: 'platform.events.enrollment.UserEnrolledInCourse', payload: { user_id: 1 } }, 'payload.course_id'],
    ['an unknown event', { event: 'platform.events.user.UserExploded', payload: { user_id: 1 } }, 'event'],
    ['an id that is not a positive integer', { event: 'platform.events.user.UserUpdated', payload: { user_id: '1' } }, 'payload.user_id'],
    ['an unknown payload field', { event: 'platform.events.user.UserUpdated', payload: { user_id: 1, branch_id: 3 } }, 'payload.branch_id'],
    ['an occurred_at that is not a date-time', { event: 'platform.events.user.UserUpdated', payload: { user_id: 1 }, occurred_at: 'yesterday' }, 'occurred_at'],
    ['no payload', { event: 'platform.events.user.UserUpdated' }, 'payload'],
  ])('refuses %s with invalid_request naming it', async (_, body, path) => {
    const r = await h.call('POST', '/events', { body });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('never reaches the integrations of another domain', async () => {
    const i = await withWorld(['platform.events.user.UserUpdated']);
    const before = await h.mappings(i);
    const otherToken = await h.tokenFor('other', 'other-secret');
    const r = await h.event('platform.events.user.UserUpdated', { user_id: 1 }, undefined, otherToken);
    expect(r.status).toBe(202);
    expect(r.body.data.delivered_to).toBe(0);
    expect(await h.mappings(i)).toEqual(before);
  });
});
