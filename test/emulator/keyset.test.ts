import { sortFields } from '../../connector/model/query';
import { queryMappings } from '../../src/emulator/query';
import { validatorFor } from '../../src/validate/ajv';
import { Harness, type Integration, type Reply } from './harness';

const courses = (count: number, from = 1) => Array.from({ length: count }, (_, n) => ({ name: 'MatchCourseCommand', internal_id: from + n, external_id: `C${from + n}` }));

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset paging', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  /**
   * The route's own function, in-process: 3,000 pages over HTTP cost about 10 s on a loaded
   * 2-core machine, the query itself a tenth of a millisecond each.
   */
  const direct = (i: Integration): Query => {
    const store = h.server.domains.get('localhost')!;
    const row = store.integration(i.uuid)!;
    return async (body: Record<string, unknown>) => ({ status: 200, body: { data: JSON.parse(JSON.stringify(queryMappings(store.db, row.id, row.uuid, body))) } });
  };

  /**
   * Every page from the first on, following next_cursor; the internal ids in the order served.
   * Each page's counts are checked too, as plain comparisons (jest's matchers, thousands of times,
   * would cost more than the queries).
   */
  type Query = (body: Record<string, unknown>) => Promise<Pick<Reply, 'status' | 'body'>>;
  const follow = async (i: Integration, body: Record<string, unknown>, pageSize: number, query: Query = (b) => h.query(i, b)) => {
    const ids: number[] = [];
    const wrong: unknown[] = [];
    let after: string | undefined;
    let remaining: number | undefined;
    for (let pages = 0; ; pages++) {
      const r = await query({ ...body, page_size: pageSize, ...(after ? { after } : {}) });
      expect(r.status).toBe(200);
      const data = r.body.data;
      if (pages < 3) expect(validatorFor('query-page.json')(data)).toBe(true);
      // With after, the counts are of what follows the cursor, and the page is always the first.
      const expected = {
        total_count: remaining ?? data.total_count,
        current_page: 1,
        total_page_count: Math.ceil(data.total_count / pageSize),
        has_more_data: data.total_count > pageSize,
        next_cursor: data.items.length === 0 ? (after ?? null) : data.next_cursor,
      };
      if (Object.entries(expected).some(([k, v]) => data[k] !== v) || (data.items.length > 0 && typeof data.next_cursor !== 'string')) wrong.push({ page: pages, data, expected });
      remaining = data.total_count - data.items.length;
      ids.push(...data.items.map((m: { internal_id: number }) => m.internal_id));
      // An empty page hands the cursor back, to poll again from the same place.
      if (data.items.length === 0) break;
      after = data.next_cursor;
    }
    expect(wrong).toEqual([]);
    return ids;
  };

  describe('through thousands of mappings sharing one updated_at', () => {
    let i: Integration;
    let resetAt: string;
    beforeAll(async () => {
      i = await h.createIntegration({ name: 'TIES' });
      await h.run(i, courses(1000, 1));
      await h.run(i, courses(1000, 1001));
      await h.run(i, courses(1000, 2001));
      await h.run(i, [{ name: 'ResetAllCoursesMatchCommand' }]);
      const all = await h.mappings(i, { sort_by: 'updated_at', page_size: 1 });
      resetAt = all[0].updated_at;
    });

    it('all reset by one ResetAll, at one updated_at', async () => {
      const r = await h.query(i, { updated_at_from: resetAt, updated_at_to: new Date(Date.parse(resetAt) + 1).toISOString(), page_size: 1 });
      expect(r.body.data.total_count).toBe(3000);
      expect(r.body.data.items[0].change).toBe('reset');
    });

    it.each([
      [1, 'in-process'],
      [7, 'over HTTP'],
      [1000, 'over HTTP'],
    ])('are followed with page_size %i (%s), each served once, in the stable order', async (pageSize, how) => {
      const ids = await follow(i, { sort_by: 'updated_at', sort_direction: 'asc', updated_at_from: resetAt }, pageSize, how === 'in-process' ? direct(i) : undefined);
      expect(ids).toHaveLength(3000);
      expect(ids).toEqual(Array.from({ length: 3000 }, (_, n) => n + 1));
    });
  });

  describe('in every sort, nullable ones and desc included', () => {
    let i: Integration;
    beforeAll(async () => {
      i = await h.createIntegration({ name: 'SORTS', events: ['platform.events.course.CourseDeleted', 'platform.events.course.CourseUpdated'] });
      await h.run(i, courses(60));
      await h.run(i, courses(40, 61));
      // Nulls in every nullable column, and ties in each: deleted_at shared by events with one occurred_at.
      await h.run(i, [{ name: 'ResetCourseMatchCommand', internal_id: 3 }, { name: 'ResetCourseMatchCommand', internal_id: 70 }]);
      for (const n of [5, 6, 7, 50, 51, 80, 99]) await h.event('platform.events.course.CourseDeleted', { course_id: n }, n < 60 ? '2026-03-01T00:00:00Z' : '2026-02-01T00:00:00Z');
      for (const n of [1, 2, 80]) await h.event('platform.events.course.CourseUpdated', { course_id: n });
    });

    it.each(sortFields.flatMap((s) => [[s, 'asc'], [s, 'desc']] as const))('by %s %s: the pages after each cursor are the numbered pages', async (field, direction) => {
      const ordered = (await h.mappings(i, { sort_by: field, sort_direction: direction })).map((m) => m.internal_id);
      expect(ordered).toHaveLength(100);
      expect(await follow(i, { sort_by: field, sort_direction: direction }, 7)).toEqual(ordered);
      expect(await follow(i, { sort_by: field, sort_direction: direction }, 1)).toEqual(ordered);
    });

    it('continues a numbered page with its next_cursor', async () => {
      const ordered = (await h.mappings(i, { sort_by: 'deleted_at', sort_direction: 'desc' })).map((m) => m.internal_id);
      const page3 = (await h.query(i, { sort_by: 'deleted_at', sort_direction: 'desc', page: 3, page_size: 3 })).body.data;
      expect(page3.items.map((m: { internal_id: number }) => m.internal_id)).toEqual(ordered.slice(6, 9));
      const next = (await h.query(i, { sort_by: 'deleted_at', sort_direction: 'desc', page_size: 5, after: page3.next_cursor })).body.data;
      expect(next.items.map((m: { internal_id: number }) => m.internal_id)).toEqual(ordered.slice(9, 14));
      expect(next).toMatchObject({ current_page: 1, total_count: 91, total_page_count: 19, has_more_data: true });
    });

    it('gives no cursor for an empty page asked without one', async () => {
      expect((await h.query(i, { page: 50 })).body.data).toMatchObject({ items: [], next_cursor: null });
      expect((await h.query(i, { created_at_from: '2999-01-01T00:00:00Z' })).body.data).toMatchObject({ items: [], total_count: 0, next_cursor: null });
    });

    it('keeps filters with a cursor: they still apply after it', async () => {
      const body = { sort_by: 'updated_at', entities: { courses: { course_ids: [1, 2, 3, 50, 80, 99] } } };
      const ordered = (await h.mappings(i, body)).map((m) => m.internal_id);
      expect(await follow(i, body, 2)).toEqual(ordered);
    });
  });

  describe('refuses with invalid_request', () => {
    let i: Integration;
    let cursor: string;
    beforeAll(async () => {
      i = await h.createIntegration({ name: 'BAD' });
      await h.run(i, courses(3));
      cursor = (await h.query(i, { sort_by: 'updated_at', page_size: 1 })).body.data.next_cursor;
    });

    it.each([
      ['a cursor that does not decode', { after: 'not a cursor!' }, 'after', 'after: not a cursor this service gave out; send a next_cursor back unchanged'],
      ['a cursor of the wrong shape', { after: cursorOf({ at: 1 }) }, 'after', 'after: not a cursor this service gave out; send a next_cursor back unchanged'],
      ['a cursor of an unknown sort', { after: cursorOf(['touched_at', 'asc', 1, 1]) }, 'after', 'after: not a cursor this service gave out; send a next_cursor back unchanged'],
      ['a null position in a sort without nulls', { after: cursorOf(['created_at', 'asc', null, 1]) }, 'after', 'after: not a cursor this service gave out; send a next_cursor back unchanged'],
      ['an empty cursor', { after: '' }, 'after', 'after must not be empty'],
    ])('%s, naming after', async (_, body, path, message) => {
      const r = await h.query(i, body);
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({ code: 'invalid_request', message: `the request body is invalid: ${message}`, details: [{ path, message }] });
    });

    it('a cursor made for another sort_by or sort_direction, saying which', async () => {
      const other = await h.query(i, { sort_by: 'created_at', after: cursor });
      expect(other.status).toBe(400);
      expect(other.body.error.details).toEqual([{ path: 'after', message: 'after: this cursor was made for sort_by updated_at asc, not created_at asc' }]);
      const desc = await h.query(i, { sort_by: 'updated_at', sort_direction: 'desc', after: cursor });
      expect(desc.body.error.details).toEqual([{ path: 'after', message: 'after: this cursor was made for sort_by updated_at asc, not updated_at desc' }]);
      // The defaults are the sort the cursor names when they are the same sort.
      const byDefault = (await h.query(i, { page_size: 1 })).body.data.next_cursor;
      expect((await h.query(i, { sort_by: 'created_at', sort_direction: 'asc', after: byDefault })).status).toBe(200);
    });

    it('page together with after, naming page', async () => {
      const r = await h.query(i, { sort_by: 'updated_at', after: cursor, page: 1 });
      expect(r.status).toBe(400);
      expect(r.body.error.details).toEqual([{ path: 'page', message: 'page: with after, pages count from the cursor: leave page out' }]);
    });
  });

  it('walks the updated_at index from the cursor, without sorting', async () => {
    const e = await Harness.start();
    try {
      const i = await e.createIntegration({ name: 'PLAN' });
      await e.run(i, courses(20));
      const db = e.server.domains.get('localhost')!.db;
      const cursor = (await e.query(i, { sort_by: 'updated_at', page_size: 5 })).body.data.next_cursor;
      const statements: string[] = [];
      const prepare = db.prepare.bind(db);
      const spy = jest.spyOn(db, 'prepare').mockImplementation(((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare);
      try {
        expect((await e.query(i, { sort_by: 'updated_at', page_size: 5, after: cursor })).body.data.items).toHaveLength(5);
        expect((await e.query(i, { sort_by: 'updated_at', page_size: 5, after: cursor, entities: { courses: {} }, updated_at_from: '2020-01-01T00:00:00Z' })).status).toBe(200);
      } finally {
        spy.mockRestore();
      }
      const selects = statements.filter((s) => s.startsWith('SELECT'));
      expect(selects.length).toBeGreaterThanOrEqual(4);
      const plans: string[] = [];
      for (const sql of selects) {
        const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.match(/\?/g)!, () => 1)) as { detail: string }[]).map((r) => r.detail).join('; ');
        plans.push(plan);
        // The rest of the cursor's tie, then the later times: each a seek, neither a scan of the tie.
        expect([sql, plan]).toEqual([sql, expect.stringMatching(/^SEARCH mappings USING (COVERING )?INDEX mappings_updated \(integration_id=\? AND (updated_at=\? AND id>\?|updated_at>\?)\)$/)]);
        expect(plan).not.toMatch(/TEMP B-TREE/);
      }
      expect(plans.filter((p) => p.includes('updated_at=? AND id>?'))).toHaveLength(4);
    } finally {
      await e.close();
    }
  });
});
