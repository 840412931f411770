/**
 * One poll of New or updated mappings (connector.triggers.mapping_changes.poll) against a real
 * emulator: where it starts, how its closure moves, the backlog, the filters, and what it refuses.
 * The request it sends, and its retries, against a scripted server.
 */
import { connector } from '../../src/runtime/connector';
import { mappingChangesTrigger } from '../../connector/triggers';
import { ApiError, ValidationError } from '../../src/errors';
import { resolveConnection } from '../../src/runtime/connection';
import { Session } from '../../src/runtime/session';
import { dedupKey, pollWith } from '../../src/runtime/trigger';
import { createClient } from '../../src/runtime/client';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { startScriptedServer, TOKEN_ANSWER } from '../support/scripted-server';

let emulator: LiveEmulator;
beforeAll(async () => {
  emulator = await liveEmulator();
});
afterAll(() => emulator.close());

const { poll } = connector.triggers.mapping_changes;
const USER_DELETED = 'platform.events.user.UserDeleted';

const matchUser = (id: number, extra: Record<string, unknown> = {}) => ({
  name: 'MatchUserCommand',
  internal_id: id,
  internal_uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
  external_id: `U-${id}`,
  ...extra,
});
const matchCourse = (id: number) => ({ name: 'MatchCourseCommand', internal_id: id, external_id: `C-${id}` });
const enrol = (user: number, course: number) => ({ name: 'MatchCourseEnrollmentCommand', internal_id: user, course_id: course, external_id: `E-${user}-${course}` });

/** A new integration subscribed to UserDeleted, its client, and its credentials as the trigger's input takes them. */
const newIntegration = async () => {
  const client = createClient(emulator.connection);
  const created = await client.createIntegration({ name: `T-${Math.random().toString(36).slice(2, 8)}`, events: [USER_DELETED] });
  const integration = client.integration({ uuid: created.uuid, psk: created.psk });
  const run = async (commands: unknown[]) => {
    const result = await integration.runLooseCommands(commands, { wait_for_processing: true });
    expect(result.processed).toBe(commands.length);
  };
  return { client, run, credentials: { integration_uuid: created.uuid, integration_psk: created.psk } };
};

const keys = (events: object[]) => events.map((e) => dedupKey(mappingChangesTrigger, e));

describe('the first poll', () => {
  it('starts from since (sent in UTC with milliseconds) and keeps it in its closure while nothing comes', async () => {
    const { credentials } = await newIntegration();
    // Far ahead: nothing has changed since.
    const first = await poll(emulator.connection, { ...credentials, since: '2099-06-01T14:30:00+02:00' });
    expect(first).toEqual({ events: [], next_poll: { since: '2099-06-01T12:30:00.000Z' }, can_poll_more: false });
    // The closure's since, not the input's, once there is one.
    const again = await poll(emulator.connection, { ...credentials, since: '2000-01-01T00:00:00Z' }, first.next_poll);
    expect(again).toEqual(first);
  });

  it('takes an instant with any offset and any fraction, as actions do', async () => {
    const { credentials } = await newIntegration();
    const result = await poll(emulator.connection, { ...credentials, since: '2031-05-06T09:08:07.1234+02:00' });
    expect(result.next_poll).toEqual({ since: '2031-05-06T07:08:07.124Z' });
  });

  it('starts an hour before now when no since is given', async () => {
    const { credentials } = await newIntegration();
    const now = Date.UTC(2030, 0, 2, 3, 4, 5, 678);
    const result = await poll(emulator.connection, credentials, null, { now: () => now });
    expect(result.next_poll).toEqual({ since: '2030-01-02T02:04:05.678Z' });
  });

  it('delivers the changes made since, oldest first, each the mapping as the query returns it with its change', async () => {
    const { run, credentials, client } = await newIntegration();
    const since = new Date().toISOString();
    await run([matchUser(1), matchCourse(10), enrol(1, 10)]);
    const result = await poll(emulator.connection, { ...credentials, since });
    expect(result.events.map((e) => [e.entity_type, e.change])).toEqual([
      ['user', 'created'],
      ['course', 'created'],
      ['course_enrollment', 'created'],
    ]);
    const updatedAt = result.events.map((e) => e.updated_at);
    expect([...updatedAt].sort()).toEqual(updatedAt);
    expect(result.can_poll_more).toBe(false);
    expect(result.next_poll).toEqual({ after: expect.any(String) });
    const queried = await client.integration({ uuid: credentials.integration_uuid, psk: credentials.integration_psk }).query({ entity_types: ['users'] });
    expect(result.events[0]).toEqual(queried.items[0]);
  });
});

