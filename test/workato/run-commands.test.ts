/**
 * Run commands of connector.rb under Workato's SDK gem, at scale and under load, against live
 * emulators: chunks of at most 1000 in input order; one `workato exec` is one job, whose retries
 * (Workato's retry_on_response re-runs the whole execute) reuse the chunk keys, so that the
 * service's database never holds a chunk twice, while a second job queues again; a wait longer
 * than one polling stretch continues through reinvoke_after and ends as a wait done in one go;
 * 50,000 commands give an output under 1 MB naming every rejected and failed command.
 */
import { connector } from '../../connector';
import { wire } from '../../connector/wire';
import { acceptedBatches } from '../support/database';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { describeWithWorkato, failure, fetchToken, normalize, ok, recordingProxy, rubyFailures, secretsPrinted, tsRun, unnamedFields, workatoExec, type ExecResult } from './support';

const SECRET = 'extids-local-secret';
type Creds = { uuid: string; psk: string };
interface RunOutput {
  batch_ids: string[];
  total: number;
  accepted: number;
  rejected: number;
  ignored: number;
  processed?: number;
  failed?: number;
  pending?: number;
  items: { index: number; name: string | null; status: string; command_id: string | null; errors: { field: string | null; message: string }[] }[];
  items_omitted: number;
}

const courses = (n: number, prefix = 'C'): Record<string, unknown>[] => Array.from({ length: n }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `${prefix}-${i}`, internal_id: i + 1 }));

const psks: string[] = [];
const tokens: string[] = [];
const settingsOf = (emulator: LiveEmulator, extra: Record<string, string> = {}) => ({ domain: emulator.url, client_id: 'extids-local', client_secret: SECRET, ...extra });

/** Create integration is never retried; under faults, a test tries again by hand. */
const createIntegration = async (emulator: LiveEmulator, name: string): Promise<Creds> => {
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const c = (await connector.actions.create_integration.execute(settingsOf(emulator) as never, { name } as never)) as Creds;
      psks.push(c.psk);
      return c;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('could not create an integration in 30 attempts');
};

const runInput = (c: Creds, commands: unknown[], extra: Record<string, unknown> = {}) => ({ integration_uuid: c.uuid, integration_psk: c.psk, command: 'list_of_commands', commands, ...extra });
const nodeRun = (emulator: LiveEmulator, c: Creds, commands: unknown[], extra: Record<string, unknown> = {}) =>
  tsRun(() => connector.actions.run_commands.execute(settingsOf(emulator) as never, runInput(c, commands, extra) as never));

