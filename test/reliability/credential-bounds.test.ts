/**
 * The bounds on guessing credentials (issue 13, item 6) do not turn on the people they protect:
 * a right PSK used many times at once, a client whose owner keeps creating integrations, a client
 * id that a stranger (or a web page) sends wrong secrets for, a domain going out of service while a
 * request is being checked. Loopback only; every flood is a bounded number of requests.
 */
import crypto from 'node:crypto';
import { rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Harness, type Integration } from '../emulator/harness';
import type { EmulatorOptions } from '../../src/emulator';

/** scrypt calls, seen from node:crypto itself. */
const countScrypt = () => {
  const original = crypto.scrypt;
  const seen = { calls: 0 };
  const spy = jest.spyOn(crypto, 'scrypt').mockImplementation(((...args: unknown[]) => {
    seen.calls++;
    (original as (...a: unknown[]) => void)(...args);
  }) as never);
  return { seen, restore: () => spy.mockRestore() };
};

/** An integration created by one emulator, then served by a fresh one on the same data dir: its PSK not yet verified. */
const afterRestart = async (options: EmulatorOptions = {}): Promise<{ h: Harness; integration: Integration; close: () => Promise<void> }> => {
  const first = await Harness.start();
  const integration = await first.createIntegration({ name: 'RESTARTED' });
  await first.server.close();
  const h = await Harness.start(options, {}, first.dataDir);
  return {
    h,
    integration,
    close: async () => {
      await h.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    },
  };
};

/**
 * The order owners start hashing in, and where each owner's first hash was queued (the number of
 * hashes started by then); `whenQueued(n)` resolves once `n` hashes are queued.
 */
const watchPool = (h: Harness) => {
  const started: string[] = [];
  const queuedAt = new Map<string, number>();
  let queued = 0;
  const waiters: { n: number; go: () => void }[] = [];
  h.server.hashing.observe({
    queued: (owner) => {
      queued++;
      if (!queuedAt.has(owner)) queuedAt.set(owner, started.length);
      for (const w of waiters.filter((w) => queued >= w.n)) w.go();
    },
    started: (owner) => void started.push(owner),
  });
  const whenQueued = (n: number) => new Promise<void>((go) => (queued >= n ? go() : waiters.push({ n, go })));
  /** How many other hashes started between the owner's first being queued and its start. */
  const waitedFor = (owner: string) => started.indexOf(owner) - queuedAt.get(owner)!;
  return { started, whenQueued, waitedFor };
};

describe('a right PSK', () => {
  it('used by 25 requests at once, first thing after a restart, lets every one in, and is hashed once', async () => {
    const { h, integration, close } = await afterRestart();
    const scrypt = countScrypt();
    try {
      const answers = await Promise.all(Array.from({ length: 25 }, () => h.call('GET', `/integrations/${integration.uuid}`, { integration })));
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 25 }, () => 200));
      expect(scrypt.seen.calls).toBe(1);
    } finally {
      scrypt.restore();
      await close();
    }
  });

  it('used at once with wrong ones on the same integration is still let in', async () => {
    const { h, integration, close } = await afterRestart({ attemptLimits: { pskPerIntegration: 3 } });
    try {
      const wrong = Array.from({ length: 2 }, (_, i) => h.call('GET', `/integrations/${integration.uuid}`, { integration: { ...integration, psk: `${integration.psk}${i}` } }));
      const right = Array.from({ length: 10 }, () => h.call('GET', `/integrations/${integration.uuid}`, { integration }));
      expect((await Promise.all(wrong)).map((a) => a.status)).toEqual([401, 401]);
      expect((await Promise.all(right)).map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
    } finally {
      await close();
    }
  });
});

