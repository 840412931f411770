/**
 * The session's `onExchange` observer: every HTTP exchange once it is over, the token request's
 * included, with what was sent (secrets masked), the status, the duration and what comes next.
 */
import { connector } from '../../src/runtime/connector';
import { createClient } from '../../src/runtime/client';
import { secretForms } from '../../src/runtime/redact';
import type { Exchange, RetryEvent } from '../../src/runtime/session';
import { Harness, matchUser } from '../emulator/harness';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { startScriptedServer, TOKEN_ANSWER } from '../support/scripted-server';

const SECRET = 'observer-client-secret-9f8e7d';
const PASSWORD = 'observer-password-1a2b3c';

/** Every secret of a run, in every form a text may carry it. */
const expectNoSecret = (exchanges: Exchange[], secrets: string[]) => {
  const text = JSON.stringify(exchanges);
  for (const secret of secrets) for (const form of secretForms(secret)) expect(text).not.toContain(form);
};

describe('the exchange observer', () => {
  let emulator: LiveEmulator;
  beforeAll(async () => {
    emulator = await liveEmulator({ clientSecret: SECRET, password: PASSWORD });
  });
  afterAll(() => emulator.close());

  it('is told of every exchange of a run, the token request first, with method, path, status and duration', async () => {
    const exchanges: Exchange[] = [];
    const client = createClient({ domain: emulator.url, client_id: 'extids-local', client_secret: SECRET }, { onExchange: (e) => exchanges.push(e) });
    const created = await client.createIntegration({ name: 'OBSERVED' });
    await client.integration(created).runLooseCommands([matchUser(1, 'U-1')] as never[], { wait_for_processing: true, pollIntervalMs: 20 });
    expect(exchanges.slice(0, 3).map((e) => [e.method, e.template, e.status])).toEqual([
      ['POST', '/oauth2/token', 200],
      ['POST', '/integrations', 201],
      ['POST', '/integrations/{integration_uuid}/commands', 202],
    ]);
    expect(exchanges.slice(3).every((e) => e.template === '/integrations/{integration_uuid}/batches/{batch_id}' && e.status === 200)).toBe(true);
    const commands = exchanges[2];
    expect(commands.path).toBe(`/external-ids/v1/integrations/${created.uuid}/commands`);
    expect(commands.request.url).toBe(`${emulator.url}/external-ids/v1/integrations/${created.uuid}/commands`);
    expect(commands.request.headers).toMatchObject({ Authorization: 'Bearer [redacted]', 'X-Integration-PSK': '[redacted]', 'Content-Type': 'application/json' });
    expect(commands.request.headers['Idempotency-Key']).toMatch(/^extids-[0-9a-f]{64}$/);
    expect(commands.request.body).toEqual({ commands: [matchUser(1, 'U-1')] });
    for (const e of exchanges) {
      expect(e.attempt).toBe(1);
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.code).toBeUndefined();
    }
    expectNoSecret(exchanges, [SECRET, created.psk, await client.session.platformToken()]);
  });

  it('never shows the token request body nor any secret, with the password grant either', async () => {
    const exchanges: Exchange[] = [];
    const client = createClient(
      { domain: emulator.url, auth_type: 'password', client_id: 'extids-local', client_secret: SECRET, username: 'admin', password: PASSWORD },
      { onExchange: (e) => exchanges.push(e) },
    );
    const created = await client.createIntegration({ name: 'OBSERVED 2' });
    await client.integration(created).update({ name: 'OBSERVED 3' });
    const token = exchanges.find((e) => e.template === '/oauth2/token')!;
    expect(token.request.body).toBe('[redacted]');
    expect(token.request.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' });
    expectNoSecret(exchanges, [SECRET, PASSWORD, created.psk, await client.session.platformToken()]);
  });

  it('tells a refused request by the service’s error code', async () => {
    const exchanges: Exchange[] = [];
    const client = createClient({ domain: emulator.url, client_id: 'extids-local', client_secret: SECRET }, { onExchange: (e) => exchanges.push(e) });
    const created = await client.createIntegration({ name: 'WRONG PSK' });
    await expect(client.integration({ uuid: created.uuid, psk: 'not-the-psk-at-all' }).update({ name: 'X' })).rejects.toMatchObject({ status: 401 });
    const last = exchanges[exchanges.length - 1];
    expect([last.method, last.status, last.code]).toEqual(['PATCH', 401, 'invalid_integration_credentials']);
    expect(last.retry).toBeUndefined();
    expectNoSecret(exchanges, ['not-the-psk-at-all', created.psk]);
  });
});

