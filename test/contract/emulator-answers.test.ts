/**
 * The emulator's answers to requests that go wrong before any route's own checks — unreadable
 * bodies, wrong content types, malformed URLs, oversized headers, a token endpoint's failures —
 * each in its documented shape, and each held against the OpenAPI document by the drift checker.
 */
import { connect } from 'node:net';
import { wire } from '../../connector/wire';
import { ContractChecker, describeMismatch } from '../../src/record/contract-check';
import { BASE, Harness, type Integration, type Reply } from '../emulator/harness';

const checker = new ContractChecker();

/** The answer, checked against the document: its status documented for the operation, its body and headers as documented. */
const documented = (method: string, path: string, reply: Reply, sent?: string): Reply => {
  const mismatches = checker.check({ method, path, body: sent, status: reply.status, response: reply.body ?? reply.text, headers: reply.headers });
  expect([reply.status, mismatches.map(describeMismatch)]).toEqual([reply.status, []]);
  return reply;
};

const form = 'grant_type=client_credentials&client_id=extids-local&client_secret=extids-local-secret';

/** One raw HTTP/1.1 exchange over a socket: what comes back, until the server closes it. */
const raw = (url: string, request: string | Buffer): Promise<{ status: number; headers: Record<string, string>; body: unknown }> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      let body: unknown = rest.join('\r\n\r\n');
      try {
        body = JSON.parse(body as string);
      } catch {
        // left as text
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });

