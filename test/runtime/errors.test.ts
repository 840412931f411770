/**
 * What a failure says: the service's words with every secret masked (in any form a server may
 * echo it), the connector's own words never rewritten, and for a missing token what happened and
 * what to change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connector } from '../../src/runtime/connector';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { secretForms } from '../../src/runtime/redact';
import { startScriptedServer, TOKEN_ANSWER, type ScriptedServer } from '../support/scripted-server';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
const PSK = 'psk/with+odd"chars\\and ünïcode';
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 50 } };

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(() => server.close());

type Failure = Error & { status: number; code: string; details?: unknown };

/** The failure of an update, which must fail. */
const update = (clientSecret: string): Promise<Failure> =>
  connector.actions.update_integration
    .execute({ domain: server.url, client_id: 'cid', client_secret: clientSecret }, { integration_uuid: UUID, integration_psk: PSK, name: 'Y' }, { session: fast })
    .then(
      () => {
        throw new Error('the update succeeded');
      },
      (e: Failure) => e,
    );

describe('a failure', () => {
  it('keeps its own words and the contract codes whole when a secret is an ordinary word', async () => {
    server.script('POST /oauth2/token', { status: 401, body: { error: 'invalid_client', error_description: 'wrong credentials' } });
    const error = await update('client');
    expect(error).toMatchObject({ code: 'invalid_client' });
    expect(error.message).toBe('could not get a platform token: POST /oauth2/token answered 401 invalid_client: wrong credentials; check the client ID and the client secret');
  });

  it('never shows a secret a server echoes, as given, URL-encoded, in base64 or JSON-escaped, in its code, message or details', async () => {
    server.script('POST /oauth2/token', TOKEN_ANSWER);
    const forms = secretForms(PSK);
    expect(forms.length).toBeGreaterThanOrEqual(5);
    server.script(`PATCH /external-ids/v1/integrations/${UUID}`, {
      status: 400,
      body: { error: { code: `bad_${encodeURIComponent(PSK)}`, message: `got ${forms.join(' and ')}`, details: forms.map((f) => ({ path: `x.${f}`, message: `value ${f}` })) } },
    });
    const error = await update('a-client-secret');
    const text = JSON.stringify({ code: error.code, message: error.message, details: error.details });
    for (const form of forms) expect(text).not.toContain(form);
    expect(error.message).toMatch(/^PATCH \/integrations\/\{integration_uuid\} failed with 400 bad_\[redacted\]: got \[redacted\]/);
  });

  it('says the token endpoint was unavailable, that it was retried, and to try again later', async () => {
    server.script('POST /oauth2/token', { status: 503, body: { error: { code: 'unavailable', message: 'maintenance' } } });
    const error = await update('a-client-secret');
    expect(error).toMatchObject({ status: 503, code: 'unavailable' });
    expect(error.message).toBe('could not get a platform token: POST /oauth2/token answered 503 unavailable: maintenance after 3 retries; the service is busy or unavailable: try again later');
    expect(server.received.filter((r) => r.url === '/oauth2/token')).toHaveLength(4);
  });
});

describe('a domain given with the base path, as `extids serve` prints it beside the URL', () => {
  let emulator: RunningEmulator;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'extids-errors-'));
    emulator = await startEmulator({ port: 0, dataDir });
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gets no token, and is told to give the domain without the path', async () => {
    const connection = { domain: `${emulator.url}/external-ids/v1`, client_id: 'extids-local', client_secret: 'extids-local-secret' };
    const error = (await connector.connection.test(connection).catch((e) => e)) as Error;
    expect(error.message).toContain(`the domain includes a path (/external-ids/v1): give it without one, such as ${emulator.url}`);
    expect(error.message).not.toContain('extids-local-secret');
  });
});
