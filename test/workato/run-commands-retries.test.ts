/**
 * Run commands of connector.rb under Workato's SDK gem, under load: Workato's retry_on_response
 * re-runs the whole execute on 429 and 503, and the chunk keys keep the service's database from
 * ever holding a chunk twice.
 */
import { connector } from '../../src/runtime/connector';
import { acceptedBatches } from '../support/database';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { describeWithWorkato, fetchToken, ok, recordingProxy, rubyFailures, secretsPrinted, workatoExec } from './support';
import { courses, createIntegration, psks, runInput, SECRET, settingsOf, tokens, type RunOutput } from './runs';

describeWithWorkato('Run commands of connector.rb under Workato’s SDK gem, retried', () => {
  describe('against an emulator that limits the rate to 3 requests in 3 seconds', () => {
    let emulator: LiveEmulator;
    beforeAll(async () => {
      emulator = await liveEmulator({ rateLimit: 3, rateWindowSeconds: 3 });
    });
    afterAll(() => emulator?.close());

    it('retries on 429 by re-running execute, and no chunk is queued twice', async () => {
      const c = await createIntegration(emulator, 'RATE');
      await new Promise((r) => setTimeout(r, 3100));
      const proxy = await recordingProxy(emulator.url);
      try {
        const result = ok(await workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator, { domain: proxy.url }), input: runInput(c, courses(2500, 'L')), timeoutMs: 90_000 })) as RunOutput;
        expect([result.accepted, result.batch_ids.length]).toEqual([2500, 3]);
        expect(proxy.received.some((r) => r.status === 429)).toBe(true);
        const posts = proxy.received.filter((r) => r.url.endsWith('/commands') && r.status === 202);
        expect(new Set(posts.map((p) => p.idempotencyKey)).size).toBe(3);
        expect(acceptedBatches(emulator.dataDir, c.uuid)).toMatchObject({ batches: 3, commands: 2500 });
      } finally {
        await proxy.close();
      }
    }, 90_000);
  });


  describe('against an emulator that answers 503 to a quarter of all requests (before or after handling them)', () => {
    let emulator: LiveEmulator;
    beforeAll(async () => {
      emulator = await liveEmulator({ faultRate: 0.25, faultKinds: ['unavailable', 'unavailable_after'] });
    });
    afterAll(() => emulator?.close());

    it('retries on 503 by re-running execute, and no chunk is queued twice', async () => {
      const proxy = await recordingProxy(emulator.url);
      try {
        let token: string | undefined;
        while (!token) token = await fetchToken(emulator.url).catch(() => undefined);
        tokens.push(token);
        const settings = settingsOf(emulator, { domain: proxy.url, access_token: token });
        const integrations = await Promise.all(Array.from({ length: 5 }, (_, i) => createIntegration(emulator, `FAULTS-${i}`)));
        const runs = await Promise.all(integrations.map((c) => workatoExec('actions.run_commands.execute', { settings, input: runInput(c, courses(1500, 'F')), timeoutMs: 120_000 })));
        let retriedAndDone = 0;
        runs.forEach((run, i) => {
          const held = acceptedBatches(emulator.dataDir, integrations[i].uuid);
          const posts = proxy.received.filter((r) => r.url.includes(integrations[i].uuid) && r.url.endsWith('/commands'));
          if ('ok' in run) {
            expect((run.ok as RunOutput).accepted).toBe(1500);
            expect(held).toMatchObject({ batches: 2, commands: 1500 });
            if (posts.some((p) => p.status === 503)) retriedAndDone++;
          } else {
            // Out of retries (four 503s in a row): one line naming the 503; still nothing queued twice.
            expect(run.error).toMatch(/503/);
            expect(run.error).not.toContain('\n');
            expect(held.batches).toBeLessThanOrEqual(2);
            expect(held.commands).toBeLessThanOrEqual(1500);
          }
          expect(new Set(posts.map((p) => p.idempotencyKey)).size).toBeLessThanOrEqual(2);
          expect(rubyFailures(run.transcript.text)).toEqual([]);
        });
        expect(retriedAndDone).toBeGreaterThan(0);
      } finally {
        await proxy.close();
      }
    }, 180_000);
  });


  it('printed no secret on stdout or stderr of any exec', () => {
    expect(secretsPrinted([SECRET, ...psks, ...tokens])).toEqual([]);
  });
});
