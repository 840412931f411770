import { validatorFor } from '../../src/validate/ajv';
import { Harness, matchUser, type Integration } from './harness';

describe('POST commands', () => {
  let h: Harness;
  let i: Integration;
  beforeAll(async () => {
    h = await Harness.start();
    i = await h.createIntegration({ name: 'CMD' });
  });
  afterAll(() => h.close());

  it('queues the valid commands and rejects the invalid ones item by item, with the validator’s errors', async () => {
    const r = await h.send(i, [
      matchUser(1, 'U1'),
      { name: 'MatchCourseCommand', external_id: 'C1', internal_id: '42' },
      { name: 'MatchSessionCommand', external_id: 'S1', internal_id: 5 },
      { internal_id: 1 },
      { name: 7 },
      { name: 'MatchCourseCommand', external_id: 'C2', internal_id: 2, colour: 'red' },
      { name: 'MatchCourseCommand', external_id: 42, internal_id: 3 },
    ]);
    expect(r.status).toBe(202);
    expect(validatorFor('batch-accepted.json')(r.body.data)).toBe(true);
    const { items, ...counts } = r.body.data;
    expect(counts).toEqual({ batch_id: expect.any(String), status: 'queued', accepted: 1, rejected: 6, ignored: 0 });
    expect(items[0]).toEqual({ index: 0, name: 'MatchUserCommand', status: 'queued', command_id: expect.any(String) });
    // Strict: the loose values the connector would coerce are errors here.
    expect(items[1]).toEqual({ index: 1, name: 'MatchCourseCommand', status: 'rejected', errors: [{ field: 'internal_id', message: expect.stringContaining('positive integer') }] });
    expect(items[2].errors).toEqual([{ field: 'course_id', message: expect.stringContaining('missing required field course_id') }]);
    expect(items[3]).toMatchObject({ index: 3, name: null, status: 'rejected' });
    expect(items[4]).toMatchObject({ index: 4, name: null, status: 'rejected' });
    expect(items[5].errors).toEqual([{ field: 'colour', message: expect.stringContaining('unknown field colour') }]);
    expect(items[6].errors[0].field).toBe('external_id');
  });

  it('answers completed and queues nothing when no command is valid', async () => {
    const r = await h.send(i, [{ name: 'Nope' }]);
    expect(r.body.data).toMatchObject({ status: 'completed', accepted: 0, rejected: 1, ignored: 0 });
    const status = await h.batch(i, r.body.data.batch_id);
    expect(status).toMatchObject({ status: 'completed', total: 1, rejected: 1, queued: 0 });
  });

  it('ignores every item, valid or not, of an inactive integration, and applies nothing', async () => {
    const off = await h.createIntegration({ name: 'OFF' });
    await h.patch(off, { status: 'inactive' });
    const r = await h.send(off, [matchUser(1, 'U1'), { name: 'Nope' }, { nome: 1 }]);
    expect(r.status).toBe(202);
    expect(r.body.data).toEqual({
      batch_id: expect.any(String),
      status: 'ignored',
      accepted: 0,
      rejected: 0,
      ignored: 3,
      items: [
        { index: 0, name: 'MatchUserCommand', status: 'ignored' },
        { index: 1, name: 'Nope', status: 'ignored' },
        { index: 2, name: null, status: 'ignored' },
      ],
    });
    await h.idle();
    const status = await h.batch(off, r.body.data.batch_id);
    expect(status).toMatchObject({ status: 'ignored', total: 3, ignored: 3, processed: 0 });
    expect(validatorFor('batch-status.json')(status)).toBe(true);
    expect(await h.mappings(off)).toEqual([]);
    await h.patch(off, { status: 'active' });
    expect((await h.run(off, [matchUser(1, 'U1')])).processed).toBe(1);
  });

  it.each([
    ['no commands list', {}, 'commands'],
    ['an empty list', { commands: [] }, 'commands'],
    ['a list of non-objects', { commands: [1] }, 'commands[0]'],
    ['an unknown top-level field', { commands: [matchUser(1, 'U')], dry_run: true }, 'dry_run'],
  ])('refuses %s with invalid_request naming the path', async (_, body, path) => {
    const r = await h.call('POST', `/integrations/${i.uuid}/commands`, { body, integration: i });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('refuses more than 1000 commands with payload_too_large', async () => {
    const r = await h.send(i, Array.from({ length: 1001 }, (_, n) => matchUser(n + 1, `U${n}`)));
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });

  it('refuses a body over 5 MiB with payload_too_large', async () => {
    const big = JSON.stringify({ commands: [matchUser(1, 'U', { metadata: { blob: 'x'.repeat(5 * 1024 * 1024) } })] });
    const r = await h.call('POST', `/integrations/${i.uuid}/commands`, { raw: { payload: big, type: 'application/json' }, integration: i });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });

  it('takes 1000 commands in one request', async () => {
    const r = await h.send(i, Array.from({ length: 1000 }, (_, n) => ({ name: 'MatchCourseCommand', internal_id: n + 1, external_id: `C-${n}` })));
    expect(r.body.data.accepted).toBe(1000);
    await h.idle();
    expect((await h.batch(i, r.body.data.batch_id)).processed).toBe(1000);
  });

  describe('Idempotency-Key', () => {
    it('answers the first answer again for the same key and the same JSON, whatever its key order and spacing, and queues nothing new', async () => {
      const j = await h.createIntegration({ name: 'IDEM' });
      const first = await h.call('POST', `/integrations/${j.uuid}/commands`, {
        raw: { payload: '{"commands":[{"name":"MatchCourseCommand","internal_id":1,"external_id":"C1"}]}', type: 'application/json' },
        integration: j,
        headers: { 'idempotency-key': 'exec-1:0' },
      });
      const again = await h.call('POST', `/integrations/${j.uuid}/commands`, {
        raw: { payload: '{ "commands" : [ { "external_id" : "C1", "internal_id" : 1, "name" : "MatchCourseCommand" } ] }', type: 'application/json' },
        integration: j,
        headers: { 'idempotency-key': 'exec-1:0' },
      });
      expect(again.status).toBe(202);
      expect(again.text).toBe(first.text);
      const batches = h.server.domains.get('localhost')!.db.prepare('SELECT count(*) AS n FROM batches WHERE integration_id = (SELECT id FROM integrations WHERE uuid = ?)').get(j.uuid) as { n: number };
      expect(batches.n).toBe(1);
    });

    it('refuses the same key with another body as idempotency_conflict', async () => {
      const j = await h.createIntegration({ name: 'IDEM2' });
      await h.send(j, [matchUser(1, 'A')], { 'idempotency-key': 'k' });
      const r = await h.send(j, [matchUser(1, 'B')], { 'idempotency-key': 'k' });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('idempotency_conflict');
    });

    it('scopes keys to the integration', async () => {
      const a = await h.createIntegration({ name: 'IDEM3' });
      const b = await h.createIntegration({ name: 'IDEM4' });
      const ra = await h.send(a, [matchUser(1, 'A')], { 'idempotency-key': 'shared' });
      const rb = await h.send(b, [matchUser(2, 'B')], { 'idempotency-key': 'shared' });
      expect(rb.status).toBe(202);
      expect(rb.body.data.batch_id).not.toBe(ra.body.data.batch_id);
    });

    it('refuses a key longer than 255 characters', async () => {
      const r = await h.send(i, [matchUser(1, 'A')], { 'idempotency-key': 'k'.repeat(256) });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].path).toBe('Idempotency-Key');
    });

    it('forgets a key after 24 hours', async () => {
      const j = await h.createIntegration({ name: 'IDEM5' });
      const first = await h.send(j, [matchUser(1, 'A')], { 'idempotency-key': 'old' });
      h.server.domains.get('localhost')!.db.prepare('UPDATE idempotency SET created_at = created_at - ?').run(24 * 3600 * 1000 + 1);
      const later = await h.send(j, [matchUser(1, 'B')], { 'idempotency-key': 'old' });
      expect(later.status).toBe(202);
      expect(later.body.data.batch_id).not.toBe(first.body.data.batch_id);
    });
  });
});

