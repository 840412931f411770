import { connector } from '../../src/runtime/connector';
import { commandTable } from '../../connector/commands';
import { exampleCommand } from '../../src/compile/examples';
import { createClient } from '../../src/runtime/client';
import { ValidationError } from '../../src/errors';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
beforeAll(async () => {
  emulator = await liveEmulator();
});
afterAll(() => emulator.close());

const { create_integration, update_integration, run_commands, query_entities } = connector.actions;
const newIntegration = async (events: string[] = []) => {
  const created = await create_integration.execute(emulator.connection, { name: `T-${Math.random().toString(36).slice(2, 8)}`, events });
  return { integration_uuid: created.uuid, integration_psk: created.psk };
};

describe('the connection', () => {
  it('passes its test against the emulator', async () => {
    await expect(connector.connection.test(emulator.connection)).resolves.toEqual({ status: 'ok', domain: 'localhost' });
  });
});

describe('create_integration and update_integration', () => {
  it('create an active integration and return its uuid and PSK once', async () => {
    const created = await create_integration.execute(emulator.connection, { name: 'SLACK', events: ['platform.events.user.UserDeleted'] });
    expect(Object.keys(created).sort()).toEqual(['events', 'name', 'psk', 'status', 'uuid']);
    expect(created).toMatchObject({ name: 'SLACK', status: 'active', events: ['platform.events.user.UserDeleted'] });
    expect(created.psk.length).toBeGreaterThanOrEqual(43);
  });

  it('rename, deactivate and resubscribe, storing the misspelled event canonically', async () => {
    const credentials = await newIntegration();
    const updated = await update_integration.execute(emulator.connection, {
      ...credentials,
      name: 'SLACK 2',
      status: 'inactive',
      events: ['platfrom.events.orgchart.UserRemovedFromBranch'],
    });
    expect(updated).toMatchObject({ uuid: credentials.integration_uuid, name: 'SLACK 2', status: 'inactive', events: ['platform.events.orgchart.UserRemovedFromBranch'] });
  });

  it('refuse an update with a wrong PSK, without showing it', async () => {
    const { integration_uuid } = await newIntegration();
    const error = await update_integration.execute(emulator.connection, { integration_uuid, integration_psk: 'wrong-psk-1234567890', name: 'X' }).catch((e) => e);
    expect(error).toMatchObject({ status: 401, code: 'invalid_integration_credentials' });
    expect(JSON.stringify(error.message)).not.toContain('wrong-psk-1234567890');
  });

  it('refuse an update that changes nothing, before sending it', async () => {
    const credentials = await newIntegration();
    await expect(update_integration.execute(emulator.connection, credentials)).rejects.toThrow('update_integration needs at least one of name, status, events');
  });
});