describe('creating integrations', () => {
  const intruder = { domain: 'evil.example', clientId: 'intruder', clientSecret: 'intruder-secret' };

  it('in a flood from one client waits behind its own hashes: another client’s first PSK use starts within two slots', async () => {
    const { h, integration, close } = await afterRestart({ hashConcurrency: 1, clients: [intruder] });
    try {
      const intruderToken = await h.tokenFor('intruder', 'intruder-secret');
      const pool = watchPool(h);
      const flood = Array.from({ length: 12 }, (_, i) => h.call('POST', '/integrations', { token: intruderToken, body: { name: `FLOOD-${i}` } }));
      // Every create queued for hashing (or, were they hashed elsewhere, all of them done) before the login.
      await Promise.race([pool.whenQueued(12), Promise.all(flood)]);
      const login = await h.call('GET', `/integrations/${integration.uuid}`, { integration });
      expect(login.status).toBe(200);
      expect(new Set((await Promise.all(flood)).map((a) => a.status))).toEqual(new Set([201]));
      expect(pool.started.filter((owner) => owner === 'intruder')).toHaveLength(12);
      // Turns by client: the hash running, then at most one more of the intruder's.
      expect(pool.waitedFor('extids-local')).toBeLessThanOrEqual(1);
    } finally {
      await close();
    }
  });
});

/** A token request sent from `localAddress` (any of 127.0.0.0/8 reaches the loopback emulator). */
const tokenFrom = (h: Harness, localAddress: string, clientSecret: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; body: { error?: unknown } }>((resolve, reject) => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'extids-local', client_secret: clientSecret }).toString();
    const req = httpRequest(
      `${h.url}/oauth2/token`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

describe('wrong client secrets', () => {
  it('from one address do not lock the same client id out from another address', async () => {
    const h = await Harness.start({ attemptLimits: { secretPerClient: 3, secretPerAddress: 100 } });
    try {
      const stranger = [];
      for (let i = 0; i < 4; i++) stranger.push((await tokenFrom(h, '127.0.0.2', `wrong-${i}`)).status);
      expect(stranger).toEqual([401, 401, 401, 429]);
      expect((await tokenFrom(h, '127.0.0.1', 'extids-local-secret')).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('a request from a web page on another site', () => {
  const forbidden = { error: { code: 'forbidden_host', message: expect.stringContaining('web page') } };

  it('is refused with 403 forbidden_host, a form POST to the token endpoint included, before its secret counts', async () => {
    const h = await Harness.start({ attemptLimits: { secretPerClient: 2 } });
    try {
      for (const headers of <Record<string, string>[]>[{ origin: 'https://attacker.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'http://localhost.attacker.example:4010' }]) {
        const r = await tokenFrom(h, '127.0.0.1', 'wrong', headers);
        expect([headers, r.status, r.body]).toEqual([headers, 403, forbidden]);
      }
      const health = await h.call('GET', '/health', { headers: { origin: 'https://attacker.example' } });
      expect([health.status, health.body]).toEqual([403, forbidden]);
      // None of the refused wrong secrets counted against the client id.
      expect((await tokenFrom(h, '127.0.0.1', 'extids-local-secret')).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('is answered when the page is on this machine or on a host the emulator was told to allow', async () => {
    const h = await Harness.start({ allowedHosts: ['dev.example'] });
    try {
      for (const headers of <Record<string, string>[]>[
        { origin: 'http://localhost:3000' },
        { origin: 'http://127.0.0.1:8080' },
        { origin: 'http://[::1]:5173' },
        { origin: 'https://dev.example' },
        { 'sec-fetch-site': 'same-origin' },
        { 'sec-fetch-site': 'same-site', origin: 'http://app.localhost:3000' },
        { 'sec-fetch-site': 'none' },
      ]) {
        expect([headers, (await tokenFrom(h, '127.0.0.1', 'extids-local-secret', headers)).status]).toEqual([headers, 200]);
      }
    } finally {
      await h.close();
    }
  });
});

describe('a domain taken out of service', () => {
  it('between the token check and the integration credentials check answers 503, not 401', async () => {
    const h = await Harness.start({ log: () => undefined });
    try {
      const integration = await h.createIntegration({ name: 'GOING' });
      const domains = h.server.domains;
      const assertServing = domains.assertServing.bind(domains);
      // The token's check passes; the domain's database fails right after it.
      const spy = jest.spyOn(domains, 'assertServing').mockImplementationOnce((domain) => {
        assertServing(domain);
        domains.fail(domain, new Error('the disk went away'));
      });
      try {
        const r = await h.call('GET', `/integrations/${integration.uuid}`, { integration });
        expect([r.status, r.body.error.code]).toEqual([503, 'unavailable']);
      } finally {
        spy.mockRestore();
      }
    } finally {
      await h.close();
    }
  });
});
