import { Harness, matchUser } from './harness';

const batchCount = (h: Harness) => (h.server.domains.get('localhost')!.db.prepare('SELECT count(*) AS n FROM batches').get() as { n: number }).n;

describe('--rate-limit', () => {
  it('answers 429 rate_limited with Retry-After once a client’s minute’s requests are spent, counting every request of that client', async () => {
    const h = await Harness.start({ rateLimit: 4 });
    try {
      // The harness's token request was the first; an unauthenticated one counts apart (test/reliability/abuse.test.ts).
      expect((await h.call('GET', '/health')).status).toBe(200);
      expect((await h.call('GET', '/no/such/route')).status).toBe(404);
      expect((await h.call('GET', '/health', { token: null })).status).toBe(401);
      expect((await h.call('GET', '/health')).status).toBe(200);
      const r = await h.call('GET', '/health');
      expect(r.status).toBe(429);
      expect(r.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
      const wait = Number(r.headers['retry-after']);
      expect(Number.isInteger(wait) && wait >= 1 && wait <= 60).toBe(true);
      expect((await h.call('POST', '/oauth2/token', { body: { grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret' }, token: null })).status).toBe(429);
    } finally {
      await h.close();
    }
  });
});

describe('--fault-rate', () => {
  /** Scripted draws: [below the rate?, which fault] per request; 0.99 (no fault) once the script runs out. */
  const scripted = (draws: number[]) => () => draws.shift() ?? 0.99;

  const setUp = async (draws: number[]) => {
    const h = await Harness.start({ faultRate: 0.5 }, { random: scripted(draws) });
    h.token = await h.tokenFor();
    const i = await h.createIntegration({ name: 'F' });
    return { h, i };
  };

  it('answers 503 unavailable with Retry-After and applies nothing', async () => {
    const draws: number[] = [];
    const { h, i } = await setUp(draws);
    try {
      draws.push(0.1, 0.1);
      const r = await h.send(i, [matchUser(1, 'A')]);
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('unavailable');
      expect(r.headers['retry-after']).toBe('1');
      expect(batchCount(h)).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('drops the connection and applies nothing', async () => {
    const draws: number[] = [];
    const { h, i } = await setUp(draws);
    try {
      draws.push(0.1, 0.3);
      await expect(h.send(i, [matchUser(1, 'A')])).rejects.toThrow();
      expect(batchCount(h)).toBe(0);
    } finally {
      await h.close();
    }
  });

  it.each([
    ['answers 503', 0.6],
    ['drops the connection', 0.9],
  ])('sometimes %s after applying the request, and a retry with the same Idempotency-Key gets the first answer without queuing again', async (_, which) => {
    const draws: number[] = [];
    const { h, i } = await setUp(draws);
    try {
      draws.push(0.1, which);
      const headers = { 'idempotency-key': 'exec-9:0' };
      const failed = await h.send(i, [matchUser(1, 'A')], headers).catch(() => undefined);
      if (which === 0.6) expect(failed?.status).toBe(503);
      else expect(failed).toBeUndefined();
      expect(batchCount(h)).toBe(1);
      const retry = await h.send(i, [matchUser(1, 'A')], headers);
      expect(retry.status).toBe(202);
      expect(batchCount(h)).toBe(1);
      await h.idle();
      expect((await h.batch(i, retry.body.data.batch_id)).processed).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('fails about the given share of all requests, in every manner', async () => {
    const h = await Harness.start({ faultRate: 0.4 }, { random: Math.random });
    try {
      const outcomes = { ok: 0, unavailable: 0, dropped: 0 };
      for (let n = 0; n < 300; n++) {
        const r = await h.call('GET', '/health', { token: 'whatever' }).catch(() => undefined);
        if (!r) outcomes.dropped++;
        else if (r.status === 503) outcomes.unavailable++;
        else outcomes.ok++;
      }
      const failed = (outcomes.unavailable + outcomes.dropped) / 300;
      expect(failed).toBeGreaterThan(0.25);
      expect(failed).toBeLessThan(0.55);
      expect(outcomes.unavailable).toBeGreaterThan(0);
      expect(outcomes.dropped).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });
});
