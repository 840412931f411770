import { mappingTimestamps } from '../../connector/model/mapping';
import { sortFields } from '../../connector/model/query';
import { validatorFor } from '../../src/validate/ajv';
import { Harness, matchUser, sleep, type Integration } from './harness';

const uuidOf = (n: number) => matchUser(n, '').internal_uuid;

describe('query', () => {
  let h: Harness;
  let i: Integration;
  beforeAll(async () => {
    h = await Harness.start();
    i = await h.createIntegration({ name: 'Q', events: ['platform.events.course.CourseDeleted', 'platform.events.course.CourseUpdated'] });
    await h.run(i, [
      matchUser(1, 'U1'),
      matchUser(2, 'U2', { metadata: { dept: { code: 'B' }, n: 2, active: false } }),
      matchUser(3, 'U3', { metadata: { dept: { code: 'A' }, n: 1, active: true, gone: null, 'odd key': 'yes', 'say "hi"': { 'back\\slash': 1 } } }),
      { name: 'MatchCourseCommand', internal_id: 10, external_id: 'C10', metadata: { n: 1 } },
      { name: 'MatchCourseCommand', internal_id: 11, external_id: 'C11', metadata: { n: '1' } },
      { name: 'MatchSessionCommand', internal_id: 20, course_id: 10, external_id: 'S20' },
      { name: 'MatchLearningPlanCommand', internal_id: 30, external_id: 'L30', metadata: { dept: { code: 'A' } } },
      { name: 'MatchCourseEnrollmentCommand', internal_id: 1, course_id: 10, external_id: 'CE1' },
      { name: 'MatchCourseEnrollmentCommand', internal_id: 2, course_id: 10, external_id: 'CE2' },
      { name: 'MatchSessionEnrollmentCommand', internal_id: 1, session_id: 20, external_id: 'SE1' },
      { name: 'MatchLearningPlanEnrollmentCommand', internal_id: 1, learning_plan_id: 30, external_id: 'LE1' },
      { name: 'MapUserCommand', mapping_id: 'waiting@example.com', external_id: 'W1' },
    ]);
  });
  afterAll(() => h.close());

  const select = async (body: Record<string, unknown>) => (await h.mappings(i, body)).map((m) => `${m.entity_type}:${m.internal_id}${m.course_id && m.entity_type.endsWith('enrollment') ? `/${m.course_id}` : ''}`).sort();

  describe('entity selection', () => {
    it('returns every entity type without entities, or with an empty object', async () => {
      expect(await select({})).toHaveLength(12);
      expect(await select({ entities: {} })).toHaveLength(12);
    });

    it('returns only the named types, all of a type given without ids or with empty lists', async () => {
      expect(await select({ entities: { courses: {} } })).toEqual(['course:10', 'course:11']);
      expect(await select({ entities: { courses: { course_ids: [] }, sessions: {} } })).toEqual(['course:10', 'course:11', 'session:20']);
      expect(await select({ entities: { users: { user_ids: [], user_uuids: [] } } })).toEqual(['user:1', 'user:2', 'user:3', 'user:null']);
      expect(await select({ entities: { course_enrollments: [] } })).toEqual(['course_enrollment:1/10', 'course_enrollment:2/10']);
    });

    it('combines the id lists of one type with OR, and types with OR', async () => {
      expect(await select({ entities: { users: { user_ids: [1], user_uuids: [uuidOf(3).toUpperCase()] } } })).toEqual(['user:1', 'user:3']);
      expect(await select({ entities: { users: { user_ids: [2] }, learning_plans: { learning_plan_ids: [30, 99] } } })).toEqual(['learning_plan:30', 'user:2']);
      expect(await select({ entities: { course_enrollments: [{ user_id: 2, course_id: 10 }, { user_id: 2, course_id: 99 }] } })).toEqual(['course_enrollment:2/10']);
      expect(await select({ entities: { session_enrollments: [{ user_id: 1, session_id: 20 }] } })).toEqual(['session_enrollment:1']);
      expect(await select({ entities: { learning_plan_enrollments: [{ user_id: 1, learning_plan_id: 30 }] } })).toEqual(['learning_plan_enrollment:1']);
      expect(await select({ entities: { sessions: { session_ids: [20] } } })).toEqual(['session:20']);
    });

    it('accepts events and finds none, as nothing writes them yet', async () => {
      expect(await select({ entities: { events: {} } })).toEqual([]);
      expect(await select({ entities: { events: { event_ids: [1] } } })).toEqual([]);
    });
  });

  describe('metadata filters', () => {
    const f = (key: string, operator: 'eq' | 'neq', value: unknown) => ({ metadata_filters: [{ key, operator, value }] });

    it('matches a dot path into nested metadata with eq', async () => {
      expect(await select(f('dept.code', 'eq', 'A'))).toEqual(['learning_plan:30', 'user:3']);
    });

    it('compares with strict JSON equality: a number is not its string, true is not 1', async () => {
      expect(await select(f('n', 'eq', 1))).toEqual(['course:10', 'user:3']);
      expect(await select(f('n', 'eq', '1'))).toEqual(['course:11']);
      expect(await select(f('active', 'eq', true))).toEqual(['user:3']);
      expect(await select(f('active', 'eq', false))).toEqual(['user:2']);
      expect(await select(f('odd key', 'eq', 'yes'))).toEqual(['user:3']);
      expect(await select(f('say "hi".back\\slash', 'eq', 1))).toEqual(['user:3']);
      expect(await select(f('say "hi".back\\slash', 'neq', 1))).toHaveLength(11);
    });

    it('matches eq null on an explicit null only, not on a missing key', async () => {
      expect(await select(f('gone', 'eq', null))).toEqual(['user:3']);
    });

    it('matches neq on mappings without the key too', async () => {
      const all = await select({});
      expect(await select(f('dept.code', 'neq', 'A'))).toEqual(all.filter((m) => m !== 'learning_plan:30' && m !== 'user:3'));
      expect(await select(f('gone', 'neq', null))).toEqual(all.filter((m) => m !== 'user:3'));
    });

    it('combines several filters and the entity selection with AND', async () => {
      expect(await select({ metadata_filters: [{ key: 'dept.code', operator: 'eq', value: 'A' }, { key: 'n', operator: 'eq', value: 1 }] })).toEqual(['user:3']);
      expect(await select({ entities: { users: {} }, ...f('dept.code', 'eq', 'A') })).toEqual(['user:3']);
      expect(await select({ entities: { courses: {} }, ...f('dept.code', 'eq', 'A') })).toEqual([]);
    });
  });

  describe('time windows', () => {
    let t: Integration;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let all: any[];
    beforeAll(async () => {
      t = await h.createIntegration({ name: 'T', events: ['platform.events.course.CourseDeleted', 'platform.events.course.CourseUpdated'] });
      for (const n of [1, 2, 3, 4]) {
        await h.run(t, [{ name: 'MatchCourseCommand', internal_id: n, external_id: `C${n}` }]);
        await sleep(3);
      }
      await h.run(t, [{ name: 'ResetCourseMatchCommand', internal_id: 4 }]);
      for (const n of [1, 2, 3]) {
        await h.event('platform.events.course.CourseDeleted', { course_id: n }, `2026-0${n}-01T00:00:00.00${n}Z`);
        await h.event('platform.events.course.CourseUpdated', { course_id: n }, `2025-0${n}-01T00:00:00.00${n}Z`);
        await sleep(3);
      }
      all = await h.mappings(t);
    });

    const ids = async (body: Record<string, unknown>) => (await h.mappings(t, body)).map((m) => m.internal_id).sort();

    it.each(mappingTimestamps.map((ts) => [ts]))('filters %s with _from inclusive and _to exclusive, never matching a null', async (ts) => {
      const values = all.map((m) => m[ts]).filter((v) => v !== null).sort();
      expect(new Set(values).size).toBeGreaterThanOrEqual(3);
      for (const bound of values) {
        const from = all.filter((m) => m[ts] !== null && m[ts] >= bound).map((m) => m.internal_id).sort();
        const to = all.filter((m) => m[ts] !== null && m[ts] < bound).map((m) => m.internal_id).sort();
        expect(await ids({ [`${ts}_from`]: bound })).toEqual(from);
        expect(await ids({ [`${ts}_to`]: bound })).toEqual(to);
        expect(await ids({ [`${ts}_from`]: values[0], [`${ts}_to`]: bound })).toEqual(to);
      }
    });

    it('reads bounds with any offset and any number of fraction digits', async () => {
      const [c2] = all.filter((m) => m.internal_id === 2);
      const ms = Date.parse(c2.created_at);
      const plus2h = new Date(ms + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      expect(await ids({ created_at_from: plus2h, entities: { courses: { course_ids: [2] } } })).toEqual([2]);
      // A nanosecond after the stored millisecond: _from excludes it, _to includes it.
      const later = c2.created_at.replace('Z', '000001Z');
      expect(await ids({ created_at_from: later, entities: { courses: { course_ids: [2] } } })).toEqual([]);
      expect(await ids({ created_at_to: later, entities: { courses: { course_ids: [2] } } })).toEqual([2]);
      // Without fraction digits: the whole second, at or before the stored instant.
      expect(await ids({ created_at_to: c2.created_at.replace(/\.\d+Z$/, 'Z'), entities: { courses: { course_ids: [2] } } })).toEqual([]);
    });

    it('combines time windows with entity and metadata filters', async () => {
      const deleted = all.filter((m) => m.deleted_at !== null).map((m) => m.deleted_at).sort();
      expect(await ids({ deleted_at_from: deleted[1], matched_at_from: all[0].matched_at, entities: { courses: { course_ids: [1, 2, 3, 4] } } })).toEqual([2, 3]);
      expect(await ids({ deleted_at_from: deleted[1], metadata_filters: [{ key: 'x', operator: 'eq', value: 1 }] })).toEqual([]);
    });

    it.each(sortFields.flatMap((s) => [[s, 'asc'], [s, 'desc']] as const))('sorts by %s %s with nulls last', async (field, direction) => {
      const items = await h.mappings(t, { sort_by: field, sort_direction: direction });
      const values = items.map((m) => m[field]);
      const present = values.filter((v) => v !== null);
      expect(values.slice(0, present.length)).toEqual(present);
      expect(present).toEqual([...present].sort((a, b) => (direction === 'asc' ? a.localeCompare(b) : b.localeCompare(a))));
      expect(items).toHaveLength(4);
    });
  });

  describe('pages', () => {
    let p: Integration;
    beforeAll(async () => {
      p = await h.createIntegration({ name: 'P' });
      // One request, one transaction: 250 mappings with the same timestamps, ties everywhere.
      await h.run(p, Array.from({ length: 250 }, (_, n) => ({ name: 'MatchCourseCommand', internal_id: n + 1, external_id: `C${n}` })));
    });

    it.each(sortFields.flatMap((s) => [[s, 'asc'], [s, 'desc']] as const))('page through ties by %s %s without repeats or gaps', async (field, direction) => {
      const seen: number[] = [];
      let page = 1;
      for (;;) {
        const r = await h.query(p, { sort_by: field, sort_direction: direction, page, page_size: 7 });
        const data = r.body.data;
        expect(validatorFor('query-page.json')(data)).toBe(true);
        expect(data).toMatchObject({ current_page: page, page_size: 7, total_count: 250, total_page_count: 36 });
        seen.push(...data.items.map((m: { internal_id: number }) => m.internal_id));
        if (!data.has_more_data) break;
        page++;
      }
      expect(page).toBe(36);
      expect(seen).toHaveLength(250);
      expect(new Set(seen).size).toBe(250);
    });

    it('defaults to page 1 of 100', async () => {
      const r = await h.query(p, {});
      expect(r.body.data).toMatchObject({ current_page: 1, page_size: 100, total_count: 250, total_page_count: 3, has_more_data: true });
      expect(r.body.data.items).toHaveLength(100);
    });

    it('answers a page past the last with no items and has_more_data false', async () => {
      const r = await h.query(p, { page: 99, page_size: 100 });
      expect(r.body.data).toEqual({ items: [], current_page: 99, page_size: 100, total_count: 250, total_page_count: 3, has_more_data: false, next_cursor: null });
    });

    it('answers no results with total_count 0 and total_page_count 0', async () => {
      const r = await h.query(p, { entities: { users: {} } });
      expect(r.body.data).toEqual({ items: [], current_page: 1, page_size: 100, total_count: 0, total_page_count: 0, has_more_data: false, next_cursor: null });
    });
  });

  it.each([
    ['sort_by touched_at', { sort_by: 'touched_at' }, 'sort_by'],
    ['page 0', { page: 0 }, 'page'],
    ['page_size 1001', { page_size: 1001 }, 'page_size'],
    ['an unknown field', { limit: 5 }, 'limit'],
    ['a bound that is not a date-time', { created_at_from: '2026-13-01' }, 'created_at_from'],
    ['a bound without a time zone', { created_at_from: '2026-01-01T00:00:00' }, 'created_at_from'],
    ['an unknown operator', { metadata_filters: [{ key: 'a', operator: 'gt', value: 1 }] }, 'metadata_filters[0].operator'],
    ['a value that is not a scalar', { metadata_filters: [{ key: 'a', operator: 'eq', value: { b: 1 } }] }, 'metadata_filters[0].value'],
    ['an unknown entity type', { entities: { badges: {} } }, 'entities.badges'],
    ['an id that is not a positive integer', { entities: { courses: { course_ids: [0] } } }, 'entities.courses.course_ids[0]'],
  ])('refuses %s with invalid_request naming the path', async (_, body, path) => {
    const r = await h.query(i, body);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('takes an empty body as a query for everything', async () => {
    const r = await h.call('POST', `/integrations/${i.uuid}/entities/query`, { integration: i, raw: { payload: '', type: 'application/json' } });
    expect(r.status).toBe(200);
    expect(r.body.data.total_count).toBe(12);
  });
});
