import { rmSync } from 'node:fs';
import { entityKeyFields } from '../../connector/model/mapping';
import { WriteClock } from '../../src/emulator/clock';
import { Harness, matchUser, tempDir, type Integration } from './harness';

const course = (n: number, externalId: string, metadata?: Record<string, unknown>) => ({
  name: 'MatchCourseCommand',
  internal_id: n,
  external_id: externalId,
  ...(metadata ? { metadata } : {}),
});

const T0 = Date.parse('2026-06-01T12:00:00.000Z');

describe('the write clock', () => {
  it('gives each write a time strictly later than the one before, even when the wall clock stands still or goes back', () => {
    let wall = 1000;
    const clock = new WriteClock(() => wall, -Infinity);
    expect([clock.next(), clock.next(), clock.next()]).toEqual([1000, 1001, 1002]);
    wall = 10;
    expect(clock.next()).toBe(1003);
    wall = 5000;
    expect(clock.next()).toBe(5000);
    // Resumed from a stored time, it starts after it.
    expect(new WriteClock(() => 10, 7000).next()).toBe(7001);
  });

  it('stamps later writes later over HTTP when the injected wall clock goes backwards, and after a restart', async () => {
    const dir = tempDir();
    let wall = T0;
    try {
      const h = await Harness.start({ now: () => wall }, {}, dir);
      let i: Integration;
      const stamps: string[] = [];
      try {
        i = await h.createIntegration({ name: 'CLOCK', events: ['platform.events.course.CourseUpdated'] });
        await h.run(i, [course(1, 'C1')]);
        stamps.push((await h.mappings(i))[0].updated_at);
        wall -= 3_600_000;
        await h.run(i, [course(2, 'C2')]);
        stamps.push((await h.mappings(i, { entities: { courses: { course_ids: [2] } } }))[0].updated_at);
        wall -= 3_600_000;
        // An event's time of receipt is its write time too.
        await h.event('platform.events.course.CourseUpdated', { course_id: 1 });
        const [updated] = await h.mappings(i, { entities: { courses: { course_ids: [1] } } });
        expect(updated.last_updated_at).toBe(updated.updated_at);
        stamps.push(updated.updated_at);
      } finally {
        await h.server.close();
      }
      // Started again with the wall clock a day behind: the clock resumes after the stored times.
      wall = T0 - 86_400_000;
      const again = await Harness.start({ now: () => wall }, {}, dir);
      try {
        await again.run(i, [course(2, 'C2', { moved: true })]);
        stamps.push((await again.mappings(i, { entities: { courses: { course_ids: [2] } } }))[0].updated_at);
      } finally {
        await again.server.close();
      }
      expect(stamps).toEqual(['2026-06-01T12:00:00.000Z', '2026-06-01T12:00:00.001Z', '2026-06-01T12:00:00.002Z', '2026-06-01T12:00:00.003Z']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets a reader following next_cursor by updated_at see every final version once, in order, while clients write concurrently', async () => {
    // A wall clock that stands still: every write falls within one of its ticks, the worst case
    // for a cursor, and only the write clock tells the writes apart.
    const h = await Harness.start({ now: () => T0 });
    try {
      const i = await h.createIntegration({
        name: 'RACE',
        events: ['platform.events.course.CourseUpdated', 'platform.events.course.CourseDeleted', 'platform.events.user.UserUpdated', 'platform.events.user.UserDeleted'],
      });
      // A small deterministic generator, so that a failure can be replayed.
      let seed = 42;
      const random = (n: number) => {
        // mulberry32
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) % n;
      };
      const command = (): Record<string, unknown> => {
        const n = 1 + random(40);
        switch (random(6)) {
          case 0:
            return course(n, `C${random(60)}`, random(2) ? { v: random(5) } : undefined);
          case 1:
            return { name: 'ResetCourseMatchCommand', internal_id: n };
          case 2:
            return matchUser(1 + random(20), `U${random(30)}`, { metadata: { v: random(3) } });
          case 3:
            return { name: 'MatchCourseEnrollmentCommand', internal_id: 1 + random(20), course_id: n, external_id: `E${random(1000)}` };
          case 4:
            return random(8) === 0 ? { name: 'ResetAllCoursesMatchCommand' } : { name: 'ResetUserMatchCommand', internal_id: 1 + random(20), internal_uuid: matchUser(1, '').internal_uuid };
          default:
            return course(n, `C${n}`);
        }
      };
      const writer = async () => {
        for (let b = 0; b < 25; b++) {
          const r = await h.send(i, Array.from({ length: 1 + random(12) }, command));
          expect(r.status).toBe(202);
        }
      };
      const events = async () => {
        const names = ['platform.events.course.CourseUpdated', 'platform.events.course.CourseDeleted', 'platform.events.user.UserUpdated', 'platform.events.user.UserDeleted'];
        for (let e = 0; e < 60; e++) {
          const name = names[random(4)];
          expect((await h.event(name, name.includes('.course.') ? { course_id: 1 + random(40) } : { user_id: 1 + random(20) })).status).toBe(202);
        }
      };

      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const seen: any[] = [];
      let after: string | undefined;
      const readPage = async (): Promise<number> => {
        const r = await h.query(i, { sort_by: 'updated_at', sort_direction: 'asc', page_size: 3, ...(after ? { after } : {}) });
        expect(r.status).toBe(200);
        seen.push(...r.body.data.items);
        after = r.body.data.next_cursor ?? after;
        return r.body.data.items.length;
      };
      let writing = true;
      let pagesWhileWriting = 0;
      const reader = async () => {
        while (writing) await readPage(), pagesWhileWriting++;
      };
      const done = Promise.all([writer(), writer(), writer(), events()]).finally(() => (writing = false));
      await Promise.all([done, reader()]);
      await h.idle();
      while ((await readPage()) > 0);

      const keyOf = (m: Record<string, unknown>) => [m.entity_type, ...entityKeyFields[m.entity_type as keyof typeof entityKeyFields].map((f) => m[f])].join(':');
      const versions = seen.map((m) => `${keyOf(m)}@${m.updated_at}`);
      expect(new Set(versions).size).toBe(versions.length);
      const times = seen.map((m) => m.updated_at);
      expect(times).toEqual([...times].sort());
      // The last version the reader saw of each mapping is the mapping as it is now (but for
      // touched_at: a touch is no new version).
      const final = await h.mappings(i, { sort_by: 'updated_at' });
      expect(final.length).toBeGreaterThan(50);
      expect(final.length).toBeLessThan(1000);
      const lastSeen = new Map(seen.map((m) => [keyOf(m), { ...m, touched_at: null }]));
      expect(lastSeen).toEqual(new Map(final.map((m) => [keyOf(m), { ...m, touched_at: null }])));
      // The reader read while the writes happened: it saw versions that were later replaced.
      expect(seen.length).toBeGreaterThan(final.length);
      expect(pagesWhileWriting).toBeGreaterThan(10);
    } finally {
      await h.close();
    }
  });
});
