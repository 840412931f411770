import { connector } from '../../src/runtime/connector';
import { startScriptedServer, TOKEN_ANSWER, type ScriptedServer } from '../support/scripted-server';
import { liveEmulator } from '../support/emulator';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
const PSK = 'psk-value-0123456789abcdef';
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 } };
const commands = [
  { name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 },
  { name: 'MatchCourseCommand', external_id: 'C-2', internal_id: 2 },
];
const accepted = {
  status: 202,
  body: {
    data: {
      batch_id: 'b-1',
      status: 'queued',
      accepted: 2,
      rejected: 0,
      ignored: 0,
      items: [
        { index: 0, name: 'MatchCourseCommand', status: 'queued', command_id: 'b-1:0' },
        { index: 1, name: 'MatchCourseCommand', status: 'queued', command_id: 'b-1:1' },
      ],
    },
  },
};

describe('run_commands against a scripted service', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer();
    server.script('POST /oauth2/token', TOKEN_ANSWER);
  });
  afterEach(() => server.close());
  const connection = () => ({ domain: server.url, client_id: 'cid', client_secret: 'secret' });

  it('retries a chunk that failed with the very same Idempotency-Key', async () => {
    server.script(`POST /external-ids/v1/integrations/${UUID}/commands`, { status: 503, body: { error: { code: 'unavailable', message: 'busy' } } }, { drop: true }, accepted);
    const result = await connector.actions.run_commands.execute(connection(), { integration_uuid: UUID, integration_psk: PSK, commands }, { session: fast });
    expect(result).toMatchObject({ accepted: 2, batch_ids: ['b-1'] });
    const keys = server.received.filter((r) => r.url.endsWith('/commands')).map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^extids-[0-9a-f]{64}$/);
  });

  it('reports what is still pending when the wait for processing times out', async () => {
    server.script(`POST /external-ids/v1/integrations/${UUID}/commands`, accepted);
    server.script(`GET /external-ids/v1/integrations/${UUID}/batches/b-1`, {
      status: 200,
      body: {
        data: {
          batch_id: 'b-1',
          status: 'processing',
          total: 2,
          queued: 1,
          processed: 1,
          failed: 0,
          rejected: 0,
          ignored: 0,
          items: [
            { index: 0, command_id: 'b-1:0', name: 'MatchCourseCommand', status: 'processed' },
            { index: 1, command_id: 'b-1:1', name: 'MatchCourseCommand', status: 'queued' },
          ],
        },
      },
    });
    const result = await connector.actions.run_commands.execute(
      connection(),
      { integration_uuid: UUID, integration_psk: PSK, commands, wait_for_processing: true, wait_timeout_seconds: 1 },
      { session: fast, pollIntervalMs: 50 },
    );
    expect(result).toMatchObject({ processed: 1, failed: 0, pending: 1 });
    expect(result.items.map((i) => i.status)).toEqual(['processed', 'queued']);
  });
});

describe('run_commands against the emulator', () => {
  it('queues a later call that repeats the same commands: it is not swallowed as a retry', async () => {
    const emulator = await liveEmulator();
    try {
      const created = await connector.actions.create_integration.execute(emulator.connection, { name: 'REPEAT' });
      const input = { integration_uuid: created.uuid, integration_psk: created.psk, commands, wait_for_processing: true };
      const first = await connector.actions.run_commands.execute(emulator.connection, input);
      const second = await connector.actions.run_commands.execute(emulator.connection, input);
      expect(second.batch_ids).not.toEqual(first.batch_ids);
      expect(second).toMatchObject({ accepted: 2, processed: 2 });
      // A retry of the first call, with its execution id, gets the first answer back instead.
      const retried = await connector.actions.run_commands.execute(emulator.connection, input, { executionId: 'run-A' });
      const again = await connector.actions.run_commands.execute(emulator.connection, input, { executionId: 'run-A' });
      expect(again.batch_ids).toEqual(retried.batch_ids);
    } finally {
      await emulator.close();
    }
  });
});
