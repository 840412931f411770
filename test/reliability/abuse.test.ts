/**
 * Abuse of the emulator (issue 13, items 6, 8 and 10): a browser page reaching it through DNS
 * rebinding, floods of wrong PSKs and client secrets, and an unauthenticated flood against a
 * client's rate budget. Loopback only; every flood is a bounded number of requests.
 */
import { Harness } from '../emulator/harness';

describe('the Host check', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  it('refuses a request naming another host with 403 forbidden_host, before the token is looked at', async () => {
    for (const [path, token] of [['/health', undefined], ['/health', null], ['/oauth2/token', null]] as const) {
      const r = await h.call(path === '/health' ? 'GET' : 'POST', path, { token, headers: { host: 'rebind.attacker.example:4010' }, body: path === '/health' ? undefined : {} });
      expect([path, r.status, r.body]).toEqual([path, 403, { error: { code: 'forbidden_host', message: expect.stringContaining('--allow-host') } }]);
    }
  });

  it('accepts localhost, its subdomains, 127.0.0.1 and [::1], on any port', async () => {
    for (const host of ['localhost', 'localhost:4010', 'LocalHost:1', 'app.localhost:8080', '127.0.0.1', '127.0.0.1:65535', '[::1]', '[::1]:4010']) {
      const r = await h.call('GET', '/health', { headers: { host } });
      expect([host, r.status]).toEqual([host, 200]);
    }
  });

  it.each(['localhost.attacker.example', 'attacker.example', '127.0.0.1.nip.io', 'localhost:4010@attacker.example'])('refuses the Host %j', async (host) => {
    const r = await h.call('GET', '/health', { headers: { host } });
    expect(r.status).toBe(403);
  });

  it('accepts the hosts it is told to allow, and only those', async () => {
    const wide = await Harness.start({ allowedHosts: ['emulator.test', 'Dev.Example'] });
    try {
      expect((await wide.call('GET', '/health', { headers: { host: 'emulator.test:4010' } })).status).toBe(200);
      expect((await wide.call('GET', '/health', { headers: { host: 'dev.example' } })).status).toBe(200);
      expect((await wide.call('GET', '/health', { headers: { host: 'localhost' } })).status).toBe(200);
      expect((await wide.call('GET', '/health', { headers: { host: 'sub.emulator.test' } })).status).toBe(403);
    } finally {
      await wide.close();
    }
  });

  it('is not made when the emulator listens on every address, where a Host names it from elsewhere', async () => {
    const open = await Harness.start({ host: '0.0.0.0' });
    try {
      expect((await open.call('GET', '/health', { headers: { host: 'emulator.lan:4010' } })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('--rate-limit', () => {
  const other = { domain: 'other.example', clientId: 'other', clientSecret: 'other-secret' };

  it('counts unauthenticated requests in a bucket of their own, so that a flood of them leaves a client its budget', async () => {
    const h = await Harness.start({ rateLimit: 5, clients: [other] });
    try {
      // The harness's own token request was the client's first.
      const flood = [];
      for (let i = 0; i < 12; i++) flood.push((await h.call('GET', '/health', { token: i % 2 ? null : 'not-a-token' })).status);
      expect(flood.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(flood.slice(5))).toEqual(new Set([429]));
      expect((await h.call('GET', '/health')).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('gives each client a budget of its own, its token requests included', async () => {
    const h = await Harness.start({ rateLimit: 3, clients: [other] });
    try {
      const otherToken = await h.tokenFor('other', 'other-secret');
      expect((await h.call('GET', '/health')).status).toBe(200);
      expect((await h.call('GET', '/health')).status).toBe(200);
      const limited = await h.call('GET', '/health');
      expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // A token request of the spent client is refused too; the other client still has two requests left.
      expect((await h.call('POST', '/oauth2/token', { body: { grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret' }, token: null })).status).toBe(429);
      expect((await h.call('GET', '/health', { token: otherToken })).status).toBe(200);
      expect((await h.call('GET', '/health', { token: otherToken })).status).toBe(200);
      expect((await h.call('GET', '/health', { token: otherToken })).status).toBe(429);
    } finally {
      await h.close();
    }
  });
});
