/**
 * The built CLI (issue 11): `exec test`, `exec pick_lists.NAME`, `exec run_commands --config-fields`,
 * `describe` and `emit --help` as a user runs them, against a live emulator.
 */
import { cliAgainstEmulator, quote, shell } from './built-cli';

const bench = cliAgainstEmulator('extids-exec-built-');

const extids = (...args: string[]) => shell(`node ${quote(bench.cli.file)} ${args.map(quote).join(' ')}`);

describe('the built extids', () => {
  it('runs the connection test with exec test', async () => {
    const run = await extids('exec', 'test', '--connection', bench.connectionFile);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok' });
  });

  it('prints a pick list through a pipe, and refuses an unknown one with exit code 2', async () => {
    const piped = await shell(`node ${quote(bench.cli.file)} exec pick_lists.integration_statuses | node -e "let t='';process.stdin.on('data',(d)=>t+=d).on('end',()=>console.log(JSON.parse(t).map((o)=>o[1]).join(',')))"`);
    expect(piped.stdout).toBe('active,inactive\n');
    const unknown = await extids('exec', 'pick_lists.statuses');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^extids: unknown pick list statuses; pick lists: events, integration_statuses, /);
  });

  it('runs one command of Run commands chosen with --config-fields', async () => {
    const created = JSON.parse((await extids('exec', 'create_integration', '--connection', bench.connectionFile, '--input', '{"name":"Built"}')).stdout);
    const run = await extids(
      'exec', 'run_commands', '--connection', bench.connectionFile, '--json',
      '--config-fields', '{"command":"MatchCourseCommand"}',
      '--input', JSON.stringify({ integration_uuid: created.uuid, integration_psk: created.psk, external_id: 'C-1', internal_id: 1, wait_for_processing: true }),
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 1, processed: 1, rejected: 0 });
    const wrong = await extids('exec', 'run_commands', '--connection', bench.connectionFile, '--config-fields', '{"command":"MatchCorseCommand"}', '--input', '{}');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('(did you mean MatchCourseCommand?)');
  });

  it('describes an action, lists the events in emit --help, and suggests a misspelt action', async () => {
    const described = JSON.parse((await extids('describe', 'update_integration', '--json')).stdout);
    expect(described.input_fields.map((f: { name: string }) => f.name)).toEqual(['integration_uuid', 'integration_psk', 'name', 'status', 'events']);
    const help = await extids('emit', '--help');
    expect(help.stdout).toContain('platform.events.enrollment.UserCompletedCourse  (payload: user_id, course_id)');
    const misspelt = await extids('exec', 'query_entity', '--connection', bench.connectionFile, '--input', '{}');
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain('unknown action query_entity (did you mean query_entities?)');
  });
});
