import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extids } from '../support/cli';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
let dir: string;
let connectionFile: string;
beforeAll(async () => {
  emulator = await liveEmulator();
  dir = mkdtempSync(join(tmpdir(), 'extids-cli-'));
  connectionFile = join(dir, 'connection.json');
  writeFileSync(connectionFile, JSON.stringify(emulator.connection));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('extids', () => {
  it('lists its commands with --help', async () => {
    const { code, stdout } = await extids('--help');
    expect(code).toBe(0);
    for (const command of ['demo', 'exec', 'serve', 'emit', 'validate', 'record']) expect(stdout).toContain(command);
  });

  it('has --help on every command', async () => {
    for (const command of ['demo', 'exec', 'serve', 'emit', 'validate', 'record']) {
      const { code, stdout } = await extids(command, '--help');
      expect([command, code]).toEqual([command, 0]);
      expect(stdout).toContain(`Usage: extids ${command}`);
    }
  });

  it('answers a bad flag with one line on stderr and exit code 2', async () => {
    const { code, stderr } = await extids('validate', '--input', '[]', '--frobnicate');
    expect(code).toBe(2);
    expect(stderr).toBe("error: unknown option '--frobnicate'\n");
  });

  it('answers an unreadable or malformed input file with one line and exit code 2', async () => {
    const missing = await extids('exec', 'create_integration', '--connection', connectionFile, '--input', join(dir, 'nope.json'));
    expect(missing).toMatchObject({ code: 2, stderr: `extids: --input: cannot read file ${join(dir, 'nope.json')}\n` });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"name": ');
    const malformed = await extids('exec', 'create_integration', '--connection', connectionFile, '--input', bad);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toBe(`extids: --input: ${bad} is not valid JSON: line 1, column 10: unexpected end of input\n`);
  });

  it('never quotes a malformed connection back, since it may hold a secret', async () => {
    const { code, stderr } = await extids('exec', 'create_integration', '--input', '{"name":"X"}', '--connection', '{"client_secret": s3cretvalue}');
    expect(code).toBe(2);
    expect(stderr).toBe('extids: --connection: the value is not valid JSON: line 1, column 19: unexpected token\n');
  });

  it('runs an action with exec and prints its output as JSON, the PSK included as create must', async () => {
    const created = await extids('exec', 'create_integration', '--connection', connectionFile, '--input', '{"name":"CLI","events":"platform.events.user.UserDeleted"}');
    expect(created.code).toBe(0);
    const integration = JSON.parse(created.stdout);
    expect(integration).toMatchObject({ name: 'CLI', status: 'active', events: ['platform.events.user.UserDeleted'] });
    expect(typeof integration.psk).toBe('string');

    const output = join(dir, 'run.json');
    const run = await extids(
      'exec', 'run_commands', '--connection', connectionFile, '--output', output, '--json',
      '--input', JSON.stringify({ integration_uuid: integration.uuid, integration_psk: integration.psk, wait_for_processing: true, commands: [{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: '9' }, { name: 'Oops' }] }),
    );
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(JSON.parse(readFileSync(output, 'utf8'))).toMatchObject({ total: 2, processed: 1, rejected: 1 });

    const emitted = await extids('emit', 'platform.events.user.UserDeleted', '--payload', '{"user_id": 9}', '--connection', connectionFile);
    expect(JSON.parse(emitted.stdout)).toMatchObject({ delivered_to: 1 });
  });

  it('explains a failed action on stderr with exit code 1, without any secret', async () => {
    const { code, stderr } = await extids(
      'exec', 'update_integration', '--connection', connectionFile,
      '--input', JSON.stringify({ integration_uuid: '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19', integration_psk: 'psk-0123456789abcdefghij', name: 'X' }),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^extids: PATCH \/integrations\/\{integration_uuid\} failed with 401 invalid_integration_credentials: .+\n$/);
    expect(stderr).not.toContain('psk-0123456789abcdefghij');
    expect(stderr).not.toContain('extids-local-secret');
  });

  it('validates commands without sending them, exiting 1 when one is invalid', async () => {
    const { code, stdout } = await extids('validate', '--input', '[{"name":"MatchSessionCommand","external_id":"S","internal_id":1},{"name":"ResetAllUsersMatchCommand"}]');
    expect(code).toBe(1);
    expect(stdout).toBe('commands[0] (MatchSessionCommand): missing required field course_id\n1 of 2 commands valid\n');
  });

  it('runs the demo end to end and prints no secret', async () => {
    const { code, stdout } = await extids('demo', '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.run_commands.total).toBeGreaterThan(3000);
    expect(summary.run_commands).toMatchObject({ rejected: 3, failed: 1 });
    expect(summary.events.find((e: { event: string }) => e.event === 'platform.events.user.UserDeleted').delivered_to).toBe(1);
    expect(summary.query_entities.deleted).toBeGreaterThan(0);
    expect(stdout).not.toContain('extids-local-secret');
    expect(stdout).not.toMatch(/"psk":\s*"[A-Za-z0-9_-]{20,}"/);
  });
});
