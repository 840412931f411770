/**
 * Run commands of connector.rb under Workato's SDK gem, at scale, against a live emulator: chunks
 * of at most 1000 in input order; one `workato exec` is one job, whose retries reuse the chunk keys
 * while a second job queues again; 50,000 commands give an output under 1 MB naming every
 * rejected and failed command.
 */
import { connector } from '../../src/runtime/connector';
import { acceptedBatches } from '../support/database';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { describeWithWorkato, fetchToken, normalize, ok, recordingProxy, secretsPrinted, unnamedFields, workatoExec, type ExecResult } from './support';
import { courses, createIntegration, nodeRun, psks, runInput, SECRET, settingsOf, tokens, type RunOutput } from './runs';

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


  it('printed no secret on stdout or stderr of any exec', () => {
    expect(secretsPrinted([SECRET, ...psks, ...tokens])).toEqual([]);
  });
});
