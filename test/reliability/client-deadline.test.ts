/**
 * `timeoutMs` is a deadline per attempt, covering the connection, the headers and the whole body:
 * a server that drips its answer cannot hold a call past it (issue 13, item 11).
 */
import { ApiError } from '../../src/errors';
import { createClient } from '../../src/runtime/client';
import { drip, json, startRawServer, type RawServer } from '../support/raw-server';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
const PSK = 'psk-super-secret-value-0123456789abcdef';
const PATCH = `PATCH /external-ids/v1/integrations/${UUID}`;
const integration = { uuid: UUID, name: 'X', status: 'active', events: [], created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' };
/** About 140 bytes: dripped at one byte every 100 ms, some 14 s to arrive whole. */
const ANSWER = JSON.stringify({ data: integration });
const DEADLINE_MS = 300;
const DRIP_MS = 100;

let server: RawServer;
beforeEach(async () => (server = await startRawServer()));
afterEach(() => server.close());

const timed = async <T>(work: Promise<T>): Promise<{ error: unknown; ms: number }> => {
  const started = performance.now();
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
};

describe('a deadline per attempt', () => {
  it('fails a call whose answer drips a byte every 100 ms at its 300 ms deadline, not when the drip ends', async () => {
    server.route(PATCH, ({ res }) => drip(res, 200, ANSWER, DRIP_MS));
    const closed = server.closed(PATCH);
    const client = createClient(server.connection, { timeoutMs: DEADLINE_MS, retry: { maxRetries: 0 } });
    // The token first, so that the time measured is the call's alone.
    await client.session.platformToken();
    const { error, ms } = await timed(client.integration({ uuid: UUID, psk: PSK }).update({ name: 'Y' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'ETIMEDOUT' });
    expect((error as ApiError).message).toBe(`PATCH /integrations/{integration_uuid} failed: no complete answer within ${DEADLINE_MS} ms (ETIMEDOUT)`);
    expect(ms).toBeLessThan(5 * DEADLINE_MS);
    // The client hung up: the server's drip stops, nothing is left running.
    await closed;
  });

  it('gives each retry of a safe call a deadline of its own, so the whole call is bounded by (retries + 1) deadlines and the pauses', async () => {
    server.route(PATCH, ({ res }) => drip(res, 200, ANSWER, DRIP_MS));
    const client = createClient(server.connection, { timeoutMs: DEADLINE_MS, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await client.session.platformToken();
    const { error, ms } = await timed(client.integration({ uuid: UUID, psk: PSK }).update({ name: 'Y' }));
    expect(error).toMatchObject({ status: 0, code: 'ETIMEDOUT' });
    expect(server.count(PATCH)).toBe(3);
    expect(ms).toBeLessThan(5 * 3 * DEADLINE_MS);
  });

  it('holds for the platform token too', async () => {
    server.route('POST /oauth2/token', ({ res }) => drip(res, 200, JSON.stringify({ access_token: 'tok-aaaaaaaaaaaaaaaaaaaaaaaa', token_type: 'Bearer', expires_in: 3600 }), DRIP_MS));
    server.route('GET /external-ids/v1/health', ({ res }) => json(res, 200, { data: { status: 'ok', domain: 'x' } }));
    const client = createClient(server.connection, { timeoutMs: DEADLINE_MS, retry: { maxRetries: 0 } });
    const { error, ms } = await timed(client.health());
    expect(error).toMatchObject({ status: 0, code: 'ETIMEDOUT' });
    expect((error as ApiError).message).toMatch(/^POST \/oauth2\/token failed: no complete answer within 300 ms/);
    expect(ms).toBeLessThan(5 * DEADLINE_MS);
  });

  it('fails a server that accepts the request and never answers at the deadline', async () => {
    server.route(PATCH, () => undefined);
    const client = createClient(server.connection, { timeoutMs: DEADLINE_MS, retry: { maxRetries: 0 } });
    // The token first, so that the time measured is the call's alone.
    await client.session.platformToken();
    const { error, ms } = await timed(client.integration({ uuid: UUID, psk: PSK }).update({ name: 'Y' }));
    expect(error).toMatchObject({ status: 0, code: 'ETIMEDOUT' });
    expect(ms).toBeLessThan(5 * DEADLINE_MS);
  });

  it('lets an answer that is whole before the deadline through', async () => {
    server.route(PATCH, ({ res }) => json(res, 200, { data: integration }));
    const client = createClient(server.connection, { timeoutMs: DEADLINE_MS, retry: { maxRetries: 0 } });
    await expect(client.integration({ uuid: UUID, psk: PSK }).update({ name: 'Y' })).resolves.toMatchObject({ uuid: UUID });
  });
});
