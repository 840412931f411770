/**
 * Abuse of the emulator (issue 13, items 6, 8 and 10): a browser page reaching it through DNS
 * rebinding, floods of wrong PSKs and client secrets, and an unauthenticated flood against a
 * client's rate budget. Loopback only; every flood is a bounded number of requests.
 */
import crypto, { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Harness, sleep } from '../emulator/harness';

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

describe('wrong PSKs', () => {
  const intruder = { domain: 'localhost', clientId: 'intruder', clientSecret: 'intruder-secret' };
  const wrongPsk = 'x'.repeat(43);

  /** Concurrent scrypt calls, seen from node:crypto itself. */
  const watchScrypt = () => {
    const original = crypto.scrypt;
    const seen = { now: 0, peak: 0, calls: 0 };
    const spy = jest.spyOn(crypto, 'scrypt').mockImplementation(((...args: unknown[]) => {
      const done = args.pop() as (e: Error | null, key: Buffer) => void;
      seen.now++;
      seen.calls++;
      seen.peak = Math.max(seen.peak, seen.now);
      (original as (...a: unknown[]) => void)(...args, (e: Error | null, key: Buffer) => {
        seen.now--;
        done(e, key);
      });
    }) as never);
    return { seen, restore: () => spy.mockRestore() };
  };

  it('are hashed a bounded number at a time, however many arrive together from however many clients', async () => {
    const h = await Harness.start({ hashConcurrency: 2, clients: [intruder, { ...intruder, clientId: 'intruder-2' }] });
    const watch = watchScrypt();
    try {
      const tokens = [h.token, await h.tokenFor('intruder', 'intruder-secret'), await h.tokenFor('intruder-2', 'intruder-secret')];
      const flood = Array.from({ length: 12 }, (_, i) => h.call('GET', `/integrations/${randomUUID()}`, { token: tokens[i % 3], integration: { uuid: '', psk: wrongPsk } }));
      const answers = await Promise.all(flood);
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([401]));
      expect(watch.seen.calls).toBe(12);
      expect(watch.seen.peak).toBeLessThanOrEqual(2);
      expect(h.server.hashing.peak).toBeLessThanOrEqual(2);
    } finally {
      watch.restore();
      await h.close();
    }
  });

  it('from one client do not hold up another client’s first use of its PSK', async () => {
    // An integration whose PSK this process has never verified: created, then served by a fresh emulator.
    const first = await Harness.start();
    const integration = await first.createIntegration({ name: 'VICTIM' });
    await first.server.close();
    const h = await Harness.start({ hashConcurrency: 1, clients: [intruder] }, {}, first.dataDir);
    try {
      const intruderToken = await h.tokenFor('intruder', 'intruder-secret');
      // The order owners start hashing in, and how many hashes had started when the login was queued.
      const started: string[] = [];
      let loginQueuedAt = -1;
      let floodQueued!: () => void;
      const queued = new Promise<void>((go) => (floodQueued = go));
      let intruderQueued = 0;
      h.server.hashing.observe({
        queued: (owner) => {
          if (owner === 'extids-local') loginQueuedAt = started.length;
          else if (++intruderQueued === 10) floodQueued();
        },
        started: (owner) => void started.push(owner),
      });
      const flood = Array.from({ length: 10 }, () => h.call('GET', `/integrations/${randomUUID()}`, { token: intruderToken, integration: { uuid: '', psk: wrongPsk } }));
      // The whole flood is in the pool before the login arrives.
      await queued;
      const login = await h.call('GET', `/integrations/${integration.uuid}`, { integration });
      expect(login.status).toBe(200);
      const answers = await Promise.all(flood);
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([401]));
      // Taken in turns: after the hash running, at most one more of the intruder's started before the login.
      expect(started.indexOf('extids-local') - loginQueuedAt).toBeLessThanOrEqual(1);
    } finally {
      await h.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('beyond the limit of one client on one integration get 429 with Retry-After, alike for an integration that exists and one that does not', async () => {
    const h = await Harness.start({ attemptLimits: { pskPerIntegration: 3, pskPerClient: 100 }, clients: [intruder] });
    try {
      const integration = await h.createIntegration({ name: 'GUESSED' });
      const targets = [integration.uuid, randomUUID(), 'not-a-uuid'];
      const refusals = [];
      for (const uuid of targets) {
        for (let i = 0; i < 4; i++) refusals.push(await h.call('GET', `/integrations/${uuid}`, { integration: { uuid, psk: `${wrongPsk}${i}` } }));
      }
      const unauthorized = refusals.filter((_, i) => i % 4 < 3);
      const limited = refusals.filter((_, i) => i % 4 === 3);
      for (const r of unauthorized) {
        expect([r.status, r.text, r.headers['content-length']]).toEqual([401, unauthorized[0].text, unauthorized[0].headers['content-length']]);
      }
      // Alike but for the seconds left, which a second boundary between two refusals changes.
      const unlessSeconds = (text: string) => text.replace(/retry after \d+ s/, 'retry after N s');
      for (const r of limited) {
        expect([r.status, unlessSeconds(r.text), Number(r.headers['content-length'])]).toEqual([429, unlessSeconds(limited[0].text), Buffer.byteLength(r.text)]);
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(r.text).toContain(`retry after ${r.headers['retry-after']} s`);
      }
      expect(limited[0].body.error.code).toBe('rate_limited');
      // Refused before hashing, so a right PSK is refused too; one verified earlier still opens it.
      expect((await h.call('GET', `/integrations/${integration.uuid}`, { integration })).status).toBe(200);
      // Another client's attempts on the same integration are counted apart.
      const other = await h.tokenFor('intruder', 'intruder-secret');
      expect((await h.call('GET', `/integrations/${integration.uuid}`, { token: other, integration: { uuid: integration.uuid, psk: wrongPsk } })).status).toBe(401);
    } finally {
      await h.close();
    }
  });

  it('beyond the limit of one client across integrations get 429, and other clients are not refused', async () => {
    const h = await Harness.start({ attemptLimits: { pskPerClient: 5 }, clients: [intruder] });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await h.call('GET', `/integrations/${randomUUID()}`, { integration: { uuid: '', psk: wrongPsk } })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const other = await h.tokenFor('intruder', 'intruder-secret');
      expect((await h.call('GET', `/integrations/${randomUUID()}`, { token: other, integration: { uuid: '', psk: wrongPsk } })).status).toBe(401);
    } finally {
      await h.close();
    }
  });

  it('are forgiven once the window has passed, as Retry-After said', async () => {
    const h = await Harness.start({ attemptLimits: { pskPerClient: 2, windowSeconds: 1 } });
    try {
      const uuid = randomUUID();
      const wrong = () => h.call('GET', `/integrations/${uuid}`, { integration: { uuid, psk: wrongPsk } });
      expect([(await wrong()).status, (await wrong()).status]).toEqual([401, 401]);
      const limited = await wrong();
      expect(limited.status).toBe(429);
      const wait = Number(limited.headers['retry-after']);
      expect(wait).toBe(1);
      await sleep(wait * 1000 + 50);
      expect((await wrong()).status).toBe(401);
    } finally {
      await h.close();
    }
  });
});

