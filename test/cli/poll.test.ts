/**
 * `extids poll <trigger>` in this process, against a real emulator: one poll prints its events and
 * the closure to resume from; what it refuses, with which exit code; its help.
 */
import { createClient } from '../../src/runtime/client';
import { extids } from '../support/cli';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
let connection: string;
beforeAll(async () => {
  emulator = await liveEmulator();
  connection = JSON.stringify(emulator.connection);
});
afterAll(() => emulator.close());

const newIntegration = async () => {
  const client = createClient(emulator.connection);
  const created = await client.createIntegration({ name: `P-${Math.random().toString(36).slice(2, 8)}` });
  const integration = client.integration({ uuid: created.uuid, psk: created.psk });
  return { integration, credentials: { integration_uuid: created.uuid, integration_psk: created.psk } };
};

const courses = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ name: 'MatchCourseCommand', internal_id: from + i, external_id: `C-${from + i}` }));

describe('extids poll, one poll', () => {
  it('prints the events since the start and the closure to resume from, draining a backlog', async () => {
    const { integration, credentials } = await newIntegration();
    const since = new Date().toISOString();
    await integration.runLooseCommands(courses(1, 5), { wait_for_processing: true });
    const input = JSON.stringify({ ...credentials, since, page_size: 2 });
    const first = await extids('poll', 'mapping_changes', '--connection', connection, '--input', input);
    expect([first.code, first.stderr]).toEqual([0, '']);
    const output = JSON.parse(first.stdout);
    expect(Object.keys(output)).toEqual(['events', 'next_poll', 'can_poll_more']);
    expect(output.events.map((e: { internal_id: number; change: string }) => [e.internal_id, e.change])).toEqual([1, 2, 3, 4, 5].map((id) => [id, 'created']));
    expect(output.next_poll).toEqual({ after: expect.any(String) });
    expect(output.can_poll_more).toBe(false);
    expect(first.stdout).not.toContain(credentials.integration_psk);

    await integration.runLooseCommands(courses(6, 1), { wait_for_processing: true });
    const next = await extids('poll', 'mapping_changes', '--connection', connection, '--input', input, '--closure', JSON.stringify(output.next_poll));
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout).events.map((e: { internal_id: number }) => e.internal_id)).toEqual([6]);
  });

  it('keeps since in the closure while nothing has changed, and reads the connection from EXTIDS_CONNECTION', async () => {
    const { credentials } = await newIntegration();
    process.env.EXTIDS_CONNECTION = connection;
    try {
      const run = await extids('poll', 'mapping_changes', '--input', JSON.stringify({ ...credentials, since: '2099-01-01T00:00:00+01:00' }), '--closure', 'null');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ events: [], next_poll: { since: '2098-12-31T23:00:00.000Z' }, can_poll_more: false });
    } finally {
      delete process.env.EXTIDS_CONNECTION;
    }
  });
});

describe('extids poll refuses', () => {
  const input = JSON.stringify({ integration_uuid: '0b1c0f6e-5f43-4c1a-9a53-2a8e4b1b7c11', integration_psk: 'psk-never-shown-0123456789abcdef' });

  it('an unknown trigger, exit 2, naming the known ones (and the one meant)', async () => {
    const run = await extids('poll', 'mapping_change', '--connection', connection, '--input', input);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('extids: unknown trigger mapping_change (did you mean mapping_changes?); triggers: mapping_changes\n');
    const far = await extids('poll', 'new_users', '--connection', connection, '--input', input);
    expect([far.code, far.stderr]).toEqual([2, 'extids: unknown trigger new_users; triggers: mapping_changes\n']);
  });

  it('a closure that is not JSON or not an object (exit 2), or that does not fit (exit 1, naming closure.<field>)', async () => {
    const notJson = await extids('poll', 'mapping_changes', '--connection', connection, '--input', input, '--closure', '{after: 1}');
    expect([notJson.code, notJson.stderr]).toEqual([2, 'extids: --closure: the value is not valid JSON: line 1, column 2: expected a property name in double quotes\n']);
    const list = await extids('poll', 'mapping_changes', '--connection', connection, '--input', input, '--closure', '["x"]');
    expect([list.code, list.stderr]).toEqual([2, 'extids: --closure: expected a JSON object\n']);
    const bad = await extids('poll', 'mapping_changes', '--connection', connection, '--input', input, '--closure', '{"after":1}');
    expect([bad.code, bad.stderr]).toEqual([1, 'extids: invalid closure: closure.after must be a string\n']);
  });

  it('an input that does not fit (exit 1, naming the field), and --interval without --follow or below a second (exit 2)', async () => {
    const bad = await extids('poll', 'mapping_changes', '--connection', connection, '--input', JSON.stringify({ ...JSON.parse(input), page_size: 0 }));
    expect([bad.code, bad.stderr]).toEqual([1, 'extids: invalid input for mapping_changes: input.page_size must be at least 1\n']);
    const alone = await extids('poll', 'mapping_changes', '--connection', connection, '--input', input, '--interval', '5');
    expect([alone.code, alone.stderr]).toEqual([2, 'extids: --interval: only with --follow\n']);
    for (const interval of ['0.5', 'soon', '']) {
      const short = await extids('poll', 'mapping_changes', '--connection', connection, '--input', input, '--follow', '--interval', interval);
      expect([short.code, short.stderr]).toEqual([2, 'extids: --interval: give a number of seconds, at least 1\n']);
    }
  });

  it('a wrong PSK, exit 1, without showing it', async () => {
    const { credentials } = await newIntegration();
    const psk = `${credentials.integration_psk}-wrong`;
    const run = await extids('poll', 'mapping_changes', '--connection', connection, '--input', JSON.stringify({ ...credentials, integration_psk: psk }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^extids: POST \/integrations\/\{integration_uuid\}\/entities\/query failed with 401 invalid_integration_credentials/);
    expect(run.stderr + run.stdout).not.toContain(psk);
  });
});

describe('extids poll --help', () => {
  it('lists the triggers, and extids --help names the command', async () => {
    const help = await extids('poll', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('mapping_changes (New or updated mappings)');
    expect(help.stdout).toContain('--follow');
    expect(help.stdout).toContain('--closure');
    const top = await extids('--help');
    expect(top.stdout).toMatch(/poll \[options\] <trigger>\s+Poll a trigger/);
  });
});