describeWithWorkato('Run commands of connector.rb under Workato’s SDK gem', () => {
  describe('against a plain emulator', () => {
    let emulator: LiveEmulator;
    beforeAll(async () => {
      emulator = await liveEmulator();
    });
    afterAll(() => emulator?.close());

    it('sends 1,100 commands in two chunks and lists the items in input order, as the Node runtime does', async () => {
      const [a, b] = await Promise.all([createIntegration(emulator, 'CHUNKS'), createIntegration(emulator, 'CHUNKS-NODE')]);
      const commands = courses(1100);
      commands[1050] = { name: 'Bad' };
      const [gem, node] = await Promise.all([workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator), input: runInput(a, commands) }), nodeRun(emulator, b, commands)]);
      const result = ok(gem) as RunOutput;
      expect(result.batch_ids).toHaveLength(2);
      expect([result.total, result.accepted, result.rejected]).toEqual([1100, 1099, 1]);
      expect(result.items.map((i) => i.index)).toEqual([...Array.from({ length: 1000 }, (_, i) => i), 1050]);
      expect(result.items[1000].status).toBe('rejected');
      expect(result.items_omitted).toBe(99);
      expect(normalize(result)).toEqual(normalize(ok(node as ExecResult)));
      expect(acceptedBatches(emulator.dataDir, a.uuid)).toMatchObject({ batches: 2, commands: 1099 });
    }, 60_000);

    it('queues again when a second workato exec (a new job) repeats the same input', async () => {
      const c = await createIntegration(emulator, 'JOBS');
      const input = runInput(c, courses(1500, 'J'));
      const first = ok(await workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator), input })) as RunOutput;
      const second = ok(await workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator), input })) as RunOutput;
      expect(first.batch_ids).toHaveLength(2);
      expect(second.batch_ids).toHaveLength(2);
      expect(second.batch_ids.filter((id) => first.batch_ids.includes(id))).toEqual([]);
      expect(acceptedBatches(emulator.dataDir, c.uuid)).toMatchObject({ batches: 4, commands: 3000 });
    }, 60_000);

    it('retries a chunk answered 503 after it was queued by re-running execute, with the same Idempotency-Key: queued once', async () => {
      const c = await createIntegration(emulator, 'RETRY-503');
      const proxy = await recordingProxy(emulator.url);
      try {
        // The first chunk is queued by the service, but the job is told 503.
        proxy.failAfter('POST', '/commands', 503, 1);
        const token = await fetchToken(emulator.url);
        tokens.push(token);
        const result = ok(await workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator, { domain: proxy.url, access_token: token }), input: runInput(c, courses(1500, 'R')), timeoutMs: 90_000 })) as RunOutput;
        expect([result.accepted, result.batch_ids.length]).toEqual([1500, 2]);
        const posts = proxy.received.filter((r) => r.url.endsWith('/commands'));
        expect(posts.map((p) => p.status)).toEqual([503, 202, 202]);
        expect(posts[1].idempotencyKey).toBe(posts[0].idempotencyKey);
        expect(posts[2].idempotencyKey).not.toBe(posts[0].idempotencyKey);
        expect(acceptedBatches(emulator.dataDir, c.uuid)).toMatchObject({ batches: 2, commands: 1500 });
      } finally {
        await proxy.close();
      }
    }, 90_000);

    it('reports 50,000 commands in an output under 1 MB that names every rejected and failed command, as the Node runtime does', async () => {
      const [a, b] = await Promise.all([createIntegration(emulator, 'BIG'), createIntegration(emulator, 'BIG-NODE')]);
      const commands: Record<string, unknown>[] = courses(50_000, 'B');
      const invalid = Array.from({ length: 20 }, (_, k) => 1234 + k * 2401);
      for (const i of invalid) commands[i] = { name: 'MatchCourseCommand', external_id: `B-${i}` };
      // Three external ids matched twice, to other courses: the second of each fails when applied.
      const conflicting = [3000, 27_001, 49_998];
      for (const [k, i] of conflicting.entries()) commands[i] = { name: 'MatchCourseCommand', external_id: `B-${k}`, internal_id: 60_000 + k };
      const extra = { wait_for_processing: true, wait_timeout_seconds: 120 };
      const started = Date.now();
      const gem = await workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator), input: runInput(a, commands, extra), timeoutMs: 170_000 });
      const gemMs = Date.now() - started;
      const node = await nodeRun(emulator, b, commands, extra);
      const result = ok(gem) as RunOutput;
      const size = Buffer.byteLength(JSON.stringify(result));
      expect(size).toBeLessThan(1024 * 1024);
      expect([result.total, result.accepted, result.rejected, result.processed, result.failed, result.pending]).toEqual([50_000, 49_980, 20, 49_977, 3, 0]);
      expect(result.batch_ids).toHaveLength(50);
      expect(result.items.filter((i) => i.status === 'rejected').map((i) => i.index)).toEqual(invalid);
      expect(result.items.filter((i) => i.status === 'failed').map((i) => i.index)).toEqual(conflicting);
      expect(result.items.length + result.items_omitted).toBe(50_000);
      expect(result.items.map((i) => i.index)).toEqual([...result.items.map((i) => i.index)].sort((x, y) => x - y));
      expect(unnamedFields(result.items)).toEqual([]);
      expect(normalize(result)).toEqual(normalize(ok(node as ExecResult)));
      expect(acceptedBatches(emulator.dataDir, a.uuid)).toMatchObject({ batches: 50, commands: 49_980, unapplied: 0 });
      console.log(`[test/workato] 50,000 commands through workato exec: ${gemMs} ms, output ${size} bytes`);
    }, 240_000);
  });

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

  describe('against an emulator that applies each batch 18 s after accepting it', () => {
    let emulator: LiveEmulator;
    beforeAll(async () => {
      emulator = await liveEmulator({ applyDelayMs: 18_000 });
    });
    afterAll(() => emulator?.close());

    it('waits past one polling stretch through reinvoke_after, and ends as a wait done in one go', async () => {
      // Each batch stays queued 18 s: longer than the first polling stretch of a job (15 s, the declaration's `stretch`).
      const [multi, single, short, node, nodeShort] = await Promise.all(['WAIT', 'WAIT-1', 'WAIT-SHORT', 'WAIT-NODE', 'WAIT-NODE-SHORT'].map((n) => createIntegration(emulator, n)));
      const commands = [...courses(5, 'W'), { name: 'MatchCourseCommand', external_id: 'W-0', internal_id: 99 }, { name: 'Nope' }];
      // Longer than a first stretch plus Workato's least reinvoke delay (60 s), so that the job does reinvoke.
      const waiting = { wait_for_processing: true, wait_timeout_seconds: 120 };
      const shortly = { wait_for_processing: true, wait_timeout_seconds: 5 };
      const env = { WAIT_REINVOKE_AFTER: '1', MAX_REINVOKES: '5' };
      const [viaReinvoke, noReinvoke, viaShort, viaNode, viaNodeShort] = await Promise.all([
        workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator), input: runInput(multi, commands, waiting), env, timeoutMs: 80_000 }),
        // The same wait with no reinvoke allowed: it does outlast one invocation.
        workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator), input: runInput(single, commands, waiting), env: { ...env, MAX_REINVOKES: '0' }, timeoutMs: 80_000 }),
        // A wait shorter than the delay ends when its time is up, pending, with no reinvoke.
        workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator), input: runInput(short, commands, shortly), env: { ...env, MAX_REINVOKES: '0' }, timeoutMs: 80_000 }),
        nodeRun(emulator, node, commands, waiting),
        nodeRun(emulator, nodeShort, commands, shortly),
      ]);
      const result = ok(viaReinvoke) as RunOutput;
      expect([result.accepted, result.rejected, result.processed, result.failed, result.pending]).toEqual([6, 1, 5, 1, 0]);
      expect(normalize(result)).toEqual(normalize(ok(viaNode as ExecResult)));
      expect(failure(noReinvoke)).toMatch(/Max number of reinvokes/);
      const pending = ok(viaShort) as RunOutput;
      expect([pending.processed, pending.failed, pending.pending]).toEqual([0, 0, 6]);
      expect(normalize(pending)).toEqual(normalize(ok(viaNodeShort as ExecResult)));
      expect(viaShort.transcript.ms).toBeLessThan(15_000);
    }, 120_000);
  });

  describe('against an emulator whose tokens live 2 s, applying each batch 6 s after accepting it', () => {
    let emulator: LiveEmulator;
    beforeAll(async () => {
      emulator = await liveEmulator({ tokenTtlSeconds: 2, applyDelayMs: 6000 });
    });
    afterAll(() => emulator?.close());

    it('gets a new token when the service says invalid_token in the middle of a wait, and finishes it', async () => {
      const [a, b] = await Promise.all([createIntegration(emulator, 'TTL'), createIntegration(emulator, 'TTL-NODE')]);
      const commands = courses(1200, 'T');
      const waiting = { wait_for_processing: true, wait_timeout_seconds: 60 };
      const [gem, node] = await Promise.all([
        workatoExec('actions.run_commands.execute', { settings: settingsOf(emulator), input: runInput(a, commands, waiting), timeoutMs: 60_000 }),
        nodeRun(emulator, b, commands, waiting),
      ]);
      const result = ok(gem) as RunOutput;
      expect([result.processed, result.pending]).toEqual([1200, 0]);
      expect(gem.transcript.refreshes).toBeGreaterThanOrEqual(2);
      expect(normalize(result)).toEqual(normalize(ok(node as ExecResult)));
    }, 60_000);
  });

  it('printed no secret on stdout or stderr of any exec', () => {
    expect(secretsPrinted([SECRET, ...psks, ...tokens])).toEqual([]);
  });
});