describe('wrong client secrets', () => {
  const token = (h: Harness, clientId: string, clientSecret: string) =>
    h.call('POST', '/oauth2/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }, token: null });

  it('beyond the limit for one client id from one address get 429 with Retry-After, the right secret too, while other client ids still get an answer', async () => {
    const h = await Harness.start({ attemptLimits: { secretPerClient: 3, secretPerAddress: 100 }, clients: [{ domain: 'other.example', clientId: 'other', clientSecret: 'other-secret' }] });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await token(h, 'extids-local', `wrong-${i}`)).status);
      expect(statuses).toEqual([401, 401, 401]);
      const limited = await token(h, 'extids-local', 'extids-local-secret');
      expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // An unknown client id is counted the same way, so that the answers tell nothing of which ids exist.
      const unknown = [];
      for (let i = 0; i < 4; i++) unknown.push((await token(h, 'nobody', `wrong-${i}`)).status);
      expect(unknown).toEqual([401, 401, 401, 429]);
      expect((await token(h, 'other', 'other-secret')).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('and wrong passwords beyond the limit for one remote address get 429, whichever client they name', async () => {
    const h = await Harness.start({ attemptLimits: { secretPerClient: 100, secretPerAddress: 4 } });
    try {
      const password = (p: string) =>
        h.call('POST', '/oauth2/token', { body: { grant_type: 'password', client_id: 'extids-local', client_secret: 'extids-local-secret', username: 'admin', password: p }, token: null });
      const statuses = [(await password('x')).status, (await password('y')).status, (await token(h, 'a', 's')).status, (await token(h, 'b', 's')).status];
      expect(statuses).toEqual([400, 400, 401, 401]);
      expect((await token(h, 'c', 's')).status).toBe(429);
      expect((await password('extids-local-password')).status).toBe(429);
    } finally {
      await h.close();
    }
  });
});
