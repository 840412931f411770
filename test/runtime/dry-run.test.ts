/**
 * Dry runs: the input checked and the requests an action would send, sending none — and those
 * requests are the ones a real run against the emulator sends, as the same observer sees them.
 */
import { connector } from '../../src/runtime/connector';
import { ValidationError } from '../../src/errors';
import { dryRunAction } from '../../src/runtime/dry-run';
import type { Exchange, SentRequest } from '../../src/runtime/session';
import { createClient } from '../../src/runtime/client';
import { matchUser } from '../emulator/harness';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { startScriptedServer } from '../support/scripted-server';

const { run_commands, update_integration, create_integration, query_entities } = connector.actions;

let emulator: LiveEmulator;
let integration: { uuid: string; psk: string };
beforeAll(async () => {
  emulator = await liveEmulator();
  integration = await createClient(emulator.connection).createIntegration({ name: 'DRY' });
});
afterAll(() => emulator.close());

const credentials = () => ({ integration_uuid: integration.uuid, integration_psk: integration.psk });

/** What a real run sends, as its session's observer sees it, the token request left out. */
const realRequests = async (run: (session: { onExchange: (e: Exchange) => void }) => Promise<unknown>): Promise<SentRequest[]> => {
  const exchanges: Exchange[] = [];
  await run({ onExchange: (e) => exchanges.push(e) });
  return exchanges.filter((e) => e.template !== '/oauth2/token').map((e) => e.request);
};

const users = (from: number, n: number) => Array.from({ length: n }, (_, i) => matchUser(from + i, `DRY-${from + i}`));

describe('a dry run', () => {
  it('of Run commands shows every chunk with its Idempotency-Key, exactly as a real run with the same execution id sends them', async () => {
    const commands = [...users(1, 1500), { name: 'MatchUserCommand', internal_id: 'not a number' }, ...users(1501, 600)];
    const input = { ...credentials(), commands };
    const dry = await dryRunAction(run_commands, emulator.connection, input, { executionId: 'dry-run-test-1' });
    expect(dry.requests.map((r) => [r.method, r.url, (r.body as { commands: unknown[] }).commands.length])).toEqual(
      [1000, 1000, 100].map((n) => ['POST', `${emulator.url}/external-ids/v1/integrations/${integration.uuid}/commands`, n]),
    );
    expect(new Set(dry.requests.map((r) => r.headers['Idempotency-Key'])).size).toBe(3);
    expect(dry.requests[0].headers).toMatchObject({ Authorization: 'Bearer [redacted]', 'X-Integration-PSK': '[redacted]', 'Content-Type': 'application/json' });
    expect(dry.execution_id).toBe('dry-run-test-1');
    expect(dry.notes).toContainEqual(expect.stringContaining('1 of 2101 commands are invalid'));
    const real = await realRequests((session) => run_commands.execute(emulator.connection, input as never, { session, executionId: 'dry-run-test-1' }));
    expect(dry.requests).toEqual(real);
    expect(JSON.stringify(dry)).not.toContain(integration.psk);
  });

  it('of Run commands that would wait skips the wait and says so, its chunks those a real run sends before waiting', async () => {
    const input = { ...credentials(), commands: users(3000, 3), wait_for_processing: true };
    const dry = await dryRunAction(run_commands, emulator.connection, input, { executionId: 'dry-run-test-2' });
    expect(dry.requests).toHaveLength(1);
    expect(dry.notes).toContainEqual(expect.stringMatching(/^wait_for_processing: waiting is skipped in a dry run/));
    const real = await realRequests((session) => run_commands.execute(emulator.connection, input as never, { session, executionId: 'dry-run-test-2', pollIntervalMs: 20 }));
    expect(real.length).toBeGreaterThan(1);
    expect(real.slice(1).every((r) => r.method === 'GET' && r.url.includes('/batches/'))).toBe(true);
    expect(dry.requests).toEqual(real.slice(0, 1));
  });

  it('of Update integration is the request a real run sends', async () => {
    const input = { ...credentials(), name: 'DRY 2', events: ['platform.events.user.UserDeleted'] };
    const dry = await dryRunAction(update_integration, emulator.connection, input);
    const real = await realRequests((session) => update_integration.execute(emulator.connection, input as never, { session }));
    expect(dry.requests).toEqual(real);
    expect(dry.requests[0]).toMatchObject({ method: 'PATCH', body: { name: 'DRY 2', events: ['platform.events.user.UserDeleted'] } });
  });

  it('of Create integration shows its request only, the one a real run sends', async () => {
    const input = { name: 'DRY CREATED' };
    const dry = await dryRunAction(create_integration, emulator.connection, input);
    expect(dry.requests).toEqual([{ method: 'POST', url: `${emulator.url}/external-ids/v1/integrations`, headers: expect.any(Object), body: input }]);
    expect(dry.notes).toContainEqual(expect.stringContaining('exist only once a real run has created it'));
    const real = await realRequests((session) => create_integration.execute(emulator.connection, input, { session }));
    expect(dry.requests).toEqual(real);
  });

  it('of Query entities with fetch_all_pages shows the first page’s request only, and says so', async () => {
    await run_commands.execute(emulator.connection, { ...credentials(), commands: users(5000, 3), wait_for_processing: true } as never, { pollIntervalMs: 20 });
    const input = { ...credentials(), fetch_all_pages: true, page_size: 1, max_items: 3, entity_types: ['users'] };
    const dry = await dryRunAction(query_entities, emulator.connection, input);
    expect(dry.requests).toHaveLength(1);
    expect(dry.notes).toContainEqual(expect.stringMatching(/^fetch_all_pages: only the first page's request is shown/));
    const real = await realRequests((session) => query_entities.execute(emulator.connection, input as never, { session }));
    expect(real.length).toBeGreaterThan(1);
    expect(dry.requests).toEqual(real.slice(0, 1));
  });

  it('sends nothing, not even a token request, and needs no reachable backend', async () => {
    const server = await startScriptedServer();
    try {
      const listening = { domain: server.url, client_id: 'cid', client_secret: 'secret-of-a-dry-run' };
      const dry = await dryRunAction(run_commands, listening, { ...credentials(), commands: users(1, 2) });
      expect(dry.requests).toHaveLength(1);
      expect(server.received).toEqual([]);
      const unreachable = await dryRunAction(update_integration, { domain: 'acme.unreachable.invalid', client_id: 'cid', client_secret: 'x' }, { ...credentials(), name: 'X' });
      expect(unreachable.requests.map((r) => [r.method, r.url])).toEqual([['PATCH', `https://acme.unreachable.invalid/external-ids/v1/integrations/${integration.uuid}`]]);
      expect(JSON.stringify([dry, unreachable])).not.toContain('secret-of-a-dry-run');
    } finally {
      await server.close();
    }
  });

  it('refuses an invalid input or connection as a real run does, sending nothing', async () => {
    const bad = { ...credentials(), commands: [{ name: 'MatchUserCommand' }], fail_on_invalid: true };
    const dry = await dryRunAction(run_commands, emulator.connection, bad).catch((e) => e);
    const real = await run_commands.execute(emulator.connection, bad as never).catch((e) => e);
    expect(dry).toBeInstanceOf(ValidationError);
    expect(dry.message).toBe(real.message);
    await expect(dryRunAction(update_integration, emulator.connection, { ...credentials(), nmae: 'X' })).rejects.toThrow(/nmae/);
    await expect(dryRunAction(update_integration, { domain: 'x' }, { ...credentials(), name: 'X' })).rejects.toThrow(/missing required field connection.client_id/);
  });
});
