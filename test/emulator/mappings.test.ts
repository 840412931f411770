import { commandTable, type CommandRow, type EntityType } from '../../connector/commands';
import { validatorFor } from '../../src/validate/ajv';
import { Harness, matchUser, sleep, type Integration } from './harness';

/** A Match command of each entity type, for entity `n`, and the mapping fields it must produce. */
const matchOf = (row: CommandRow, n: number, externalId: string, metadata?: Record<string, unknown>): Record<string, unknown> => {
  const c: Record<string, unknown> = { name: row.name, external_id: externalId, internal_id: n };
  if (row.required.includes('internal_uuid')) c.internal_uuid = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  if (row.required.includes('course_id')) c.course_id = 100 + n;
  if (row.required.includes('session_id')) c.session_id = 200 + n;
  if (row.required.includes('learning_plan_id')) c.learning_plan_id = 300 + n;
  if (metadata) c.metadata = metadata;
  return c;
};

const expectedIds = (type: EntityType, n: number) => {
  const ids = { internal_id: n, user_id: null as number | null, course_id: null as number | null, session_id: null as number | null, learning_plan_id: null as number | null, internal_uuid: null as string | null };
  switch (type) {
    case 'user':
      return { ...ids, user_id: n, internal_uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` };
    case 'course':
      return { ...ids, course_id: n };
    case 'session':
      return { ...ids, session_id: n, course_id: 100 + n };
    case 'learning_plan':
      return { ...ids, learning_plan_id: n };
    case 'course_enrollment':
      return { ...ids, user_id: n, course_id: 100 + n };
    case 'session_enrollment':
      return { ...ids, user_id: n, session_id: 200 + n };
    case 'learning_plan_enrollment':
      return { ...ids, user_id: n, learning_plan_id: 300 + n };
    default:
      return ids;
  }
};

/** The Reset*Match command for the key `matchOf(row, n)` wrote. */
const resetOf = (type: EntityType, n: number): Record<string, unknown> => {
  const reset = commandTable.find((r) => r.entityType === type && r.operation === 'reset')!;
  const c: Record<string, unknown> = { name: reset.name };
  for (const f of reset.required) {
    c[f] = f === 'internal_id' || f === 'user_id' ? n : f === 'internal_uuid' ? `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` : f === 'course_id' ? 100 + n : f === 'session_id' ? 200 + n : 300 + n;
  }
  return c;
};

const matchRows = commandTable.filter((r) => r.operation === 'match');
const entitySelection: Record<string, string> = {
  user: 'users',
  course: 'courses',
  session: 'sessions',
  learning_plan: 'learning_plans',
  course_enrollment: 'course_enrollments',
  session_enrollment: 'session_enrollments',
  learning_plan_enrollment: 'learning_plan_enrollments',
};

describe('command semantics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  const fresh = () => h.createIntegration({ name: 'SEM' });
  const ofType = async (i: Integration, type: EntityType) => h.mappings(i, { entities: { [entitySelection[type]]: type.endsWith('enrollment') ? [] : {} } });

  describe.each(matchRows.map((r) => [r.name, r] as const))('%s', (_, row) => {
    it('creates the mapping at its key with exactly the id fields of its type, matched and touched', async () => {
      const i = await fresh();
      const status = await h.run(i, [matchOf(row, 7, 'EXT-7', { dept: { code: 'A' } })]);
      expect(status.processed).toBe(1);
      const [m] = await ofType(i, row.entityType);
      expect(validatorFor('mapping.json')(m)).toBe(true);
      expect(m).toEqual({
        entity_type: row.entityType,
        integration_id: i.uuid,
        external_id: 'EXT-7',
        mapping_id: null,
        ...expectedIds(row.entityType, 7),
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updated_at: m.created_at,
        matched_at: m.created_at,
        touched_at: m.created_at,
        deleted_at: null,
        last_updated_at: null,
        change: 'created',
        metadata: { dept: { code: 'A' } },
      });
    });

    it('is idempotent: sending it again changes nothing but touched_at', async () => {
      const i = await fresh();
      await h.run(i, [matchOf(row, 7, 'EXT-7', { a: 1, b: 2 })]);
      const [before] = await ofType(i, row.entityType);
      await sleep(3);
      await h.run(i, [matchOf(row, 7, 'EXT-7', { b: 2, a: 1 })]);
      const [after] = await ofType(i, row.entityType);
      expect(after.touched_at > before.touched_at).toBe(true);
      expect({ ...after, touched_at: null }).toEqual({ ...before, touched_at: null });
    });

    it('stamps matched_at and updated_at when the external id changes, and replaces the metadata when given', async () => {
      const i = await fresh();
      await h.run(i, [matchOf(row, 7, 'EXT-7', { a: 1 })]);
      const [before] = await ofType(i, row.entityType);
      await sleep(3);
      await h.run(i, [matchOf(row, 7, 'EXT-8')]);
      const [moved] = await ofType(i, row.entityType);
      expect(moved.matched_at > before.matched_at).toBe(true);
      expect(moved.updated_at).toBe(moved.matched_at);
      expect(moved.metadata).toEqual({ a: 1 });
      await sleep(3);
      await h.run(i, [matchOf(row, 7, 'EXT-8', { b: 2 })]);
      const [replaced] = await ofType(i, row.entityType);
      expect(replaced.metadata).toEqual({ b: 2 });
      expect(replaced.matched_at).toBe(moved.matched_at);
      expect(replaced.updated_at > moved.updated_at).toBe(true);
    });

    it('fails when another key of the same type already holds the external id', async () => {
      const i = await fresh();
      const status = await h.run(i, [matchOf(row, 7, 'SAME'), matchOf(row, 8, 'SAME')]);
      expect(status).toMatchObject({ processed: 1, failed: 1 });
      expect(status.items[1].errors).toEqual([{ field: 'external_id', message: "external_id 'SAME' is already matched to internal_id 7" }]);
      expect((await ofType(i, row.entityType)).map((m) => m.internal_id)).toEqual([7]);
    });

    it('resets the match at its key, keeping the metadata, and treats a missing key as a no-op', async () => {
      const i = await fresh();
      await h.run(i, [matchOf(row, 7, 'EXT-7', { keep: true }), matchOf(row, 9, 'EXT-9')]);
      await sleep(3);
      const status = await h.run(i, [resetOf(row.entityType, 7), resetOf(row.entityType, 12345)]);
      expect(status).toMatchObject({ processed: 2, failed: 0 });
      const [seven, nine] = await ofType(i, row.entityType);
      expect(seven).toMatchObject({ internal_id: 7, external_id: null, matched_at: null, metadata: { keep: true } });
      expect(seven.updated_at > seven.created_at).toBe(true);
      expect(nine).toMatchObject({ internal_id: 9, external_id: 'EXT-9' });
      expect(await ofType(i, row.entityType)).toHaveLength(2);
      // The reset external id is free again.
      expect((await h.run(i, [matchOf(row, 10, 'EXT-7')])).processed).toBe(1);
    });

    it('resets every mapping of its type with the reset-all command, and no other type', async () => {
      const i = await fresh();
      const other = matchRows.find((r) => r.entityType !== row.entityType)!;
      await h.run(i, [matchOf(row, 7, 'E7'), matchOf(row, 8, 'E8'), matchOf(other, 7, 'O7')]);
      const all = commandTable.find((r) => r.entityType === row.entityType && r.operation === 'reset_all')!;
      expect((await h.run(i, [{ name: all.name }])).processed).toBe(1);
      expect((await ofType(i, row.entityType)).map((m) => [m.external_id, m.matched_at])).toEqual([[null, null], [null, null]]);
      expect((await ofType(i, other.entityType)).map((m) => m.external_id)).toEqual(['O7']);
    });
  });

  it('ResetUserMatchByExternalIdCommand finds the user mapping by its external id, and ignores one it does not know', async () => {
    const i = await fresh();
    await h.run(i, [matchUser(1, 'A'), matchUser(2, 'B')]);
    const status = await h.run(i, [{ name: 'ResetUserMatchByExternalIdCommand', external_id: 'B' }, { name: 'ResetUserMatchByExternalIdCommand', external_id: 'nobody' }]);
    expect(status).toMatchObject({ processed: 2, failed: 0 });
    expect((await h.mappings(i)).map((m) => [m.internal_id, m.external_id])).toEqual([[1, 'A'], [2, null]]);
  });

  it('lets the same external id be used by different entity types and different integrations', async () => {
    const a = await fresh();
    const b = await fresh();
    const s1 = await h.run(a, [matchUser(1, 'X'), { name: 'MatchCourseCommand', internal_id: 1, external_id: 'X' }]);
    const s2 = await h.run(b, [matchUser(2, 'X')]);
    expect([s1.processed, s2.processed]).toEqual([2, 1]);
  });

  it('applies commands in the order accepted, across requests', async () => {
    const i = await fresh();
    await h.send(i, [matchUser(1, 'A')]);
    await h.send(i, [{ name: 'ResetUserMatchCommand', internal_id: 1, internal_uuid: matchUser(1, '').internal_uuid }]);
    await h.send(i, [matchUser(1, 'C')]);
    await h.idle();
    expect((await h.mappings(i)).map((m) => m.external_id)).toEqual(['C']);
  });

  describe('MapUserCommand', () => {
    const internal = (n: number, mappingId: string) => ({ name: 'MapUserCommand', mapping_id: mappingId, internal_id: n, internal_uuid: matchUser(n, '').internal_uuid });
    const external = (externalId: string, mappingId: string, metadata?: Record<string, unknown>) => ({
      name: 'MapUserCommand',
      mapping_id: mappingId,
      external_id: externalId,
      ...(metadata ? { metadata } : {}),
    });

    it.each([
      ['internal side first', true],
      ['external side first', false],
    ])('completes the match with the %s, leaving one user mapping', async (_, internalFirst) => {
      const i = await fresh();
      const first = internalFirst ? internal(5, 'ann@example.com') : external('EXT-ANN', 'ann@example.com', { source: 'hr' });
      const second = internalFirst ? external('EXT-ANN', 'ann@example.com', { source: 'hr' }) : internal(5, 'ann@example.com');
      await h.run(i, [first]);
      const [waiting] = await h.mappings(i);
      if (internalFirst) expect(waiting).toMatchObject({ internal_id: 5, user_id: 5, external_id: null, matched_at: null, mapping_id: 'ann@example.com' });
      else expect(waiting).toMatchObject({ entity_type: 'user', internal_id: null, user_id: null, external_id: 'EXT-ANN', matched_at: null, metadata: { source: 'hr' } });
      await sleep(3);
      await h.run(i, [second]);
      const all = await h.mappings(i);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({
        entity_type: 'user',
        internal_id: 5,
        user_id: 5,
        internal_uuid: matchUser(5, '').internal_uuid,
        external_id: 'EXT-ANN',
        mapping_id: 'ann@example.com',
        metadata: { source: 'hr' },
      });
      expect(all[0].matched_at > waiting.created_at).toBe(true);
      expect((await h.mappings(i, { entities: { users: { user_ids: [5] } } })).length).toBe(1);
    });

    it('merges the waiting external side into a user already matched by MatchUserCommand', async () => {
      const i = await fresh();
      await h.run(i, [matchUser(5, 'OLD', { m: 1 }), external('NEW', 'ann')]);
      await h.run(i, [internal(5, 'ann')]);
      const all = await h.mappings(i);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ internal_id: 5, external_id: 'NEW', mapping_id: 'ann' });
    });

    it('fails a second user with the same mapping_id', async () => {
      const i = await fresh();
      const status = await h.run(i, [internal(5, 'ann'), internal(6, 'ann')]);
      expect(status).toMatchObject({ processed: 1, failed: 1 });
      expect(status.items[1].errors).toEqual([{ field: 'mapping_id', message: "mapping_id 'ann' is already mapped to internal_id 5" }]);
    });

    it('fails an external side whose external id another user holds', async () => {
      const i = await fresh();
      const status = await h.run(i, [matchUser(1, 'TAKEN'), external('TAKEN', 'bob')]);
      expect(status.items[1].errors[0].message).toBe("external_id 'TAKEN' is already matched to internal_id 1");
      const byWaiting = await h.run(i, [external('W', 'carl'), matchUser(2, 'W')]);
      expect(byWaiting.items[1]).toMatchObject({ status: 'failed', errors: [{ field: 'external_id' }] });
    });

    it('updates the external id of a completed match when the external side is sent again with another one', async () => {
      const i = await fresh();
      await h.run(i, [internal(5, 'ann'), external('E1', 'ann')]);
      const [before] = await h.mappings(i);
      await sleep(3);
      await h.run(i, [external('E2', 'ann'), external('E2', 'ann')]);
      const [after] = await h.mappings(i);
      expect(after.external_id).toBe('E2');
      expect(after.matched_at > before.matched_at).toBe(true);
    });
  });
});