describe('the token endpoint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  const token = (payload: string | Buffer, type?: string) => h.call('POST', wire.tokenPath, { raw: { payload, type }, token: null });
  const oauth = (code: string) => ({ error: code, error_description: expect.any(String) });

  it('answers malformed JSON and a body that is not UTF-8 with an OAuth invalid_request', async () => {
    for (const payload of ['{"grant_type": "client_credentials"', Buffer.from([0x7b, 0xff, 0x7d])]) {
      const r = documented('POST', wire.tokenPath, await token(payload, 'application/json'));
      expect([r.status, r.body]).toEqual([400, oauth('invalid_request')]);
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers a body over 5 MiB with 413 in the OAuth shape', async () => {
    const r = documented('POST', wire.tokenPath, await token(`${form}&pad=${'x'.repeat(5 * 1024 * 1024)}`, 'application/x-www-form-urlencoded'));
    expect([r.status, r.body]).toEqual([413, oauth('payload_too_large')]);
  });

  it('answers a body in neither form nor JSON encoding with 415 in the OAuth shape', async () => {
    const r = documented('POST', wire.tokenPath, await token(JSON.stringify({ grant_type: 'client_credentials' }), 'text/plain'));
    expect([r.status, r.body]).toEqual([415, oauth('unsupported_media_type')]);
  });

  it('answers a wrong client with 401 invalid_client and a Basic challenge, as documented', async () => {
    const r = documented('POST', wire.tokenPath, await token('grant_type=client_credentials&client_id=nobody&client_secret=nothing', 'application/x-www-form-urlencoded'));
    expect([r.status, r.body, r.headers['www-authenticate']]).toEqual([401, oauth('invalid_client'), 'Basic realm="extids"']);
  });

  it('answers its rate limit with a documented 429 and Retry-After', async () => {
    const limited = await Harness.start({ rateLimit: 1 });
    try {
      // The harness's own token request spent the client's minute.
      const r = documented('POST', wire.tokenPath, await limited.call('POST', wire.tokenPath, { raw: { payload: form, type: 'application/x-www-form-urlencoded' }, token: null }));
      // A load answer, alike on every operation: the service's shape, with when to come back.
      expect([r.status, r.body.error.code]).toEqual([429, 'rate_limited']);
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});

describe('content types', () => {
  let h: Harness;
  let integration: Integration;
  beforeAll(async () => {
    h = await Harness.start();
    integration = await h.createIntegration({ name: 'TYPES' });
  });
  afterAll(() => h.close());

  const create = (payload: string, type?: string) => h.call('POST', '/integrations', { raw: { payload, type } });

  it('refuses a JSON body labelled text/plain, a form and an unlabelled body with 415 unsupported_media_type', async () => {
    for (const [payload, type] of [['{"name":"PLAIN"}', 'text/plain'], ['name=FORM', 'application/x-www-form-urlencoded'], ['{"name":"BARE"}', undefined], ['{"name":"VND"}', 'application/vnd.api+json']] as const) {
      const r = documented('POST', `${BASE}/integrations`, await create(payload, type));
      expect([type, r.status, r.body.error.code]).toEqual([type, 415, 'unsupported_media_type']);
      expect(r.body.error.details).toEqual([{ path: 'body', message: expect.stringContaining('application/json') }]);
    }
  });

  it('refuses JSON declared in another charset than UTF-8', async () => {
    const r = documented('POST', `${BASE}/integrations`, await create('{"name":"LATIN"}', 'application/json; charset=iso-8859-1'));
    expect([r.status, r.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('takes application/json with or without a UTF-8 charset', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      const r = documented('POST', `${BASE}/integrations`, await create('{"name":"JSON"}', type), '{"name":"JSON"}');
      expect([type, r.status]).toEqual([type, 201]);
    }
  });

  it('judges the credentials before the content type', async () => {
    const r = await h.call('PATCH', `/integrations/${integration.uuid}`, { raw: { payload: '{"name":"X"}', type: 'text/plain' }, integration: { ...integration, psk: 'wrong' } });
    expect([r.status, r.body.error]).toEqual([401, expect.objectContaining({ code: 'invalid_integration_credentials' })]);
  });

  it('takes a query with no body at all', async () => {
    const r = documented('POST', `${BASE}/integrations/${integration.uuid}/entities/query`, await h.call('POST', `/integrations/${integration.uuid}/entities/query`, { integration }));
    expect(r.status).toBe(200);
  });
});

describe('a missing or dead platform token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  it('gets 401 invalid_token with a Bearer challenge naming the error when a token was sent', async () => {
    const r = documented('GET', `${BASE}/health`, await h.call('GET', '/health', { token: 'not-a-live-token' }));
    expect([r.status, r.body.error.code, r.headers['www-authenticate']]).toEqual([401, 'invalid_token', 'Bearer realm="extids", error="invalid_token"']);
  });

  it('gets a bare Bearer challenge when no token was sent (RFC 6750 §3)', async () => {
    const r = documented('GET', `${BASE}/health`, await h.call('GET', '/health', { token: null }));
    expect([r.status, r.body.error.code, r.headers['www-authenticate']]).toEqual([401, 'invalid_token', 'Bearer realm="extids"']);
  });
});

describe('requests the router cannot take', () => {
  let h: Harness;
  let integration: Integration;
  beforeAll(async () => {
    h = await Harness.start();
    integration = await h.createIntegration({ name: 'ROUTER' });
  });
  afterAll(() => h.close());

  it('answers a malformed percent-encoding in the URL with 400 invalid_request naming the url', async () => {
    const r = documented('GET', `${BASE}/integrations/%zz`, await h.call('GET', `/integrations/%zz`, { integration }));
    expect([r.status, r.body.error.code, r.body.error.details]).toEqual([400, 'invalid_request', [{ path: 'url', message: expect.any(String) }]]);
  });

  it('answers a path parameter longer than any the contract gives out with 414 uri_too_long', async () => {
    const path = `/integrations/${integration.uuid}/batches/${'b'.repeat(500)}`;
    const r = documented('GET', BASE + path, await h.call('GET', path, { integration }));
    expect([r.status, r.body.error.code]).toEqual([414, 'uri_too_long']);
  });

  it('answers headers over the limit with 431 headers_too_large in the contract shape', async () => {
    const r = await raw(h.url, `GET ${BASE}/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'p'.repeat(64 * 1024)}\r\n\r\n`);
    expect([r.status, r.headers['content-type'], r.body]).toEqual([431, 'application/json; charset=utf-8', { error: { code: 'headers_too_large', message: expect.any(String) } }]);
    expect(checker.check({ method: 'GET', path: `${BASE}/health`, status: r.status, response: r.body }).map(describeMismatch)).toEqual([]);
  });

  it('answers a request line that is not HTTP with 400 invalid_request in the contract shape', async () => {
    const r = await raw(h.url, 'THIS IS NOT HTTP\r\n\r\n');
    expect([r.status, r.headers['content-type'], r.body]).toEqual([400, 'application/json; charset=utf-8', { error: { code: 'invalid_request', message: expect.any(String) } }]);
  });
});
