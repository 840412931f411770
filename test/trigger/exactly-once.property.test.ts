/**
 * The trigger's promise, by property: whatever the interleaving of commands, events and polls,
 * whatever the page size (down to 1) and however many changes share one updated_at, each version
 * of a mapping present when the trigger catches up has been delivered exactly once, as it was, in
 * updated_at order, before Workato's dedup even has to act.
 */
import fc from 'fast-check';
import { mappingChangesTrigger } from '../../connector/triggers';
import type { PollClosure } from '../../src/sdk/define';
import { dedupKey, pollTrigger } from '../../src/runtime/trigger';
import { Harness, type Integration } from '../emulator/harness';

type Mapping = Record<string, unknown> & { updated_at: string };

const USERS = [1, 2, 3, 4, 5, 6];
const COURSES = [10, 11, 12];
const externalIds = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
const user = fc.constantFrom(...USERS);
const course = fc.constantFrom(...COURSES);
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

const step = fc.oneof(
  { weight: 3, arbitrary: fc.array(command, { minLength: 1, maxLength: 8 }).map((commands) => ({ kind: 'commands' as const, commands })) },
  { weight: 1, arbitrary: bulk },
  { weight: 2, arbitrary: fc.record({ e: event, past: fc.boolean() }).map(({ e, past }) => ({ kind: 'event' as const, ...e, past })) },
  { weight: 4, arbitrary: fc.constant({ kind: 'poll' as const }) },
);

const SUBSCRIBED = [
  'platform.events.user.UserDeleted',
  'platform.events.user.UserUpdated',
  'platform.events.course.CourseDeleted',
  'platform.events.enrollment.UserUnenrolledFromCourse',
];
/** A version of a mapping: every field but touched_at, which moves without making one. */
const version = (m: Mapping | undefined) => {
  if (!m) return m;
  const { touched_at: _, ...rest } = m;
  return rest;
};
const SINCE = '2000-01-01T00:00:00.000Z';

let backwards = Date.parse('2030-01-01T00:00:00.000Z');
/** The service's wall clock: as it is, stuck (every write in one millisecond), or running backwards. */
const clocks: [string, (() => number) | undefined][] = [
  ['the wall clock', undefined],
  ['a wall clock stuck at one millisecond', () => Date.parse('2030-01-01T00:00:00.000Z')],
  ['a wall clock running backwards', () => (backwards -= 7)],
];

describe.each(clocks)('the trigger New or updated mappings, by property, under %s', (_, now) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(now ? { now } : {});
  });
  afterAll(() => h.close());

  const connection = () => ({ domain: h.url, client_id: 'extids-local', client_secret: 'extids-local-secret' });
  const key = (m: Mapping) => dedupKey(mappingChangesTrigger, m);

  it('delivers every change exactly once, as it was and in updated_at order, whatever the interleaving and the page size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 9 }), fc.constant(1000)), fc.array(step, { minLength: 1, maxLength: 30 }), async (pageSize, steps) => {
        const integration: Integration = await h.createIntegration({ name: 'PROPERTY', events: SUBSCRIBED });
        const input = { integration_uuid: integration.uuid, integration_psk: integration.psk, since: SINCE, page_size: pageSize };
        const delivered = new Map<string, Mapping>();
        let closure: PollClosure | undefined;
        let last = '';

        const poll = async (): Promise<boolean> => {
          // Nothing changes between this snapshot and the poll: every event must be one of its versions.
          const now = new Map((await h.mappings(integration, { sort_by: 'updated_at' })).map((m: Mapping) => [key(m), m]));
          const result = await pollTrigger(mappingChangesTrigger, connection(), input, closure);
          expect(result.events.length).toBeLessThanOrEqual(pageSize);
          for (const e of result.events as Mapping[]) {
            const k = key(e);
            expect(delivered.has(k)).toBe(false);
            expect(e).toEqual(now.get(k));
            expect(e.updated_at >= last).toBe(true);
            last = e.updated_at;
            delivered.set(k, e);
          }
          closure = result.next_poll;
          // Caught up: each mapping's current version was delivered, as it is now (one key, one version).
          if (!result.can_poll_more) for (const [k, m] of now) expect(version(delivered.get(k))).toEqual(version(m));
          return result.can_poll_more;
        };

        for (const s of steps) {
          if (s.kind === 'poll') await poll();
          else if (s.kind === 'commands') await h.run(integration, s.commands);
          else {
            const r = await h.event(s.event, s.payload, s.past ? '2001-01-01T00:00:00.000Z' : undefined);
            expect(r.status).toBe(202);
          }
        }
        // Drained: the final state of every mapping has been delivered.
        let rounds = 0;
        while (await poll()) expect(++rounds).toBeLessThan(500);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
