import { mappingChangesTrigger } from '../../connector/triggers';
import { workatoConnector, type WorkatoConnection } from '../../src/runtime/workato-connector';
import { workatoTriggers } from '../../src/compile/workato-triggers';
import { dedupKey } from '../../src/runtime/trigger';
import type { ConnectorDefinition } from '../../src/sdk/workato';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
beforeAll(async () => {
  emulator = await liveEmulator();
});
afterAll(() => emulator.close());

const connector: ConnectorDefinition<WorkatoConnection> = workatoConnector();

describe('the connector in Workato’s shape, run in Node', () => {
  it('authorizes as custom_auth: acquire gets a token, apply sets it as a bearer, base_uri takes a host or a URL', async () => {
    const { authorization, base_uri } = connector.connection;
    const acquired = await authorization.acquire(emulator.connection);
    expect(typeof acquired.access_token).toBe('string');
    expect(authorization.apply({ ...emulator.connection, access_token: 'abc' })).toEqual({ Authorization: 'Bearer abc' });
    // A new token only for an unknown or expired one: a wrong PSK is not cured by one.
    const refreshes = (body: string) => authorization.refresh_on!.some((m) => m instanceof RegExp && m.test(body));
    expect(refreshes('{"error":{"code":"invalid_token","message":"expired"}}')).toBe(true);
    expect(refreshes('{"error":{"code":"invalid_integration_credentials","message":"unknown integration or wrong PSK"}}')).toBe(false);
    expect(base_uri({ domain: 'acme.docebosaas.com', client_id: 'a', client_secret: 'b' })).toBe('https://acme.docebosaas.com/external-ids/v1/');
    expect(base_uri(emulator.connection)).toBe(`${emulator.url}/external-ids/v1/`);
    await expect(connector.test(emulator.connection)).resolves.toEqual({ status: 'ok', domain: 'localhost' });
  });

  it('shows exactly the picked command’s fields, the required ones not optional', () => {
    const fields = connector.actions.run_commands.input_fields({}, emulator.connection, { command: 'MatchSessionCommand' });
    const own = fields.filter((f) => !['integration_uuid', 'integration_psk', 'wait_for_processing', 'wait_timeout_seconds', 'fail_on_invalid'].includes(f.name));
    expect(own.map((f) => [f.name, f.optional])).toEqual([
      ['external_id', false],
      ['internal_id', false],
      ['course_id', false],
      ['metadata', true],
    ]);
  });

  it('offers every pick list', () => {
    const lists = connector.pick_lists!;
    expect(lists.events(emulator.connection)).toHaveLength(30);
    expect(lists.command_choices(emulator.connection)).toHaveLength(25);
  });

  it('runs a single picked command as a list of one, and creates an integration', async () => {
    const created = (await connector.actions.create_integration.execute(emulator.connection, { name: 'SHAPED' })) as { uuid: string; psk: string };
    const result = (await connector.actions.run_commands.execute(emulator.connection, {
      command: 'MatchCourseCommand',
      integration_uuid: created.uuid,
      integration_psk: created.psk,
      external_id: 'C-9',
      internal_id: '9',
      wait_for_processing: 'true',
    })) as { processed: number; items: { name: string; status: string }[] };
    expect(result.processed).toBe(1);
    expect(result.items).toEqual([expect.objectContaining({ name: 'MatchCourseCommand', status: 'processed' })]);
  });

  it('runs the list choice as the list, with empty optional fields of a picked command left out', async () => {
    const created = (await connector.actions.create_integration.execute(emulator.connection, { name: 'SHAPED-LIST' })) as { uuid: string; psk: string };
    const credentials = { integration_uuid: created.uuid, integration_psk: created.psk, wait_for_processing: true };
    const listed = (await connector.actions.run_commands.execute(emulator.connection, {
      ...credentials,
      command: 'list_of_commands',
      commands: [
        { name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 },
        { name: 'MatchCourseCommand', external_id: 'C-2', internal_id: 2 },
      ],
    })) as { processed: number };
    expect(listed.processed).toBe(2);
    const picked = (await connector.actions.run_commands.execute(emulator.connection, {
      ...credentials,
      command: 'MapUserCommand.external',
      mapping_id: 'ann@example.com',
      external_id: 'HR-1',
      metadata: '',
    })) as { processed: number; rejected: number };
    expect(picked).toMatchObject({ processed: 1, rejected: 0 });
  });

  it('polls New or updated mappings through the Node runtime, in Workato’s shape, with its fields and dedup key', async () => {
    const trigger = connector.triggers!.mapping_changes;
    const [shaped] = workatoTriggers();
    expect(trigger).toMatchObject({ title: shaped.title, subtitle: shaped.subtitle, help: shaped.help, description: shaped.description });
    expect(trigger.input_fields({}, emulator.connection, {})).toEqual(shaped.input_fields);
    expect(trigger.output_fields({}, emulator.connection, {})).toEqual(shaped.output_fields);
    expect(trigger.sample_output!(emulator.connection, {})).toEqual(shaped.sample_output);

    const created = (await connector.actions.create_integration.execute(emulator.connection, { name: 'SHAPED-TRIGGER' })) as { uuid: string; psk: string };
    const since = new Date(Date.now() - 1000).toISOString();
    await connector.actions.run_commands.execute(emulator.connection, {
      command: 'list_of_commands',
      integration_uuid: created.uuid,
      integration_psk: created.psk,
      commands: [
        { name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 },
        { name: 'MatchCourseCommand', external_id: 'C-2', internal_id: 2 },
      ],
      wait_for_processing: true,
    });
    const input = { integration_uuid: created.uuid, integration_psk: created.psk, since, page_size: '1' };
    const first = await trigger.poll(emulator.connection, input);
    expect(first).toEqual({ events: [expect.objectContaining({ internal_id: 1, change: 'created' })], next_poll: { after: expect.any(String) }, can_poll_more: true });
    const second = await trigger.poll(emulator.connection, input, first.next_poll);
    expect(second).toMatchObject({ events: [expect.objectContaining({ internal_id: 2 })], can_poll_more: false });
    expect(trigger.dedup(second.events[0])).toBe(dedupKey(mappingChangesTrigger, second.events[0]));
    expect(trigger.dedup(second.events[0])).toBe(`course:2@${second.events[0].updated_at}`);
  });
});
