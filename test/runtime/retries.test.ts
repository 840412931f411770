import { connector } from '../../src/runtime/connector';
import { ApiError } from '../../src/errors';
import { createClient } from '../../src/runtime/client';
import { startScriptedServer, TOKEN_ANSWER, type ScriptedServer } from '../support/scripted-server';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
const PSK = 'psk-super-secret-value-0123456789abcdef';
const SECRET = 'client-secret-never-shown';
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 50 } };

let server: ScriptedServer;
let connection: { domain: string; client_id: string; client_secret: string };
beforeEach(async () => {
  server = await startScriptedServer();
  server.script('POST /oauth2/token', TOKEN_ANSWER);
  connection = { domain: server.url, client_id: 'cid', client_secret: SECRET };
});
afterEach(() => server.close());

const integration = { uuid: UUID, name: 'X', status: 'active', events: [], created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' };
const update = (retries: { attempt: number; reason: string; delayMs: number }[] = []) =>
  connector.actions.update_integration.execute(
    connection,
    { integration_uuid: UUID, integration_psk: PSK, name: 'Y' },
    { session: { ...fast, onRetry: (r) => retries.push(r) } },
  );
const calls = (route: string) => server.received.filter((r) => `${r.method} ${r.url}`.startsWith(route)).length;

describe('retries', () => {
  it('retries a 429 after the Retry-After the service asked for', async () => {
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, { status: 429, headers: { 'retry-after': '0.03' }, body: { error: { code: 'rate_limited', message: 'slow down' } } }, { status: 200, body: { data: integration } });
    const retries: { attempt: number; reason: string; delayMs: number }[] = [];
    await expect(update(retries)).resolves.toMatchObject({ uuid: UUID });
    expect(retries).toEqual([{ method: 'PATCH', path: '/integrations/{integration_uuid}', attempt: 1, reason: '429 rate_limited', delayMs: 30 }]);
  });

  it('retries 502, 503 and 504 up to three times, then succeeds', async () => {
    const unavailable = (status: number) => ({ status, body: { error: { code: 'unavailable', message: 'busy' } } });
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, unavailable(502), unavailable(503), unavailable(504), { status: 200, body: { data: integration } });
    await expect(update()).resolves.toMatchObject({ name: 'X' });
    expect(calls('PATCH')).toBe(4);
  });

  it('gives up after three retries with the last error as a typed value', async () => {
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, { status: 503, body: { error: { code: 'unavailable', message: 'down for maintenance' } } });
    const error = await update().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: 'unavailable' });
    expect(error.message).toBe('PATCH /integrations/{integration_uuid} failed with 503 unavailable: down for maintenance');
    expect(calls('PATCH')).toBe(4);
  });

  it('retries a dropped connection', async () => {
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, { drop: true }, { status: 200, body: { data: integration } });
    await expect(update()).resolves.toMatchObject({ uuid: UUID });
    expect(calls('PATCH')).toBe(2);
  });

  it('does not retry a client error', async () => {
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, { status: 400, body: { error: { code: 'invalid_request', message: 'bad', details: [{ path: 'name', message: 'name is blank' }] } } });
    await expect(update()).rejects.toMatchObject({ status: 400, code: 'invalid_request', details: [{ path: 'name', message: 'name is blank' }] });
    expect(calls('PATCH')).toBe(1);
  });

  it('never retries Create integration, whose PSK is returned once', async () => {
    server.script('POST /external-ids/v1/integrations', { status: 503, body: { error: { code: 'unavailable', message: 'busy' } } }, { status: 201, body: { data: { ...integration, psk: PSK } } });
    const create = connector.actions.create_integration.execute(connection, { name: 'X' }, { session: fast });
    await expect(create).rejects.toMatchObject({ status: 503 });
    expect(calls('POST /external-ids/v1/integrations')).toBe(1);
  });
});

