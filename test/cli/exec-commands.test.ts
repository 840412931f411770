/**
 * What `workato exec` users expect of `extids exec` (issue 11): `exec test`, `exec pick_lists.NAME`,
 * `--config-fields` for Run commands' single-command shapes, and "did you mean" for action names.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandTable } from '../../connector/commands';
import { pickLists } from '../../src/compile/pick-lists';
import { extids } from '../support/cli';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
let dir: string;
let connectionFile: string;
let integration: { uuid: string; psk: string };
beforeAll(async () => {
  emulator = await liveEmulator();
  dir = mkdtempSync(join(tmpdir(), 'extids-exec-'));
  connectionFile = join(dir, 'connection.json');
  writeFileSync(connectionFile, JSON.stringify(emulator.connection));
  const created = await extids('exec', 'create_integration', '--connection', connectionFile, '--input', '{"name":"Exec"}');
  integration = JSON.parse(created.stdout);
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const credentials = () => ({ integration_uuid: integration.uuid, integration_psk: integration.psk });

describe('extids exec test', () => {
  it('runs the connection test and prints the health answer as JSON, with no --input', async () => {
    const run = await extids('exec', 'test', '--connection', connectionFile);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok' });
  });

  it('fails with exit code 1 when the credentials are wrong, without the secret', async () => {
    const run = await extids('exec', 'test', '--connection', JSON.stringify({ ...emulator.connection, client_secret: 'wrong-secret-value' }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^extids: .+\n$/);
    expect(run.stderr).not.toContain('wrong-secret-value');
  });
});

describe('extids exec pick_lists.NAME', () => {
  it('prints every pick list as [[label, value], …], needing no connection', async () => {
    for (const [name, options] of Object.entries(pickLists)) {
      const run = await extids('exec', `pick_lists.${name}`);
      expect([name, run.code]).toEqual([name, 0]);
      expect(JSON.parse(run.stdout)).toEqual(options);
    }
    expect(JSON.parse((await extids('exec', 'pick_lists.sort_directions')).stdout)).toEqual([['Ascending', 'asc'], ['Descending', 'desc']]);
  });

  it('refuses an unknown list with exit code 2, the list meant and the known ones', async () => {
    const run = await extids('exec', 'pick_lists.sort_field');
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(`extids: unknown pick list sort_field (did you mean pick_lists.sort_fields?); pick lists: ${Object.keys(pickLists).join(', ')}\n`);
  });
});

describe('extids exec with a misspelt action', () => {
  it('suggests the action meant and lists the actions, with exit code 2', async () => {
    const run = await extids('exec', 'creat_integration', '--connection', connectionFile, '--input', '{}');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'extids: unknown action creat_integration (did you mean create_integration?); actions: create_integration, update_integration, run_commands, query_entities; also test (the connection test) and pick_lists.NAME\n',
    );
  });

  it('asks for --input when an action is given none', async () => {
    const run = await extids('exec', 'update_integration', '--connection', connectionFile);
    expect(run).toMatchObject({ code: 2, stderr: 'extids: --input: give the input of update_integration, a file or JSON (extids describe update_integration lists its fields)\n' });
  });
});

describe('extids exec run_commands --config-fields', () => {
  it('runs one command given as top-level input fields, as a recipe builder sends a single-command input', async () => {
    const run = await extids(
      'exec', 'run_commands', '--connection', connectionFile, '--json',
      '--config-fields', '{"command":"MatchCourseCommand"}',
      '--input', JSON.stringify({ ...credentials(), external_id: 'C-77', internal_id: '77', wait_for_processing: true }),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 1, processed: 1, rejected: 0 });
    const query = await extids('exec', 'query_entities', '--connection', connectionFile, '--json', '--input', JSON.stringify({ ...credentials(), entity_types: ['courses'] }));
    expect(query.stderr).toBe('');
    expect(JSON.parse(query.stdout).items).toEqual([expect.objectContaining({ external_id: 'C-77', internal_id: 77 })]);
  });

  it('reads the config fields from a file, and takes MapUserCommand by its shape', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, '{"command":"MapUserCommand.internal"}');
    const run = await extids(
      'exec', 'run_commands', '--connection', connectionFile, '--json', '--config-fields', config,
      '--input', JSON.stringify({ ...credentials(), internal_id: 5, internal_uuid: '5b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19', mapping_id: 'M-5', wait_for_processing: true }),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 1, rejected: 0 });
  });

  it('refuses an unknown choice with exit code 2, the choice meant and the known ones', async () => {
    const run = await extids('exec', 'run_commands', '--connection', connectionFile, '--config-fields', '{"command":"MatchCorseCommand"}', '--input', JSON.stringify(credentials()));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `extids: --config-fields: command "MatchCorseCommand" is not one of the choices of run_commands (did you mean MatchCourseCommand?); choices: ${[...commandTable.map((r) => r.id), 'list_of_commands'].join(', ')}\n`,
    );
  });

  it('refuses a config field the action does not have, with exit code 2', async () => {
    const none = await extids('exec', 'create_integration', '--connection', connectionFile, '--config-fields', '{"command":"MatchCourseCommand"}', '--input', '{"name":"X"}');
    expect(none).toMatchObject({ code: 2, stderr: 'extids: --config-fields: create_integration has no config fields\n' });
    const misspelt = await extids('exec', 'run_commands', '--connection', connectionFile, '--config-fields', '{"comand":"MatchCourseCommand"}', '--input', JSON.stringify(credentials()));
    expect(misspelt).toMatchObject({ code: 2, stderr: 'extids: --config-fields: "comand" is not a config field of run_commands (did you mean command?); config fields: command\n' });
  });

  it("names the chosen command's field meant by a misspelt input field, sending nothing", async () => {
    const run = await extids(
      'exec', 'run_commands', '--connection', connectionFile, '--config-fields', '{"command":"MatchCourseCommand"}',
      '--input', JSON.stringify({ ...credentials(), externl_id: 'C-1', internal_id: 1 }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^extids: invalid input for run_commands: unknown field input\.externl_id: not a field of run_commands with command MatchCourseCommand \(did you mean external_id\?\); its fields: integration_uuid, integration_psk, external_id, internal_id, /);
  });

  it('refuses a command given differently in --input and --config-fields', async () => {
    const run = await extids(
      'exec', 'run_commands', '--connection', connectionFile, '--config-fields', '{"command":"MatchCourseCommand"}',
      '--input', JSON.stringify({ ...credentials(), command: 'MatchUserCommand', external_id: 'U', internal_id: 1 }),
    );
    expect(run).toMatchObject({ code: 2, stderr: 'extids: --input and --config-fields both give command, differently: give it once\n' });
  });

  it('takes the list choice as the list of commands', async () => {
    const run = await extids(
      'exec', 'run_commands', '--connection', connectionFile, '--json', '--config-fields', '{"command":"list_of_commands"}',
      '--input', JSON.stringify({ ...credentials(), commands: [{ name: 'MatchCourseCommand', external_id: 'C-78', internal_id: 78 }] }),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 1, rejected: 0 });
  });
});
