import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/emulator/store';
import { validatorFor } from '../../src/validate/ajv';
import { Harness, matchUser, tempDir, type Integration } from './harness';

const course = (n: number, externalId: string, metadata?: Record<string, unknown>) => ({
  name: 'MatchCourseCommand',
  internal_id: n,
  external_id: externalId,
  ...(metadata ? { metadata } : {}),
});
const enrollment = (user: number, courseId: number, externalId: string) => ({ name: 'MatchCourseEnrollmentCommand', internal_id: user, course_id: courseId, external_id: externalId });

describe("a mapping's change", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  const fresh = () =>
    h.createIntegration({
      name: 'CHANGE',
      events: ['platform.events.course.CourseUpdated', 'platform.events.course.CourseDeleted', 'platform.events.user.UserDeleted', 'platform.events.user.UserUpdated'],
    });
  const courseOf = async (i: Integration, n: number) => (await h.mappings(i, { entities: { courses: { course_ids: [n] } } }))[0];
  const userOf = async (i: Integration, n: number) => (await h.mappings(i, { entities: { users: { user_ids: [n] } } }))[0];
  const run = async (i: Integration, commands: unknown[]) => expect((await h.run(i, commands)).failed).toBe(0);

  it('is created when a Match command creates the mapping, and valid against the schema', async () => {
    const i = await fresh();
    await run(i, [course(1, 'C1')]);
    const m = await courseOf(i, 1);
    expect(m.change).toBe('created');
    expect(validatorFor('mapping.json')(m)).toBe(true);
    expect(Object.keys(m).slice(-3)).toEqual(['touched_at', 'change', 'metadata']);
  });

  it('is matched when the external id changes to another one, or comes back after a reset', async () => {
    const i = await fresh();
    await run(i, [course(1, 'C1')]);
    await run(i, [course(1, 'C2')]);
    const moved = await courseOf(i, 1);
    expect(moved).toMatchObject({ external_id: 'C2', change: 'matched', matched_at: moved.updated_at });
    await run(i, [{ name: 'ResetCourseMatchCommand', internal_id: 1 }]);
    await run(i, [course(1, 'C2')]);
    expect(await courseOf(i, 1)).toMatchObject({ external_id: 'C2', change: 'matched' });
  });

  it('is matched when MapUserCommand completes a match, whichever side came first', async () => {
    const i = await fresh();
    const uuid = matchUser(5, '').internal_uuid;
    await run(i, [{ name: 'MapUserCommand', mapping_id: 'a@example.com', external_id: 'EA' }]);
    expect((await h.mappings(i))[0]).toMatchObject({ internal_id: null, change: 'created' });
    await run(i, [{ name: 'MapUserCommand', mapping_id: 'a@example.com', internal_id: 5, internal_uuid: uuid }]);
    expect(await userOf(i, 5)).toMatchObject({ external_id: 'EA', change: 'matched' });

    await run(i, [{ name: 'MapUserCommand', mapping_id: 'b@example.com', internal_id: 6, internal_uuid: matchUser(6, '').internal_uuid }]);
    await run(i, [{ name: 'MapUserCommand', mapping_id: 'b@example.com', external_id: 'EB' }]);
    expect(await userOf(i, 6)).toMatchObject({ external_id: 'EB', change: 'matched' });
  });

  it('is reset by a Reset command, ResetUserMatchByExternalIdCommand and ResetAll', async () => {
    const i = await fresh();
    await run(i, [course(1, 'C1'), course(2, 'C2'), course(3, 'C3'), matchUser(1, 'U1')]);
    await run(i, [{ name: 'ResetCourseMatchCommand', internal_id: 1 }, { name: 'ResetUserMatchByExternalIdCommand', external_id: 'U1' }]);
    expect(await courseOf(i, 1)).toMatchObject({ external_id: null, change: 'reset' });
    expect(await userOf(i, 1)).toMatchObject({ external_id: null, change: 'reset' });
    await run(i, [{ name: 'ResetAllCoursesMatchCommand' }]);
    const courses = await h.mappings(i, { entities: { courses: {} } });
    expect(courses.map((m) => [m.internal_id, m.change])).toEqual([
      [1, 'reset'],
      [2, 'reset'],
      [3, 'reset'],
    ]);
    // Course 1 was reset already: ResetAll only touched it.
    expect(new Set(courses.map((m) => m.updated_at)).size).toBe(2);
    expect(courses[0].touched_at).toBe(courses[1].updated_at);
  });

  it('is deleted by a …Deleted event, on the mapping and on every mapping its cascade marks', async () => {
    const i = await fresh();
    await run(i, [matchUser(1, 'U1'), matchUser(2, 'U2'), course(7, 'C7'), enrollment(1, 7, 'E1'), enrollment(1, 8, 'E2'), enrollment(2, 7, 'E3')]);
    await h.event('platform.events.user.UserDeleted', { user_id: 1 }, '2026-01-01T00:00:00Z');
    const all = await h.mappings(i);
    const changes = Object.fromEntries(all.map((m) => [`${m.entity_type}:${m.user_id ?? ''}:${m.course_id ?? ''}`, m.change]));
    expect(changes).toEqual({
      'user:1:': 'deleted',
      'user:2:': 'created',
      'course::7': 'created',
      'course_enrollment:1:7': 'deleted',
      'course_enrollment:1:8': 'deleted',
      'course_enrollment:2:7': 'created',
    });
    // One event, one write: the user and its enrollments share one updated_at, after their deleted_at.
    const deleted = all.filter((m) => m.change === 'deleted');
    expect(new Set(deleted.map((m) => m.updated_at)).size).toBe(1);
    expect(deleted.every((m) => m.deleted_at === '2026-01-01T00:00:00.000Z')).toBe(true);
    await h.event('platform.events.course.CourseDeleted', { course_id: 7 });
    expect(await courseOf(i, 7)).toMatchObject({ change: 'deleted' });
  });

  it('is entity_updated by any other platform event', async () => {
    const i = await fresh();
    await run(i, [course(1, 'C1'), matchUser(1, 'U1')]);
    await h.event('platform.events.course.CourseUpdated', { course_id: 1 });
    await h.event('platform.events.user.UserUpdated', { user_id: 1 }, '2020-01-01T00:00:00Z');
    const c = await courseOf(i, 1);
    expect(c).toMatchObject({ change: 'entity_updated', last_updated_at: c.updated_at });
    const u = await userOf(i, 1);
    // occurred_at long before the write: the timestamps alone could not tell what the write did.
    expect(u).toMatchObject({ change: 'entity_updated', last_updated_at: '2020-01-01T00:00:00.000Z' });
    expect(u.updated_at > u.created_at).toBe(true);
  });

  it('is updated by a write that changes the record without touching its match, such as new metadata', async () => {
    const i = await fresh();
    await run(i, [course(1, 'C1', { a: 1 }), { name: 'MapUserCommand', mapping_id: 'x@example.com', internal_id: 3, internal_uuid: matchUser(3, '').internal_uuid }]);
    await run(i, [course(1, 'C1', { a: 2 }), matchUser(3, 'U3')]);
    expect(await courseOf(i, 1)).toMatchObject({ metadata: { a: 2 }, change: 'updated' });
    expect(await userOf(i, 3)).toMatchObject({ external_id: 'U3', change: 'matched' });
    await run(i, [{ name: 'MapUserCommand', mapping_id: 'y@example.com', internal_id: 3, internal_uuid: matchUser(3, '').internal_uuid }]);
    expect(await userOf(i, 3)).toMatchObject({ mapping_id: 'y@example.com', change: 'updated' });
  });

  it('stays created when the batch that creates the mapping also resets it, one by one or all at once', async () => {
    const i = await fresh();
    await run(i, [course(1, 'C1'), { name: 'ResetCourseMatchCommand', internal_id: 1 }, course(2, 'C2'), course(2, 'C9', { b: 1 })]);
    expect(await courseOf(i, 1)).toMatchObject({ external_id: null, change: 'created' });
    expect(await courseOf(i, 2)).toMatchObject({ external_id: 'C9', change: 'created' });
    await run(i, [course(3, 'C3'), { name: 'ResetAllCoursesMatchCommand' }]);
    expect((await h.mappings(i, { entities: { courses: {} } })).map((m) => [m.internal_id, m.change])).toEqual([
      [1, 'created'],
      [2, 'reset'],
      [3, 'created'],
    ]);
  });

  it('keeps a match or reset over a later metadata change in the same batch', async () => {
    const i = await fresh();
    await run(i, [course(1, 'C1'), course(2, 'C2')]);
    await run(i, [course(1, 'C5'), course(1, 'C5', { a: 1 }), { name: 'ResetCourseMatchCommand', internal_id: 2 }, course(2, 'C2', { a: 1 }), { name: 'ResetCourseMatchCommand', internal_id: 2 }]);
    expect(await courseOf(i, 1)).toMatchObject({ external_id: 'C5', metadata: { a: 1 }, change: 'matched' });
    expect(await courseOf(i, 2)).toMatchObject({ external_id: null, metadata: { a: 1 }, change: 'reset' });
  });

  it('is left alone, with updated_at, by a touch: the same command again, or an event stamping the same time', async () => {
    const i = await fresh();
    await run(i, [course(1, 'C1', { a: 1 })]);
    await run(i, [course(1, 'C2')]);
    const before = await courseOf(i, 1);
    await run(i, [course(1, 'C2', { a: 1 }), { name: 'ResetCourseMatchCommand', internal_id: 99 }]);
    const again = await courseOf(i, 1);
    expect(again.touched_at > before.touched_at).toBe(true);
    expect({ ...again, touched_at: null }).toEqual({ ...before, touched_at: null });
    await h.event('platform.events.course.CourseUpdated', { course_id: 1 }, '2026-02-02T00:00:00Z');
    const stamped = await courseOf(i, 1);
    expect(stamped.change).toBe('entity_updated');
    await run(i, [{ name: 'ResetAllCoursesMatchCommand' }]);
    await run(i, [{ name: 'ResetAllCoursesMatchCommand' }]);
    const reset = await courseOf(i, 1);
    expect(reset.change).toBe('reset');
    await h.event('platform.events.course.CourseUpdated', { course_id: 1 }, '2026-02-02T00:00:00Z');
    const touched = await courseOf(i, 1);
    expect(touched.touched_at > reset.touched_at).toBe(true);
    expect({ ...touched, touched_at: null }).toEqual({ ...reset, touched_at: null });
  });
});