describe('the exchange observer told of retries', () => {
  it('is told of a 429 from the emulator with its attempt, its reason and the pause, before onRetry', async () => {
    // Three requests per two seconds: the setup's two and the client's token pass, its update is refused once.
    const harness = await Harness.start({ rateLimit: 3, rateWindowSeconds: 2 }, { random: () => 0.99 });
    try {
      harness.token = await harness.tokenFor();
      const integration = await harness.createIntegration({ name: 'LIMITED' });
      const told: string[] = [];
      const exchanges: Exchange[] = [];
      const retries: RetryEvent[] = [];
      const client = createClient(
        { domain: harness.url, client_id: 'extids-local', client_secret: 'extids-local-secret' },
        {
          onExchange: (e) => (exchanges.push(e), told.push('exchange')),
          onRetry: (r) => (retries.push(r), told.push('retry')),
        },
      );
      await client.integration(integration).update({ name: 'LIMITED 2' });
      const limited = exchanges.find((e) => e.status === 429)!;
      expect(limited).toMatchObject({ method: 'PATCH', template: '/integrations/{integration_uuid}', code: 'rate_limited', attempt: 1 });
      expect(limited.retry).toEqual(retries[0]);
      expect(limited.retry).toMatchObject({ attempt: 1, reason: '429 rate_limited' });
      expect(limited.retry!.delayMs).toBeGreaterThan(0);
      expect(told.slice(0, 3)).toEqual(['exchange', 'exchange', 'retry']);
      const after = exchanges[exchanges.indexOf(limited) + 1];
      expect(after).toMatchObject({ method: 'PATCH', template: '/integrations/{integration_uuid}', status: 200, attempt: 2 });
      expect(after.retry).toBeUndefined();
    } finally {
      await harness.close();
    }
  });

  it('is told of an injected 503 and its retry by the emulator, the request sent again the same', async () => {
    let draws = 0;
    // The fourth request's draw is a fault (0), its kind the only one listed; every other draw none.
    const harness = await Harness.start({ faultRate: 0.5, faultKinds: ['unavailable'] }, { random: () => (++draws === 4 ? 0 : 0.99) });
    try {
      harness.token = await harness.tokenFor();
      const integration = await harness.createIntegration({ name: 'FAULTY' });
      const exchanges: Exchange[] = [];
      const client = createClient({ domain: harness.url, client_id: 'extids-local', client_secret: 'extids-local-secret' }, { onExchange: (e) => exchanges.push(e), retry: { maxRetryAfterMs: 10 } });
      await client.integration(integration).update({ name: 'FAULTY 2' });
      const I = '/integrations/{integration_uuid}';
      expect(exchanges.map((e) => [e.template, e.status, e.code, e.attempt, e.retry?.reason])).toEqual([
        ['/oauth2/token', 200, undefined, 1, undefined],
        [I, 503, 'unavailable', 1, '503 unavailable'],
        [I, 200, undefined, 2, undefined],
      ]);
      expect(exchanges[1].retry).toMatchObject({ attempt: 1, delayMs: 10 });
      expect(exchanges[2].request).toEqual(exchanges[1].request);
    } finally {
      await harness.close();
    }
  });

  it('is told of a dropped connection as status 0 with Node’s code, and of a refused token renewed', async () => {
    const server = await startScriptedServer();
    try {
      const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
      const integration = { uuid: UUID, name: 'X', status: 'active', events: [], created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' };
      server.script('POST /oauth2/token', TOKEN_ANSWER);
      server.script(
        `PATCH /external-ids/v1/integrations/${UUID}`,
        { status: 401, body: { error: { code: 'invalid_token', message: 'expired' } } },
        { drop: true },
        { status: 200, body: { data: integration } },
      );
      const exchanges: Exchange[] = [];
      await connector.actions.update_integration.execute(
        { domain: server.url, client_id: 'cid', client_secret: SECRET },
        { integration_uuid: UUID, integration_psk: 'psk-scripted-0123456789', name: 'Y' },
        { session: { retry: { baseDelayMs: 1, maxDelayMs: 2 }, onExchange: (e) => exchanges.push(e) } },
      );
      expect(exchanges.map((e) => [e.method, e.status, e.code, e.attempt, !!e.renewingToken, e.retry?.reason])).toEqual([
        ['POST', 200, undefined, 1, false, undefined],
        ['PATCH', 401, 'invalid_token', 1, true, undefined],
        ['POST', 200, undefined, 1, false, undefined],
        ['PATCH', 0, 'ECONNRESET', 1, false, 'ECONNRESET'],
        ['PATCH', 200, undefined, 2, false, undefined],
      ]);
      expectNoSecret(exchanges, [SECRET, 'psk-scripted-0123456789', 'tok-aaaaaaaaaaaaaaaaaaaaaaaa']);
    } finally {
      await server.close();
    }
  });
});
