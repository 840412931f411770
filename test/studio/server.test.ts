/**
 * `extids studio`'s server (issue 14), from the sources, in this process, over HTTP: the page it
 * serves and what that page may load, the connection shown without its secret, the buttons' calls
 * through the runtime against the embedded emulator (in the CLI's words), and what it refuses.
 */
import { renderManifest } from '../../src/compile/manifest';
import { defaults } from '../../src/emulator/options';
import { startStudio, type RunningStudio } from '../../src/studio';
import { extids } from '../support/cli';
import { DEV_CLIENT } from '../support/emulator';
import { startRawServer, type RawServer } from '../support/raw-server';
import { studioHttp } from './http';

let studio: RunningStudio;
let http: ReturnType<typeof studioHttp>;
let port: string;
/** Another service, recording every request it gets: where a domain typed on the page points. */
let other: RawServer;
beforeAll(async () => {
  [studio, other] = await Promise.all([startStudio({ port: 0 }), startRawServer()]);
  http = studioHttp(studio.url);
  port = new URL(studio.url).port;
}, 30000);
afterAll(async () => {
  await studio?.close();
  await other?.close();
});

const SECRET = defaults.clientSecret;
/** What the page starts with: the session's connection, secrets left out. */
const shown = async (): Promise<Record<string, unknown>> => JSON.parse((await http.get('/api/session')).text).connection;
/** The CLI's connection to the same emulator, its secret typed. */
const cliConnection = () => JSON.stringify({ domain: studio.emulatorUrl, ...DEV_CLIENT });

/** An integration created through the studio, for the calls that need one. */
const created = async (): Promise<{ integration_uuid: string; integration_psk: string }> => {
  const { output } = await http.call('/api/actions/create_integration', { connection: await shown(), input: { name: 'Studio' } });
  return { integration_uuid: output.uuid, integration_psk: output.psk };
};

