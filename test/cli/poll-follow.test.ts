/**
 * `extids poll mapping_changes --follow` as users run it: the built CLI, its output through a
 * real pipe, a live emulator. A UserDeleted shows within one interval as the user mapping and its
 * enrollment mappings, each `change: "deleted"`; Ctrl+C (SIGINT) prints the closure to resume from
 * and exits 130, and resuming from it (stopped by SIGTERM this time) repeats nothing.
 */
import { spawn } from 'node:child_process';
import { createClient } from '../../src/runtime/client';
import { cliAgainstEmulator, shell, quote } from './built-cli';

const bench = cliAgainstEmulator('extids-poll-follow-');
const USER_DELETED = 'platform.events.user.UserDeleted';

interface Follower {
  lines: () => Record<string, unknown>[];
  stderr: () => string;
  /** Resolves once `n` events have been printed, with when the last of them came. */
  events: (n: number) => Promise<number>;
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
}

/** `extids poll … --follow --interval 1`, its stdout a pipe to this process. */
const follow = (input: Record<string, unknown>, closure?: unknown): Follower => {
  const args = [bench.cli.file, 'poll', 'mapping_changes', '--connection', bench.connectionFile, '--input', JSON.stringify(input), '--follow', '--interval', '1'];
  if (closure) args.push('--closure', JSON.stringify(closure));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: { n: number; done: (at: number) => void }[] = [];
  const lines = () => stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
    const count = lines().length;
    for (const w of waiting.filter((w) => count >= w.n)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.done(Date.now());
    }
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const closed = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return {
    lines,
    stderr: () => stderr,
    events: (n) =>
      new Promise((done, fail) => {
        if (lines().length >= n) return done(Date.now());
        waiting.push({ n, done });
        void closed.then(() => fail(new Error(`extids ended after ${lines().length} events: ${stderr}`)));
      }),
    stop: (signal) => {
      child.kill(signal);
      return closed;
    },
  };
};

const resumeClosure = (stderr: string): unknown => {
  const said = /^extids: stopped; resume with --closure '(\{.*\})'\n$/.exec(stderr);
  if (!said) throw new Error(`no resume line in ${JSON.stringify(stderr)}`);
  return JSON.parse(said[1]);
};

describe('extids poll --follow through the built CLI and a pipe', () => {
  it("prints a UserDeleted's effects within one interval, and on Ctrl+C the closure to resume from (exit 130)", async () => {
    const client = createClient(bench.emulator.connection);
    const created = await client.createIntegration({ name: 'FOLLOW', events: [USER_DELETED] });
    const integration = client.integration({ uuid: created.uuid, psk: created.psk });
    const input = { integration_uuid: created.uuid, integration_psk: created.psk, since: new Date().toISOString() };
    const setup = await integration.runCommands(
      [
        { name: 'MatchUserCommand', internal_id: 7, internal_uuid: '00000000-0000-4000-8000-000000000007', external_id: 'U-7' },
        { name: 'MatchUserCommand', internal_id: 8, internal_uuid: '00000000-0000-4000-8000-000000000008', external_id: 'U-8' },
        { name: 'MatchCourseEnrollmentCommand', internal_id: 7, course_id: 70, external_id: 'E-7-70' },
        { name: 'MatchSessionEnrollmentCommand', internal_id: 7, session_id: 700, external_id: 'S-7-700' },
        { name: 'MatchCourseEnrollmentCommand', internal_id: 8, course_id: 70, external_id: 'E-8-70' },
      ],
      { wait_for_processing: true },
    );
    expect(setup.processed).toBe(5);

    const follower = follow(input);
    // The first poll: the five mappings created.
    await follower.events(5);
    expect(follower.lines().map((e) => e.change)).toEqual(['created', 'created', 'created', 'created', 'created']);

    const deletedAt = Date.now();
    await client.emit(USER_DELETED, { user_id: 7 });
    const shownAt = await follower.events(8);
    const latency = shownAt - deletedAt;
    expect(latency).toBeLessThan(1000 + 500);
    const deleted = follower.lines().slice(5);
    expect(deleted.map((e) => [e.entity_type, e.user_id ?? e.internal_id, e.change])).toEqual([
      ['user', 7, 'deleted'],
      ['course_enrollment', 7, 'deleted'],
      ['session_enrollment', 7, 'deleted'],
    ]);
    expect(deleted.every((e) => typeof e.deleted_at === 'string')).toBe(true);

    expect(await follower.stop('SIGINT')).toBe(130);
    const closure = resumeClosure(follower.stderr());
    expect(closure).toEqual({ after: expect.any(String) });
    expect(follower.stderr() + JSON.stringify(follower.lines())).not.toContain(created.psk);

    // Resumed from that closure: only what changed since, nothing again; SIGTERM stops it too.
    const resumed = follow(input, closure);
    await integration.runCommands([{ name: 'MatchUserCommand', internal_id: 9, internal_uuid: '00000000-0000-4000-8000-000000000009', external_id: 'U-9' }], {
      wait_for_processing: true,
    });
    await resumed.events(1);
    expect(await resumed.stop('SIGTERM')).toBe(143);
    expect(resumed.lines().map((e) => [e.internal_id, e.change])).toEqual([[9, 'created']]);
    expect(resumeClosure(resumed.stderr())).not.toEqual(closure);
  });

  it('an unknown trigger: exit 2, naming the known ones', async () => {
    const run = await shell(`node ${quote(bench.cli.file)} poll mapping_chnages --connection ${quote(bench.connectionFile)} --input '{}' --follow`);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('extids: unknown trigger mapping_chnages (did you mean mapping_changes?); triggers: mapping_changes\n');
  });
});
