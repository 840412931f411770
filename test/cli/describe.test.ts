/**
 * `extids describe`, `exec <action> --help` and `emit --help` (issue 11): an action's or trigger's
 * input fields, derived from the fields Workato shows, and the 30 events.
 */
import { actions } from '../../connector/actions';
import { commandTable } from '../../connector/commands';
import { events } from '../../connector/events';
import { workatoActions } from '../../src/compile/workato-actions';
import { workatoTriggers } from '../../src/compile/workato-triggers';
import type { SchemaField } from '../../src/sdk/workato';
import { extids } from '../support/cli';

/** Every field name Workato shows, nested ones dotted as describe names them. */
const namesOf = (fields: readonly SchemaField[], prefix = ''): string[] =>
  fields.flatMap((f) => [`${prefix}${f.name}`, ...namesOf(f.properties ?? [], `${prefix}${f.name}${f.type === 'array' ? '[]' : ''}.`)]);

describe('extids describe', () => {
  it('lists the actions and the trigger when given no name', async () => {
    const run = await extids('describe');
    expect(run.code).toBe(0);
    for (const name of [...actions.map((a) => a.name), 'mapping_changes']) expect(run.stdout).toContain(`${name} (`);
  });

  it("lists every input field of each action, as Workato shows them, with type, required, description and allowed values", async () => {
    for (const action of workatoActions()) {
      const run = await extids('describe', action.name, '--json');
      expect([action.name, run.code]).toEqual([action.name, 0]);
      const described = JSON.parse(run.stdout);
      expect(described.input_fields.map((f: { name: string }) => f.name)).toEqual(namesOf(action.input_fields));
    }
    const create = JSON.parse((await extids('describe', 'create_integration', '--json')).stdout);
    expect(create.input_fields).toEqual([
      { name: 'name', type: 'string', required: true, description: expect.stringContaining('Name that identifies the integration') },
      expect.objectContaining({ name: 'events', required: false, pick_list: 'events', allowed: events.map((e) => e.name) }),
    ]);
  });

  it('prints the fields as text for a terminal', async () => {
    const run = await extids('describe', 'update_integration');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Input fields (--input):\n  integration_uuid (string, required)\n      UUID of the integration');
    expect(run.stdout).toContain('  status (string, optional)\n');
    expect(run.stdout).toContain('      allowed: active, inactive\n');
    expect(run.stdout).toContain('allowed: the 30 values of pick list events (extids exec pick_lists.events)');
  });

  it("lists Run commands' command choices, and with --config-fields the chosen command's fields", async () => {
    const run = await extids('describe', 'run_commands');
    expect(run.stdout).toContain(`allowed: ${[...commandTable.map((r) => r.id), 'list_of_commands'].join(', ')}\n`);
    expect(run.stdout).toContain('  commands[].name (string, required)');
    const chosen = JSON.parse((await extids('describe', 'run_commands', '--config-fields', '{"command":"MatchSessionCommand"}', '--json')).stdout);
    expect(chosen.chosen).toBe('MatchSessionCommand');
    const rowFields = chosen.input_fields.filter((f: { name: string }) => ['external_id', 'internal_id', 'course_id', 'metadata'].includes(f.name));
    expect(rowFields.map((f: { name: string; required: boolean }) => [f.name, f.required])).toEqual([
      ['external_id', true],
      ['internal_id', true],
      ['course_id', true],
      ['metadata', false],
    ]);
    expect(chosen.input_fields.map((f: { name: string }) => f.name)).not.toContain('commands');
  });

  it("lists the trigger's input fields", async () => {
    const run = await extids('describe', 'mapping_changes', '--json');
    const described = JSON.parse(run.stdout);
    expect(described).toMatchObject({ name: 'mapping_changes', kind: 'trigger' });
    expect(described.input_fields.map((f: { name: string }) => f.name)).toEqual(namesOf(workatoTriggers()[0].input_fields));
    expect(described.input_fields.find((f: { name: string }) => f.name === 'page_size')).toMatchObject({ type: 'integer', required: false, default: 1000 });
  });

  it('suggests the name meant, with exit code 2', async () => {
    const run = await extids('describe', 'query_entitie');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'extids: unknown action or trigger "query_entitie" (did you mean query_entities?); actions: create_integration, update_integration, run_commands, query_entities; triggers: mapping_changes\n',
    );
  });
});

describe('extids exec <action> --help', () => {
  it("adds the action's input fields to the command's help", async () => {
    const run = await extids('exec', 'query_entities', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: extids exec');
    expect(run.stdout).toContain('query_entities (action): Query entities.');
    expect(run.stdout).toContain('  entities.users.user_ids (list of integer, optional)');
    expect(run.stdout).toContain('  sort_direction (string, optional');
  });

  it("shows the chosen command's fields with --config-fields", async () => {
    const run = await extids('exec', 'run_commands', '--config-fields', '{"command":"ResetAllUsersMatchCommand"}', '--help');
    expect(run.stdout).toContain('Input fields with command ResetAllUsersMatchCommand (--input):');
    expect(run.stdout).not.toContain('  external_id (');
  });

  it('stays the plain help without an action', async () => {
    const run = await extids('exec', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Input fields');
  });
});

describe('extids emit --help and event names', () => {
  it('lists the 30 events with the ids each payload carries', async () => {
    const run = await extids('emit', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Events (30)');
    for (const e of events) expect(run.stdout).toContain(`    ${e.name}  (payload: ${e.payload.join(', ')})\n`);
  });

  it('refuses a misspelt event before sending, with the event meant and exit code 2', async () => {
    const run = await extids('emit', 'platform.events.user.UserDelted', '--payload', '{"user_id": 1}', '--connection', '{"domain":"http://127.0.0.1:9"}');
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe('extids: unknown event platform.events.user.UserDelted (did you mean platform.events.user.UserDeleted?); extids emit --help lists the 30 events\n');
  });

  it("names the event meant in Create integration's events, sending nothing", async () => {
    // A connection to nowhere: the input is refused before anything is sent.
    const nowhere = JSON.stringify({ domain: 'http://127.0.0.1:9', client_id: 'c', client_secret: 'not-used-secret' });
    const run = await extids('exec', 'create_integration', '--connection', nowhere, '--input', '{"name":"X","events":["platform.events.course.CourseCreatd"]}');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'extids: invalid input for create_integration: input.events[0]: unknown event "platform.events.course.CourseCreatd" (did you mean platform.events.course.CourseCreated?)\n',
    );
  });
});