describe('run_commands', () => {
  it('sends every shape of the table and reports one item per input command, in order', async () => {
    const credentials = await newIntegration();
    const commands = commandTable.map((row, i) => exampleCommand(row, i));
    const result = await run_commands.execute(emulator.connection, { ...credentials, commands, wait_for_processing: true });
    expect(result).toMatchObject({ total: 24, accepted: 24, rejected: 0, ignored: 0, processed: 24, failed: 0, pending: 0 });
    expect(result.items.map((i) => [i.index, i.name, i.status])).toEqual(commands.map((c, i) => [i, c.name, 'processed']));
    expect(result.items.every((i) => typeof i.command_id === 'string')).toBe(true);
  });

  it('chunks across the 1000 boundary, keeping each item at its input index', async () => {
    const credentials = await newIntegration();
    const commands: Record<string, unknown>[] = Array.from({ length: 2500 }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `C-${i}`, internal_id: i + 1 }));
    for (const bad of [0, 999, 1000, 1001, 2499]) commands[bad] = { name: 'MatchCourseCommand', external_id: `C-${bad}` };
    const result = await run_commands.execute(emulator.connection, { ...credentials, commands, wait_for_processing: true });
    // 2495 valid commands: 1000 + 1000 + 495.
    expect(result.batch_ids).toHaveLength(3);
    expect(result).toMatchObject({ total: 2500, accepted: 2495, rejected: 5, processed: 2495, items_omitted: 1495 });
    // Listed: the 5 rejected, wherever they are, and the first 1000 processed (indexes 1 to 1003).
    expect(result.items.filter((i) => i.status === 'rejected').map((i) => i.index)).toEqual([0, 999, 1000, 1001, 2499]);
    expect(result.items.filter((i) => i.status === 'processed').map((i) => i.index)).toEqual(
      Array.from({ length: 1003 }, (_, i) => i + 1).filter((i) => ![999, 1000, 1001].includes(i)),
    );
    expect(result.items.find((i) => i.index === 1000)!.errors).toEqual([{ field: 'internal_id', message: 'missing required field internal_id' }]);
    const page = await query_entities.execute(emulator.connection, { ...credentials, entities: { courses: { course_ids: [1001, 1002, 1003] } } });
    // Indexes 1000 and 1001 (internal ids 1001, 1002) were invalid and never sent.
    expect(page.items.map((m) => m.external_id)).toEqual(['C-1002']);
  });

  it('coerces loose recipe values and reports the conflicts the service finds as failed', async () => {
    const credentials = await newIntegration();
    const result = await run_commands.execute(emulator.connection, {
      ...credentials,
      wait_for_processing: true,
      commands: [
        { name: 'MatchCourseCommand', external_id: 42, internal_id: '7' },
        { name: 'MatchCourseCommand', external_id: '42', internal_id: 8 },
      ],
    });
    expect(result.items.map((i) => i.status)).toEqual(['processed', 'failed']);
    expect(result.items[1].errors).toEqual([{ field: 'external_id', message: "external_id '42' is already matched to internal_id 7" }]);
  });

  it('fails before sending anything when fail_on_invalid is set and a command is invalid', async () => {
    const credentials = await newIntegration();
    const error = await run_commands
      .execute(emulator.connection, { ...credentials, fail_on_invalid: true, commands: [{ name: 'ResetAllUsersMatchCommand' }, { name: 'MatchSessionCommand', external_id: 'S', internal_id: 1 }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details).toEqual([{ path: 'commands[1].course_id', message: 'commands[1] (MatchSessionCommand): missing required field course_id' }]);
    const page = await query_entities.execute(emulator.connection, credentials);
    expect(page.total_count).toBe(0);
  });

  it('reports every command ignored while the integration is inactive', async () => {
    const credentials = await newIntegration();
    await update_integration.execute(emulator.connection, { ...credentials, status: 'inactive' });
    const result = await run_commands.execute(emulator.connection, { ...credentials, commands: [exampleCommand(commandTable[1]), { name: 'Nope' }] });
    expect(result).toMatchObject({ accepted: 0, ignored: 1, rejected: 1 });
    expect(result.items.map((i) => i.status)).toEqual(['ignored', 'rejected']);
  });

  it('sends nothing when every command is invalid', async () => {
    const credentials = await newIntegration();
    const result = await run_commands.execute(emulator.connection, { ...credentials, commands: [{ name: 'MatchCourseCommand' }] });
    expect(result).toMatchObject({ batch_ids: [], total: 1, accepted: 0, rejected: 1 });
  });
});

describe('query_entities', () => {
  it('selects by entity type, filters by metadata and follows pages up to max_items', async () => {
    const credentials = await newIntegration();
    const commands = Array.from({ length: 30 }, (_, i) => ({
      name: 'MatchUserCommand',
      external_id: `U-${i}`,
      internal_id: i + 1,
      internal_uuid: `7f3c2a10-5b1e-4c2d-9a4f-${String(i + 1).padStart(12, '0')}`,
      metadata: { dept: { code: i % 3 === 0 ? 'ENG' : 'OPS' } },
    }));
    commands.push({ name: 'MatchCourseCommand', external_id: 'C', internal_id: 1 } as never);
    await run_commands.execute(emulator.connection, { ...credentials, commands, wait_for_processing: true });

    const eng = await query_entities.execute(emulator.connection, { ...credentials, entity_types: ['users'], metadata_filters: [{ key: 'dept.code', operator: 'eq', value: 'ENG' }] });
    expect(eng.total_count).toBe(10);
    const all = await query_entities.execute(emulator.connection, { ...credentials, entity_types: 'users' as never, page_size: 7, fetch_all_pages: true });
    expect(all).toMatchObject({ total_count: 30, has_more_data: false, current_page: 5 });
    expect(new Set(all.items.map((m) => m.internal_id)).size).toBe(30);
    const bounded = await query_entities.execute(emulator.connection, { ...credentials, page_size: 7, fetch_all_pages: true, max_items: 10 });
    expect(bounded.items).toHaveLength(10);
    expect(bounded.has_more_data).toBe(true);
    const later = await query_entities.execute(emulator.connection, { ...credentials, created_at_from: '2999-01-01T00:00:00+02:00' });
    expect(later.total_count).toBe(0);
  });

  it('streams every mapping with queryAll, one page at a time', async () => {
    const credentials = await newIntegration();
    const commands = Array.from({ length: 45 }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `C-${i}`, internal_id: i + 1 }));
    const client = createClient(emulator.connection);
    const integration = client.integration({ uuid: credentials.integration_uuid, psk: credentials.integration_psk });
    await integration.runLooseCommands(commands, { wait_for_processing: true });
    const seen: number[] = [];
    for await (const mapping of integration.queryAll({ page_size: 10 })) seen.push(mapping.internal_id!);
    expect(seen.sort((a, b) => a - b)).toEqual(commands.map((c) => c.internal_id));
    const status = await integration.batchStatus((await integration.runLooseCommands([commands[0]])).batch_ids[0]);
    expect(status.total).toBe(1);
  });
});
