/**
 * A connection cut while the answer's body arrives is retried as one cut before its first byte is,
 * where sending the request again is safe (a read, a query, a PATCH of whole values, a chunk with
 * its Idempotency-Key); a request that is not safe to repeat is never sent twice (issue 13, item 13).
 */
import { ApiError } from '../../src/errors';
import { createClient } from '../../src/runtime/client';
import { cutBeforeAnswer, cutMidBody, json, startRawServer, type Exchange, type RawServer } from '../support/raw-server';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
const PSK = 'psk-super-secret-value-0123456789abcdef';
const BASE = `/external-ids/v1/integrations/${UUID}`;
const BATCH = '5d1c9a0e-2f3b-4c8d-9e7f-0a1b2c3d4e5f';
const integration = { uuid: UUID, name: 'X', status: 'active', events: [], created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' };
const accepted = { batch_id: BATCH, status: 'queued', accepted: 1, rejected: 0, ignored: 0, items: [{ index: 0, name: 'MatchCourseCommand', status: 'queued', command_id: 'c-0' }] };
const batchStatus = { batch_id: BATCH, status: 'completed', total: 1, queued: 0, processed: 1, failed: 0, rejected: 0, ignored: 0, items: [{ index: 0, name: 'MatchCourseCommand', status: 'processed', command_id: 'c-0' }] };
const page = { items: [], current_page: 1, page_size: 50, total_count: 0, total_page_count: 0, has_more_data: false, next_cursor: null };

let server: RawServer;
beforeEach(async () => (server = await startRawServer()));
afterEach(() => server.close());

const client = () => createClient(server.connection, { timeoutMs: 5000, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
/** The first answer cut after 10 bytes of its body, the next one whole. */
const firstCut =
  (status: number, body: unknown) =>
  ({ res, attempt }: Exchange) =>
    attempt === 1 ? cutMidBody(res, status, { data: body }, 10) : json(res, status, { data: body });

describe('a connection cut mid-body', () => {
  it('is retried for a read (Batch status), which then succeeds', async () => {
    server.route(`GET ${BASE}/batches/${BATCH}`, firstCut(200, batchStatus));
    await expect(client().integration({ uuid: UUID, psk: PSK }).batchStatus(BATCH)).resolves.toMatchObject({ status: 'completed' });
    expect(server.count(`GET ${BASE}/batches/`)).toBe(2);
  });

  it('is retried for a chunk of commands, sent again with the same Idempotency-Key', async () => {
    server.route(`POST ${BASE}/commands`, firstCut(202, accepted));
    const run = await client().integration({ uuid: UUID, psk: PSK }).runCommands([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 }]);
    expect(run).toMatchObject({ batch_ids: [BATCH], accepted: 1 });
    const sent = server.received.filter((r) => r.url === `${BASE}/commands`);
    expect(sent).toHaveLength(2);
    expect(sent[1].headers['idempotency-key']).toBe(sent[0].headers['idempotency-key']);
    expect(sent[0].headers['idempotency-key']).toMatch(/^extids-/);
  });

  it('is retried for a query', async () => {
    server.route(`POST ${BASE}/entities/query`, firstCut(200, page));
    await expect(client().integration({ uuid: UUID, psk: PSK }).query({})).resolves.toMatchObject({ total_count: 0 });
    expect(server.count(`POST ${BASE}/entities/query`)).toBe(2);
  });

  it('is retried for Update integration, a PATCH of whole values', async () => {
    server.route(`PATCH ${BASE}`, firstCut(200, integration));
    await expect(client().integration({ uuid: UUID, psk: PSK }).update({ name: 'Y' })).resolves.toMatchObject({ uuid: UUID });
    expect(server.count(`PATCH ${BASE}`)).toBe(2);
  });

  it('is never retried for Create integration, and says the answer was cut', async () => {
    server.route('POST /external-ids/v1/integrations', firstCut(201, { ...integration, psk: PSK }));
    const error = await client().createIntegration({ name: 'X' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'ECONNRESET' });
    expect((error as ApiError).message).toBe('POST /integrations failed: the connection was cut while the answer (201) arrived (ECONNRESET)');
    expect(server.count('POST /external-ids/v1/integrations')).toBe(1);
  });
});

describe('a connection cut before the first byte', () => {
  it('is retried for a chunk of commands, as before', async () => {
    server.route(`POST ${BASE}/commands`, ({ res, attempt }) => (attempt === 1 ? cutBeforeAnswer(res) : json(res, 202, { data: accepted })));
    await expect(client().integration({ uuid: UUID, psk: PSK }).runCommands([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 }])).resolves.toMatchObject({ accepted: 1 });
    expect(server.count(`POST ${BASE}/commands`)).toBe(2);
  });

  it('is not retried for an event, a POST without an Idempotency-Key that could be delivered twice', async () => {
    server.route('POST /external-ids/v1/events', ({ res, attempt }) => (attempt === 1 ? cutBeforeAnswer(res) : json(res, 202, { data: { event_id: 'e', delivered_to: 1 } })));
    await expect(client().emit('platform.events.user.UserDeleted', { user_id: 1 })).rejects.toMatchObject({ status: 0, code: 'ECONNRESET' });
    expect(server.count('POST /external-ids/v1/events')).toBe(1);
  });
});