describe('the cursor', () => {
  it('advances: the next poll gives only what changed after the last, and an empty poll keeps it', async () => {
    const { run, credentials } = await newIntegration();
    const since = new Date().toISOString();
    await run([matchUser(1), matchUser(2)]);
    const first = await poll(emulator.connection, { ...credentials, since });
    expect(first.events).toHaveLength(2);

    await run([matchUser(3)]);
    await run([matchUser(1, { external_id: 'U-1-new' })]);
    const second = await poll(emulator.connection, { ...credentials, since }, first.next_poll);
    expect(second.events.map((e) => [e.internal_id, e.change, e.external_id])).toEqual([
      [3, 'created', 'U-3'],
      [1, 'matched', 'U-1-new'],
    ]);
    expect(second.next_poll.after).not.toBe(first.next_poll.after);

    const third = await poll(emulator.connection, credentials, second.next_poll);
    expect(third).toEqual({ events: [], next_poll: second.next_poll, can_poll_more: false });
  });

  it('says can_poll_more while a backlog remains, and pages through it without a repeat or a gap', async () => {
    const { run, credentials } = await newIntegration();
    const since = new Date().toISOString();
    await run(Array.from({ length: 25 }, (_, i) => matchCourse(i + 1)));
    const sizes: number[] = [];
    const more: boolean[] = [];
    const delivered: string[] = [];
    let closure = {};
    for (let i = 0; i < 5; i++) {
      const result = await poll(emulator.connection, { ...credentials, since, page_size: 10 }, closure);
      sizes.push(result.events.length);
      more.push(result.can_poll_more);
      delivered.push(...keys(result.events));
      closure = result.next_poll;
      if (!result.can_poll_more) break;
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(more).toEqual([true, true, false]);
    expect(new Set(delivered).size).toBe(25);
    expect(delivered.map((k) => Number(/^course:(\d+)@/.exec(k)?.[1]))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
});

describe('the filters', () => {
  it('changes: only the changes chosen, here the deletions a UserDeleted made', async () => {
    const { run, credentials, client } = await newIntegration();
    const since = new Date().toISOString();
    await run([matchUser(7), matchCourse(70), matchCourse(71), enrol(7, 70), enrol(7, 71), matchUser(8)]);
    await client.emit(USER_DELETED, { user_id: 7 });
    const result = await poll(emulator.connection, { ...credentials, since, changes: ['deleted'] });
    expect(result.events.map((e) => [e.entity_type, e.internal_id, e.course_id, e.change])).toEqual([
      ['user', 7, null, 'deleted'],
      ['course_enrollment', 7, 70, 'deleted'],
      ['course_enrollment', 7, 71, 'deleted'],
    ]);
    // The loose form of a multiselect, as recipe tools send it.
    const loose = await poll(emulator.connection, { ...credentials, since, changes: 'deleted, created' as never });
    expect(loose.events.filter((e) => e.change === 'created').length + loose.events.filter((e) => e.change === 'deleted').length).toBe(loose.events.length);
    expect(loose.events.length).toBe(6);
  });

  it('entity_types: only mappings of the types chosen', async () => {
    const { run, credentials } = await newIntegration();
    const since = new Date().toISOString();
    await run([matchUser(1), matchCourse(10), enrol(1, 10)]);
    const result = await poll(emulator.connection, { ...credentials, since, entity_types: ['course_enrollments', 'courses'] });
    expect(result.events.map((e) => e.entity_type)).toEqual(['course', 'course_enrollment']);
  });

  it('metadata_filters: only mappings whose metadata matches, as in Query entities', async () => {
    const { run, credentials } = await newIntegration();
    const since = new Date().toISOString();
    await run([matchUser(1, { metadata: { dept: 'sales' } }), matchUser(2, { metadata: { dept: 'hr' } }), matchUser(3)]);
    const result = await poll(emulator.connection, { ...credentials, since, metadata_filters: [{ key: 'dept', operator: 'eq', value: 'hr' }] });
    expect(result.events.map((e) => e.internal_id)).toEqual([2]);
  });
});

describe('what a poll refuses, before sending anything', () => {
  const refusal = async (input: unknown, closure?: unknown) => {
    const session = new Session(resolveConnection(emulator.connection));
    const error = await pollWith(session, mappingChangesTrigger, input, closure).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(session.stats.requests).toBe(0);
    return error as ValidationError;
  };
  const credentials = { integration_uuid: '0b1c0f6e-5f43-4c1a-9a53-2a8e4b1b7c11', integration_psk: 'a-psk-that-must-stay-hidden-1234567890' };

  it('a closure that is not an object, or holds another field or a value that is not a string, naming closure.<field>', async () => {
    expect((await refusal(credentials, 'after')).details).toEqual([{ path: 'closure', message: 'closure must be an object' }]);
    expect((await refusal(credentials, ['x'])).details).toEqual([{ path: 'closure', message: 'closure must be an object' }]);
    expect((await refusal(credentials, { after: 3, cursor: 'x' })).details).toEqual([
      { path: 'closure.after', message: 'closure.after must be a string' },
      { path: 'closure.cursor', message: 'unknown field closure.cursor' },
    ]);
    expect((await refusal(credentials, { since: null })).message).toBe('invalid closure: closure.since must be a string');
  });

  it('an input that does not fit, naming the field in the words actions use', async () => {
    expect((await refusal({ ...credentials, page_size: 0 })).details).toEqual([{ path: 'input.page_size', message: 'input.page_size must be at least 1' }]);
    expect((await refusal({ ...credentials, page_size: '1001' })).details).toEqual([{ path: 'input.page_size', message: 'input.page_size must be at most 1000' }]);
    expect((await refusal({ ...credentials, since: 'yesterday' })).details).toEqual([
      { path: 'input.since', message: 'input.since must be an ISO 8601 date-time with an offset' },
    ]);
    expect((await refusal({ ...credentials, changes: ['vanished'] })).details[0]).toMatchObject({ path: 'input.changes[0]', message: expect.stringMatching(/^input\.changes\[0\] must be one of created, matched/) });
    expect((await refusal({ integration_uuid: credentials.integration_uuid })).message).toBe('invalid input for mapping_changes: missing required field input.integration_psk');
    expect((await refusal({ ...credentials, cursor: 'x' })).details).toEqual([{ path: 'input.cursor', message: 'unknown field input.cursor: not a field of mapping_changes' }]);
    expect((await refusal({ ...credentials, chnages: ['deleted'] })).details).toEqual([{ path: 'input.chnages', message: 'unknown field input.chnages: not a field of mapping_changes (did you mean changes?)' }]);
    expect((await refusal('input')).details).toEqual([{ path: 'input', message: 'input must be an object' }]);
  });

  it('never with the PSK in its words', async () => {
    const errors = [await refusal({ ...credentials, integration_uuid: 'not-a-uuid' }), await refusal({ ...credentials, page_size: -1 }, { after: 1 })];
    for (const e of errors) expect(JSON.stringify({ message: e.message, details: e.details })).not.toContain(credentials.integration_psk);
  });
});

describe('a poll the service refuses', () => {
  it('fails with the service\'s error, the PSK never in it', async () => {
    const { credentials } = await newIntegration();
    const psk = `${credentials.integration_psk.slice(0, -4)}XXXX`;
    const error = await poll(emulator.connection, { ...credentials, integration_psk: psk }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_integration_credentials' });
    const text = JSON.stringify({ message: (error as ApiError).message, details: (error as ApiError).details });
    expect(text).not.toContain(psk);
    expect(text).not.toContain(credentials.integration_psk);
  });

  it('fails on a cursor the service never gave, naming after', async () => {
    const { credentials } = await newIntegration();
    const error = await poll(emulator.connection, credentials, { after: 'not-a-cursor' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
    expect(JSON.stringify((error as ApiError).details)).toContain('after');
  });
});

describe('the request a poll sends', () => {
  const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
  const PSK = 'scripted-psk-0123456789abcdef0123456789abcdef';
  const page = (next_cursor: string | null, has_more_data = false) => ({
    status: 200,
    body: { data: { items: [], current_page: 1, page_size: 1000, total_count: 0, total_page_count: 0, has_more_data, next_cursor } },
  });

  it('asks in updated_at order from since, the chosen types folded into entities, the PSK in its header; then after the cursor', async () => {
    const server = await startScriptedServer();
    try {
      server.script('POST /oauth2/token', TOKEN_ANSWER);
      server.script(`POST /external-ids/v1/integrations/${UUID}/entities/query`, page('c-1', true), page(null));
      const connection = { domain: server.url, client_id: 'cid', client_secret: 'secret' };
      const input = {
        integration_uuid: UUID,
        integration_psk: PSK,
        entity_types: ['users', 'course_enrollments'],
        metadata_filters: [{ key: 'dept', operator: 'eq', value: 'hr' }],
        since: '2026-03-01T12:00:00+01:00',
      };
      const first = await poll(connection, input as never);
      expect(first).toEqual({ events: [], next_poll: { after: 'c-1' }, can_poll_more: true });
      const second = await poll(connection, { ...input, page_size: 5 } as never, first.next_poll);
      expect(second).toEqual({ events: [], next_poll: { after: 'c-1' }, can_poll_more: false });
      const queries = server.received.filter((r) => r.url.endsWith('/entities/query'));
      expect(queries.map((r) => JSON.parse(r.body))).toEqual([
        {
          sort_by: 'updated_at',
          sort_direction: 'asc',
          page_size: 1000,
          metadata_filters: input.metadata_filters,
          entities: { users: {}, course_enrollments: [] },
          updated_at_from: '2026-03-01T11:00:00.000Z',
        },
        { sort_by: 'updated_at', sort_direction: 'asc', page_size: 5, metadata_filters: input.metadata_filters, entities: { users: {}, course_enrollments: [] }, after: 'c-1' },
      ]);
      expect(queries.every((r) => r.headers['x-integration-psk'] === PSK)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('is retried when the service is busy, as Query entities is', async () => {
    const server = await startScriptedServer();
    try {
      server.script('POST /oauth2/token', TOKEN_ANSWER);
      server.script(`POST /external-ids/v1/integrations/${UUID}/entities/query`, { status: 503, body: { error: { code: 'unavailable', message: 'busy' } } }, page(null));
      const connection = { domain: server.url, client_id: 'cid', client_secret: 'secret' };
      const retries: string[] = [];
      const result = await poll(connection, { integration_uuid: UUID, integration_psk: PSK }, { since: '2026-01-01T00:00:00.000Z' }, {
        session: { retry: { baseDelayMs: 1, maxDelayMs: 5 }, onRetry: (e) => retries.push(e.reason) },
      });
      expect(result).toEqual({ events: [], next_poll: { since: '2026-01-01T00:00:00.000Z' }, can_poll_more: false });
      expect(retries).toEqual(['503 unavailable']);
    } finally {
      await server.close();
    }
  });
  it('fails, rather than deliver the same page again and again, when the service answers without next_cursor', async () => {
    const server = await startScriptedServer();
    try {
      server.script('POST /oauth2/token', TOKEN_ANSWER);
      const item = { entity_type: 'course', internal_id: 1, updated_at: '2026-01-01T00:00:00.000Z', change: 'created' };
      const { next_cursor: _, ...base } = page(null).body.data;
      server.script(`POST /external-ids/v1/integrations/${UUID}/entities/query`, { status: 200, body: { data: { ...base, items: [item], total_count: 1 } } });
      const connection = { domain: server.url, client_id: 'cid', client_secret: 'secret' };
      await expect(poll(connection, { integration_uuid: UUID, integration_psk: PSK })).rejects.toMatchObject({
        code: 'no_cursor',
        message: expect.stringMatching(/^POST integrations\/\{integration_uuid\}\/entities\/query: the service answered without next_cursor: this trigger needs its keyset paging/),
      });
    } finally {
      await server.close();
    }
  });
});

describe('the dedup key', () => {
  it('is the entity type, the entity key (a null as nothing) and updated_at', () => {
    const at = '2026-01-01T00:00:00.000Z';
    expect(dedupKey(mappingChangesTrigger, { entity_type: 'user', internal_id: 42, mapping_id: null, updated_at: at })).toBe(`user:42:@${at}`);
    expect(dedupKey(mappingChangesTrigger, { entity_type: 'user', internal_id: null, mapping_id: 'm-1', updated_at: at })).toBe(`user::m-1@${at}`);
    expect(dedupKey(mappingChangesTrigger, { entity_type: 'course_enrollment', user_id: 7, course_id: 70, internal_id: 7, updated_at: at })).toBe(`course_enrollment:7:70@${at}`);
    expect(dedupKey(mappingChangesTrigger, { entity_type: 'session', internal_id: 5, updated_at: at })).toBe(`session:5@${at}`);
  });
});