describe('the platform token', () => {
  it('is acquired once and reused across calls', async () => {
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, { status: 200, body: { data: integration } });
    const session = { ...fast };
    await connector.actions.update_integration.execute(connection, { integration_uuid: UUID, integration_psk: PSK, name: 'Y' }, { session });
    expect(calls('POST /oauth2/token')).toBe(1);
    const token = server.received.find((r) => r.url === '/oauth2/token')!;
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({ grant_type: 'client_credentials', client_id: 'cid', client_secret: SECRET, scope: 'api' });
    const patch = server.received.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.authorization).toBe('Bearer tok-aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(patch.headers['x-integration-psk']).toBe(PSK);
  });

  it('is reused even when it lives less than a minute', async () => {
    server.script('POST /oauth2/token', { status: 200, body: { access_token: 'tok-short-lived-aaaaaaaaaaaa', token_type: 'Bearer', expires_in: 30, scope: 'api' } });
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, { status: 200, body: { data: integration } });
    const client = createClient(connection, fast).integration({ uuid: UUID, psk: PSK });
    await client.update({ name: 'A' });
    await client.update({ name: 'B' });
    expect(calls('POST /oauth2/token')).toBe(1);
  });

  it('is acquired again, once, when the service answers 401 invalid_token', async () => {
    server.script(
      `PATCH /external-ids/v1/integrations/${UUID}`,
      { status: 401, body: { error: { code: 'invalid_token', message: 'expired' } } },
      { status: 200, body: { data: integration } },
    );
    await expect(update()).resolves.toMatchObject({ uuid: UUID });
    expect(calls('POST /oauth2/token')).toBe(2);
  });

  it('is not retried for wrong integration credentials', async () => {
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, { status: 401, body: { error: { code: 'invalid_integration_credentials', message: 'unknown integration or wrong PSK' } } });
    await expect(update()).rejects.toMatchObject({ status: 401, code: 'invalid_integration_credentials' });
    expect(calls('POST /oauth2/token')).toBe(1);
  });

  it('uses the password grant with the user when asked to', async () => {
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, { status: 200, body: { data: integration } });
    const withUser = { ...connection, auth_type: 'password', username: 'admin', password: 'pw-never-shown' };
    await connector.actions.update_integration.execute(withUser as never, { integration_uuid: UUID, integration_psk: PSK, status: 'inactive' }, { session: fast });
    const token = server.received.find((r) => r.url === '/oauth2/token')!;
    expect(Object.fromEntries(new URLSearchParams(token.body))).toMatchObject({ grant_type: 'password', username: 'admin', password: 'pw-never-shown' });
  });

  it('explains a refused client without showing its secret', async () => {
    server.script('POST /oauth2/token', { status: 401, body: { error: 'invalid_client', error_description: `client secret ${SECRET} is wrong` } });
    const error = await update().catch((e) => e);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client' });
    expect(error.message).toBe('could not get a platform token: POST /oauth2/token answered 401 invalid_client: client secret [redacted] is wrong; check the client ID and the client secret');
  });
});

describe('errors', () => {
  it('never contain the PSK, the token or the client secret, even when the service echoes them', async () => {
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, {
      status: 400,
      body: { error: { code: 'invalid_request', message: `psk ${PSK} token tok-aaaaaaaaaaaaaaaaaaaaaaaa`, details: [{ path: 'x', message: `secret ${SECRET}` }] } },
    });
    const error = await update().catch((e) => e);
    const text = JSON.stringify({ message: error.message, details: error.details, stack: error.stack });
    for (const secret of [PSK, SECRET, 'tok-aaaaaaaaaaaaaaaaaaaaaaaa']) expect(text).not.toContain(secret);
  });

  it('say plainly when nothing answers at the domain', async () => {
    await server.close();
    const error = await update().catch((e) => e);
    expect(error).toMatchObject({ status: 0, code: 'ECONNREFUSED' });
    expect(error.message).toBe(`POST /oauth2/token failed: nothing answers at ${server.url}`);
  });
});