describe('GET batches', () => {
  it('reports queued items until the consumer applies them, then processed and failed ones', async () => {
    const h = await Harness.start({}, { pauseConsumer: true });
    try {
      const i = await h.createIntegration({ name: 'B' });
      const r = await h.send(i, [matchUser(1, 'X'), matchUser(2, 'X'), { name: 'Nope' }]);
      const queued = await h.batch(i, r.body.data.batch_id);
      expect(validatorFor('batch-status.json')(queued)).toBe(true);
      expect(queued).toMatchObject({ status: 'queued', total: 3, queued: 2, processed: 0, failed: 0, rejected: 1, ignored: 0 });
      expect(queued.items.map((it: { status: string }) => it.status)).toEqual(['queued', 'queued', 'rejected']);
      expect(queued.items[0].command_id).toBe(r.body.data.items[0].command_id);
      expect(queued.items[2].command_id).toBeNull();
      await h.server.close();
      const again = await Harness.start({}, {}, h.dataDir);
      try {
        await again.idle();
        const done = await again.batch(i, r.body.data.batch_id);
        expect(validatorFor('batch-status.json')(done)).toBe(true);
        expect(done).toMatchObject({ status: 'completed', queued: 0, processed: 1, failed: 1, rejected: 1 });
        expect(done.items[1]).toEqual({
          index: 1,
          command_id: expect.any(String),
          name: 'MatchUserCommand',
          status: 'failed',
          errors: [{ field: 'external_id', message: "external_id 'X' is already matched to internal_id 1" }],
        });
      } finally {
        await again.close();
      }
    } finally {
      await h.close();
    }
  });

  it('answers not_found for an unknown batch and for another integration’s batch', async () => {
    const h = await Harness.start();
    try {
      const a = await h.createIntegration({ name: 'A' });
      const b = await h.createIntegration({ name: 'B' });
      const r = await h.send(a, [matchUser(1, 'X')]);
      for (const [integration, id] of [[a, 'no-such-batch'], [b, r.body.data.batch_id]] as const) {
        const s = await h.call('GET', `/integrations/${integration.uuid}/batches/${id}`, { integration });
        expect(s.status).toBe(404);
        expect(s.body.error.code).toBe('not_found');
      }
    } finally {
      await h.close();
    }
  });

  it('reports a command that cannot be applied at all as failed, and carries on with the queue', async () => {
    const h = await Harness.start();
    try {
      const i = await h.createIntegration({ name: 'BROKEN' });
      const store = h.server.domains.get('localhost')!;
      const integrationId = store.integration(i.uuid)!.id;
      // Only a damaged queue can hold such a command: the service validates everything it accepts.
      const broken = [[0, 'MatchCourseCommand', { name: 'MatchCourseCommand', internal_id: { not: 'an id' }, external_id: 'A' }], [1, 'MatchCourseCommand', { name: 'MatchCourseCommand', internal_id: 5, external_id: 'B' }]];
      store.addBatch({ batch_id: 'damaged', integration_id: integrationId, status: 'queued', total: 2, queued: JSON.stringify(broken), others: '[]', applied: 0, created_at: Date.now() });
      h.server.consumer.kick();
      const later = await h.send(i, [{ name: 'MatchCourseCommand', internal_id: 6, external_id: 'C' }]);
      await h.idle();
      const status = await h.batch(i, 'damaged');
      expect(status).toMatchObject({ status: 'completed', processed: 1, failed: 1 });
      expect(status.items[0].errors).toEqual([{ field: null, message: 'the command could not be applied (internal error)' }]);
      expect((await h.batch(i, later.body.data.batch_id)).processed).toBe(1);
      expect((await h.mappings(i)).map((m) => m.internal_id)).toEqual([5, 6]);
    } finally {
      await h.close();
    }
  });
});
