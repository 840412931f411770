import { Harness, sleep, UUID_A } from './harness';

describe('platform authentication', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ clients: [{ domain: 'other.example', clientId: 'other', clientSecret: 'other-secret' }] });
  });
  afterAll(() => h.close());

  const token = (body: unknown, o: { raw?: { payload: string; type: string }; headers?: Record<string, string> } = {}) =>
    h.call('POST', '/oauth2/token', { body, token: null, ...o });

  it('gives a bearer token for the client-credentials grant, as JSON', async () => {
    const r = await token({ grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret', scope: 'api' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'api' });
    expect(r.body.access_token.length).toBeGreaterThanOrEqual(43);
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('takes the same grant form-urlencoded, and the client in an HTTP Basic header', async () => {
    const form = await token(undefined, {
      raw: { payload: 'grant_type=client_credentials&client_id=extids-local&client_secret=extids-local-secret&scope=api', type: 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(200);
    const basic = await token(undefined, {
      raw: { payload: 'grant_type=client_credentials', type: 'application/x-www-form-urlencoded' },
      headers: { authorization: `Basic ${Buffer.from('extids-local:extids-local-secret').toString('base64')}` },
    });
    expect(basic.status).toBe(200);
  });

  it('gives a token for the password grant with the configured user', async () => {
    const r = await token({ grant_type: 'password', client_id: 'extids-local', client_secret: 'extids-local-secret', username: 'admin', password: 'extids-local-password' });
    expect(r.status).toBe(200);
    const health = await h.call('GET', '/health', { token: r.body.access_token });
    expect(health.body).toEqual({ data: { status: 'ok', domain: 'localhost' } });
  });

  it.each([
    ['an unknown client', { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'extids-local-secret' }, 401, 'invalid_client'],
    ['a wrong client secret', { grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'wrong' }, 401, 'invalid_client'],
    ['a wrong password', { grant_type: 'password', client_id: 'extids-local', client_secret: 'extids-local-secret', username: 'admin', password: 'x' }, 400, 'invalid_grant'],
    ['an unknown user', { grant_type: 'password', client_id: 'extids-local', client_secret: 'extids-local-secret', username: 'eve', password: 'extids-local-password' }, 400, 'invalid_grant'],
    ['an unknown grant', { grant_type: 'authorization_code', client_id: 'extids-local', client_secret: 'extids-local-secret' }, 400, 'unsupported_grant_type'],
    ['no grant_type', { client_id: 'extids-local', client_secret: 'extids-local-secret' }, 400, 'invalid_request'],
    ['no client_secret', { grant_type: 'client_credentials', client_id: 'extids-local' }, 400, 'invalid_request'],
    ['no password in a password grant', { grant_type: 'password', client_id: 'extids-local', client_secret: 'extids-local-secret', username: 'admin' }, 400, 'invalid_request'],
    ['a scope other than api', { grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret', scope: 'admin' }, 400, 'invalid_scope'],
  ])('answers %s with the OAuth error shape', async (_, body, status, error) => {
    const r = await token(body);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ error, error_description: expect.any(String) });
    expect(r.text).not.toContain('extids-local-secret');
  });

  it.each([
    ['no Authorization header', null],
    ['an unknown token', 'not-a-token'],
  ])('refuses a call with %s as invalid_token', async (_, bad) => {
    for (const [method, path] of [['GET', '/health'], ['POST', '/integrations'], ['POST', '/events'], ['GET', `/integrations/${UUID_A}`], ['GET', '/no/such/route']] as const) {
      const r = await h.call(method, path, { token: bad, body: method === 'POST' ? {} : undefined });
      expect([path, r.status, r.body.error.code]).toEqual([path, 401, 'invalid_token']);
    }
  });

  it('lets tokens expire', async () => {
    const short = await Harness.start({ tokenTtlSeconds: 0.15 });
    try {
      expect((await short.call('GET', '/health')).status).toBe(200);
      await sleep(200);
      const r = await short.call('GET', '/health');
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_token');
    } finally {
      await short.close();
    }
  });

  it('keeps tokens valid across a restart on the same data dir, storing only their hash', async () => {
    const first = await Harness.start();
    const dir = first.dataDir;
    const kept = first.token;
    await first.server.close();
    const again = await Harness.start({}, {}, dir);
    try {
      expect((await again.call('GET', '/health', { token: kept })).status).toBe(200);
    } finally {
      await again.close();
    }
  });

  it('answers an unknown route under the base path with not_found once the token is good', async () => {
    const r = await h.call('GET', '/no/such/route');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it("tells each client's domain in the health check", async () => {
    const other = await h.tokenFor('other', 'other-secret');
    expect((await h.call('GET', '/health', { token: other })).body.data).toEqual({ status: 'ok', domain: 'other.example' });
  });
});