describe("the studio's page", () => {
  it('is an HTML shell whose Content-Security-Policy lets it load only from its own origin', async () => {
    const page = await http.get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const policy = new Map(page.headers['content-security-policy'].split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name, sources] as const;
    }));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    for (const kind of ['script-src', 'style-src', 'connect-src']) expect(policy.get(kind)).toEqual(["'self'"]);
    // No directive names another origin, a scheme that reaches one, or inline code.
    for (const [name, sources] of policy) for (const s of sources) expect([name, s]).toEqual([name, expect.stringMatching(/^('self'|'none'|data:)$/)]);
    expect(page.text).toContain('<script defer src="/app.js"></script>');
    expect(page.text).toContain('<link rel="stylesheet" href="/app.css">');
    expect(page.text).not.toMatch(/https?:\/\//);
  });

  it('serves the manifest rendered from the definition, byte for byte', async () => {
    const manifest = await http.get('/manifest.json');
    expect(manifest.status).toBe(200);
    expect(manifest.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(manifest.text === renderManifest()).toBe(true);
  });

  it('serves a script and a style sheet that name no http or https URL at all', async () => {
    const [script, style] = await Promise.all([http.get('/app.js'), http.get('/app.css')]);
    expect([script.status, script.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect([style.status, style.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    expect(script.text.length).toBeGreaterThan(1000);
    expect(style.text.length).toBeGreaterThan(100);
    // Not even a namespace string: whatever the bundle fetches or loads, it is from its own origin.
    expect(script.text.match(/https?:\/\/[^\s"'`)]*/g)).toBeNull();
    expect(style.text.match(/https?:\/\/[^\s"'`)]*/g)).toBeNull();
    expect(style.text).not.toMatch(/@import/);
  });

  it('answers an unknown path with 404 in JSON', async () => {
    const missing = await http.get('/app.map');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('the secrets the studio holds', () => {
  it('shows the connection without its client secret, and names the secret it holds', async () => {
    expect(JSON.parse((await http.get('/api/session')).text)).toEqual({
      connection: { domain: studio.emulatorUrl, client_id: defaults.clientId },
      held_secrets: ['client_secret'],
      emulator: { url: studio.emulatorUrl },
    });
  });

  it('puts the client secret in nothing it serves', async () => {
    for (const path of ['/', '/app.js', '/app.css', '/manifest.json', '/api/session']) {
      const answer = await http.get(path);
      expect([path, answer.status]).toEqual([path, 200]);
      expect([path, answer.text.includes(SECRET)]).toEqual([path, false]);
    }
  });

  it('completes the connection it showed with the secret it holds, and tests it against the emulator', async () => {
    const answer = await http.post('/api/connection/test', { connection: await shown() });
    const result = JSON.parse(answer.text);
    expect(result).toMatchObject({ ok: true, output: { status: 'ok' } });
    expect(result.exchanges.map((e: { template: string }) => e.template)).toEqual(['/oauth2/token', '/health']);
    expect(answer.text).not.toContain(SECRET);
  });

  it('sends its secret to no other domain: a domain typed on the page fails, in the CLI words, for want of a secret typed there', async () => {
    const result = await http.call('/api/connection/test', { connection: { ...(await shown()), domain: other.url } });
    const cli = await extids('exec', 'test', '--json', '--connection', JSON.stringify({ domain: other.url, client_id: defaults.clientId }));
    expect(result).toEqual({ ok: false, error: JSON.parse(cli.stderr).error, exchanges: [] });
    expect(result.error.details).toEqual([{ path: 'connection.client_secret', message: 'missing required field connection.client_secret' }]);
    expect(other.received).toEqual([]);
  });

  it('sends a secret typed on the page for another domain, and only that one', async () => {
    const before = other.received.length;
    await http.call('/api/connection/test', { connection: { ...(await shown()), domain: other.url, client_secret: 'typed-on-the-page' } });
    const token = other.received.slice(before).find((r) => r.url === '/oauth2/token');
    expect(token?.body).toContain('typed-on-the-page');
    expect(JSON.stringify(other.received)).not.toContain(SECRET);
  });
});

describe("the page's buttons", () => {
  it('runs Create integration, showing its output and its exchanges with the token, the secret and the PSK masked', async () => {
    const result = await http.call('/api/actions/create_integration', { connection: await shown(), input: { name: 'Masked' } });
    expect(result).toMatchObject({ ok: true, output: { uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Masked', psk: expect.any(String) } });
    const [token, create] = result.exchanges;
    expect(token).toMatchObject({ template: '/oauth2/token', status: 200, request: { body: '[redacted]' } });
    expect(create).toMatchObject({ template: '/integrations', status: 201, request: { headers: { Authorization: 'Bearer [redacted]' }, body: { name: 'Masked' } } });
    const exchanges = JSON.stringify(result.exchanges);
    expect(exchanges).not.toContain(SECRET);
    expect(exchanges).not.toContain(result.output.psk);
  });

  it("rejects Match session without a course id in the same words as extids exec's", async () => {
    const input = { ...(await created()), external_id: 'S-1', internal_id: 3 };
    const config = { command: 'MatchSessionCommand' };
    const result = await http.call('/api/actions/run_commands', { connection: await shown(), config, input });
    expect(result.ok).toBe(true);
    expect(result.output.items[0].errors[0]).toEqual({ field: 'course_id', message: 'missing required field course_id' });
    const cli = await extids('exec', 'run_commands', '--connection', cliConnection(), '--config-fields', JSON.stringify(config), '--input', JSON.stringify(input));
    expect(cli.code).toBe(0);
    expect(result.output.items).toEqual(JSON.parse(cli.stdout).items);
  });

  it("fails Create integration without a name with extids exec --json's error, to the letter", async () => {
    const result = await http.call('/api/actions/create_integration', { connection: await shown(), input: {} });
    expect(result.ok).toBe(false);
    expect(result.error.details[0]).toEqual({ path: 'input.name', message: 'missing required field input.name' });
    const cli = await extids('exec', 'create_integration', '--json', '--input', '{}', '--connection', cliConnection());
    expect(cli.code).toBe(1);
    expect(result.error).toEqual(JSON.parse(cli.stderr).error);
    expect(result.exchanges).toEqual([]);
  });

  it('polls the trigger, its PSK masked in the exchanges', async () => {
    const integration = await created();
    const result = await http.call('/api/triggers/mapping_changes/poll', { connection: await shown(), input: integration });
    expect(result).toMatchObject({ ok: true, output: { events: expect.any(Array) } });
    expect(result.exchanges.at(-1).request.headers['X-Integration-PSK']).toBe('[redacted]');
    expect(JSON.stringify(result.exchanges)).not.toContain(integration.integration_psk);
  });

  it('polls again from the closure the page sends back, and refuses a closure that is not one in the words of extids poll', async () => {
    const integration = await created();
    const first = await http.call('/api/triggers/mapping_changes/poll', { connection: await shown(), input: integration });
    const again = await http.call('/api/triggers/mapping_changes/poll', { connection: await shown(), input: integration, closure: first.output.next_poll });
    expect(again).toMatchObject({ ok: true, output: { events: [] } });
    const bad = await http.call('/api/triggers/mapping_changes/poll', { connection: await shown(), input: integration, closure: { cursor: 'x' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'invalid closure: unknown field closure.cursor' }, exchanges: [] });
  });
});

describe('what the studio refuses', () => {
  const error = (text: string) => JSON.parse(text).error;

  it('answers an unknown action or trigger with 404 in JSON', async () => {
    for (const path of ['/api/actions/create_integrations', '/api/triggers/mapping_change/poll', '/api/nothing']) {
      const answer = await http.post(path, {});
      expect([path, answer.status, error(answer.text).code]).toEqual([path, 404, 'not_found']);
    }
  });

  it('answers a body that is not a JSON object with 400', async () => {
    for (const body of ['{"connection":', '[]', 'null']) {
      const answer = await http.post('/api/connection/test', body);
      expect([body, answer.status, error(answer.text).code]).toEqual([body, 400, 'invalid_json']);
    }
  });

  it('answers a body sent as anything but JSON with 415', async () => {
    const answer = await http.post('/api/connection/test', '{}', { 'content-type': 'text/plain' });
    expect([answer.status, error(answer.text).code]).toEqual([415, 'unsupported_media_type']);
  });

  it('answers a body over 16 MiB with 413, not a reset connection', async () => {
    const answer = await http.post('/api/actions/run_commands', Buffer.alloc(17 * 1024 * 1024, 0x20));
    expect([answer.status, error(answer.text).code]).toEqual([413, 'payload_too_large']);
  });

  it('serves nothing at an API path asked with GET, and refuses other methods with 405', async () => {
    expect((await http.get('/api/connection/test')).status).toBe(404);
    const put = await http.raw('PUT', '/api/connection/test', { 'content-type': 'application/json' }, '{}');
    expect([put.status, error(put.text).code]).toEqual([405, 'method_not_allowed']);
  });
});

describe("the studio's guard", () => {
  const json = { 'content-type': 'application/json' };

  it('refuses a request naming another host, as a DNS name rebound to 127.0.0.1 would', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`]) {
      const answer = await http.raw('GET', '/api/session', { host });
      expect([host, answer.status, JSON.parse(answer.text).error.code]).toEqual([host, 403, 'forbidden_host']);
    }
  });

  it('answers a loopback name for its own port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) expect([host, (await http.raw('GET', '/', { host })).status]).toEqual([host, 200]);
  });

  it("refuses a call from another site's page, by its Origin or its Sec-Fetch-Site", async () => {
    const forged: Record<string, string>[] = [{ origin: 'http://evil.example' }, { origin: 'null' }, { origin: `http://localhost:${Number(port) + 1}` }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of forged) {
      const answer = await http.raw('POST', '/api/actions/create_integration', { ...json, ...headers }, JSON.stringify({ input: { name: 'Forged' } }));
      expect([headers, answer.status, JSON.parse(answer.text).error.code]).toEqual([headers, 403, 'forbidden_origin']);
    }
  });

  it('answers a call from its own page', async () => {
    const own = { ...json, host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' };
    const answer = await http.raw('POST', '/api/connection/test', own, JSON.stringify({ connection: await shown() }));
    expect([answer.status, JSON.parse(answer.text).ok]).toEqual([200, true]);
  });
});
