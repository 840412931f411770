/**
 * Run commands of connector.rb under Workato's SDK gem, waiting: a wait longer than one polling
 * stretch continues through reinvoke_after (a multistep action) and ends as a wait done in one go;
 * a token that expires during a wait is renewed.
 */
import { connector } from '../../src/runtime/connector';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { describeWithWorkato, failure, normalize, ok, secretsPrinted, workatoExec, type ExecResult } from './support';
import { courses, createIntegration, nodeRun, psks, runInput, SECRET, settingsOf, tokens, type RunOutput } from './runs';

describeWithWorkato('Run commands of connector.rb under Workato’s SDK gem, waiting', () => {
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
      // Ended before the batches were applied (18 s): every command still pending, as in Node.
      expect(normalize(pending)).toEqual(normalize(ok(viaNodeShort as ExecResult)));
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