describe('a data dir from before change', () => {
  it('gets the column at open, each row given the change its timestamps tell', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'old.sqlite');
      const old = new Database(file);
      old.exec(`CREATE TABLE mappings (
        id INTEGER PRIMARY KEY, integration_id INTEGER NOT NULL, entity_type TEXT NOT NULL, ekey TEXT, external_id TEXT, internal_id INTEGER,
        internal_uuid TEXT, mapping_id TEXT, user_id INTEGER, session_id INTEGER, course_id INTEGER, learning_plan_id INTEGER,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER, matched_at INTEGER, last_updated_at INTEGER,
        touched_at INTEGER, metadata TEXT)`);
      const add = old.prepare('INSERT INTO mappings (integration_id, entity_type, ekey, created_at, updated_at, matched_at, deleted_at, last_updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
      add.run('course', '1', 10, 10, 10, null, null);
      add.run('course', '2', 10, 20, 20, null, null);
      add.run('course', '3', 10, 30, 20, 30, null);
      add.run('course', '4', 10, 40, 20, null, 40);
      add.run('course', '5', 10, 50, null, null, 40);
      old.close();
      const db = openDatabase(file);
      expect(db.prepare('SELECT ekey, change FROM mappings ORDER BY id').all()).toEqual([
        { ekey: '1', change: 'created' },
        { ekey: '2', change: 'matched' },
        { ekey: '3', change: 'deleted' },
        { ekey: '4', change: 'entity_updated' },
        { ekey: '5', change: 'updated' },
      ]);
      db.close();
      // Opened again, nothing changes.
      const again = openDatabase(file);
      expect((again.prepare("SELECT count(*) AS n FROM mappings WHERE change = 'created'").get() as { n: number }).n).toBe(1);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
