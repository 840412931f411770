/**
 * An answer that is not what the contract says (not JSON, no `data`, the wrong shape) is an
 * `ApiError` `unexpected_response` naming the operation and what was wrong, never a success and
 * never a raw TypeError; a run of several chunks that fails partway says which batches the
 * service had already accepted (issue 13, item 14).
 */
import { ApiError } from '../../src/errors';
import { createClient } from '../../src/runtime/client';
import { extids } from '../support/cli';
import { json, startRawServer, type RawServer } from '../support/raw-server';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
const PSK = 'psk-super-secret-value-0123456789abcdef';
const BASE = `/external-ids/v1/integrations/${UUID}`;
const COMMANDS = `POST ${BASE}/commands`;

let server: RawServer;
beforeEach(async () => (server = await startRawServer()));
afterEach(() => server.close());

const integration = () => createClient(server.connection, { timeoutMs: 5000, retry: { baseDelayMs: 1, maxDelayMs: 2 } }).integration({ uuid: UUID, psk: PSK });
const commands = (n: number) => Array.from({ length: n }, (_, i) => ({ name: 'MatchCourseCommand' as const, external_id: `C-${i}`, internal_id: i + 1 }));
/** What the service answers a chunk of `n` commands, all queued. */
const accepted = (batchId: string, n: number) => ({
  batch_id: batchId,
  status: 'queued',
  accepted: n,
  rejected: 0,
  ignored: 0,
  items: Array.from({ length: n }, (_, index) => ({ index, name: 'MatchCourseCommand', status: 'queued', command_id: `${batchId}:${index}` })),
});
const failure = async (work: Promise<unknown>): Promise<ApiError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
};

describe('a malformed 2xx answer', () => {
  it('whose body is not JSON is unexpected_response, not a success with undefined', async () => {
    server.route(`PATCH ${BASE}`, ({ res }) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"data": {"uuid": "${UUID}", "psk": "${PSK}"`);
    });
    const error = await failure(integration().update({ name: 'Y' }));
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect(error.message).toBe('PATCH /integrations/{integration_uuid} answered 200 with a body that is not JSON');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(PSK.slice(4));
  });

  it('without the data envelope is unexpected_response', async () => {
    server.route(`PATCH ${BASE}`, ({ res }) => json(res, 200, { uuid: UUID }));
    const error = await failure(integration().update({ name: 'Y' }));
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect(error.message).toBe('PATCH /integrations/{integration_uuid} answered 200 with an unexpected body: data is missing');
  });

  it('to a chunk of commands whose items are not a list is unexpected_response naming the field, not a TypeError', async () => {
    server.route(COMMANDS, ({ res }) => json(res, 202, { data: { ...accepted('b-1', 1), items: 'queued' } }));
    const error = await failure(integration().runCommands(commands(1)));
    expect(error).toMatchObject({ status: 202, code: 'unexpected_response' });
    expect(error.message).toBe('POST /integrations/{integration_uuid}/commands answered 202 with an unexpected body: data.items must be an array, got a string');
  });

  it('to a chunk of commands that names an item outside the chunk is unexpected_response', async () => {
    server.route(COMMANDS, ({ res }) => json(res, 202, { data: { ...accepted('b-1', 1), items: [{ index: 5, name: 'MatchCourseCommand', status: 'queued' }] } }));
    const error = await failure(integration().runCommands(commands(1)));
    expect(error).toMatchObject({ status: 202, code: 'unexpected_response' });
    expect(error.message).toMatch(/data\.items\[0\]\.index is 5, outside the chunk of 1 command/);
  });

  it('to a query whose items are not a list is unexpected_response', async () => {
    server.route(`POST ${BASE}/entities/query`, ({ res }) => json(res, 200, { data: { items: null, has_more_data: false, current_page: 1 } }));
    const error = await failure(integration().query({}));
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect(error.message).toMatch(/data\.items must be an array, got null$/);
  });

  it('to a batch status whose items are missing is unexpected_response', async () => {
    server.route(`GET ${BASE}/batches/b-1`, ({ res }) => json(res, 200, { data: { batch_id: 'b-1', status: 'completed' } }));
    const error = await failure(integration().batchStatus('b-1'));
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect(error.message).toMatch(/data\.items is missing/);
  });
});

describe('a run of several chunks that fails partway', () => {
  it('throws an ApiError carrying the batch ids the service accepted before the failure', async () => {
    server.route(COMMANDS, ({ res, attempt }) =>
      attempt <= 2 ? json(res, 202, { data: accepted(`b-${attempt}`, 1000) }) : json(res, 400, { error: { code: 'invalid_request', message: 'no more' } }),
    );
    const error = await failure(integration().runCommands(commands(2500)));
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', acceptedBatchIds: ['b-1', 'b-2'] });
  });

  it('carries every batch id when the wait for processing fails', async () => {
    server.route(COMMANDS, ({ res }) => json(res, 202, { data: accepted('b-1', 1) }));
    server.route(`GET ${BASE}/batches/b-1`, ({ res }) => json(res, 404, { error: { code: 'not_found', message: 'gone' } }));
    const error = await failure(integration().runCommands(commands(1), { wait_for_processing: true, pollIntervalMs: 1 }));
    expect(error).toMatchObject({ status: 404, code: 'not_found', acceptedBatchIds: ['b-1'] });
  });

  it('has the CLI print those batch ids on stderr, and in its --json error', async () => {
    // Each run: its first chunk accepted, its second refused.
    let chunks = 0;
    server.route(COMMANDS, ({ res }) =>
      chunks++ % 2 === 0 ? json(res, 202, { data: accepted('b-1', 1000) }) : json(res, 400, { error: { code: 'invalid_request', message: 'no more' } }),
    );
    const args = ['exec', 'run_commands', '--connection', JSON.stringify(server.connection), '--input', JSON.stringify({ integration_uuid: UUID, integration_psk: PSK, commands: commands(1001) })];
    const text = await extids(...args);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('accepted before the failure: b-1');
    const machine = await extids(...args, '--json');
    expect(machine.code).toBe(1);
    expect(JSON.parse(machine.stderr.trim().split('\n').pop()!).error).toMatchObject({ status: 400, code: 'invalid_request', accepted_batch_ids: ['b-1'] });
  });
});

describe('an integration answer of another shape than the published schema', () => {
  const created = {
    uuid: UUID,
    psk: PSK,
    name: 'Name-7f3a91',
    status: 'active',
    events: ['platform.events.orgchart.UserRemovedFromBranch'],
    created_at: '2026-01-02T03:04:05.678Z',
    updated_at: '2026-01-02T03:04:05.678Z',
  };
  const { psk: _, ...updated } = created;
  const client = () => createClient(server.connection, { timeoutMs: 5000, retry: { maxRetries: 0 } });
  /** Every string and number the body held, none of which an error may repeat. */
  const valuesOf = (data: Record<string, unknown>): string[] =>
    Object.values(data)
      .flat()
      .filter((v) => typeof v === 'string' || typeof v === 'number')
      .map(String);
  const expectNoValueOf = (error: ApiError, data: Record<string, unknown>) => {
    const told = JSON.stringify({ ...error, message: error.message });
    for (const value of valuesOf(data)) expect(told).not.toContain(value);
  };

  it('to Create integration, with data but none of its fields, is unexpected_response, not an integration without a PSK', async () => {
    server.route('POST /external-ids/v1/integrations', ({ res }) => json(res, 201, { data: {} }));
    const error = await failure(client().createIntegration({ name: 'X' }));
    expect(error).toMatchObject({ status: 201, code: 'unexpected_response' });
    expect(error.message).toMatch(/^POST \/integrations answered 201 with an unexpected body: missing required field data\.uuid; .*missing required field data\.psk/);
  });

  it('to Create integration, with a PSK that is a number, is unexpected_response naming the field and not the number', async () => {
    const data = { ...created, psk: 918273645 };
    server.route('POST /external-ids/v1/integrations', ({ res }) => json(res, 201, { data }));
    const error = await failure(client().createIntegration({ name: 'X' }));
    expect(error).toMatchObject({ status: 201, code: 'unexpected_response' });
    expect(error.message).toBe('POST /integrations answered 201 with an unexpected body: data.psk must be a string');
    expectNoValueOf(error, data);
  });

  it('to Update integration, with a status the contract does not have, is unexpected_response naming the field and not the value', async () => {
    const data = { ...updated, status: 'paused' };
    server.route(`PATCH ${BASE}`, ({ res }) => json(res, 200, { data }));
    const error = await failure(integration().update({ name: 'Y' }));
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect(error.message).toBe('PATCH /integrations/{integration_uuid} answered 200 with an unexpected body: data.status must be one of active, inactive');
    expectNoValueOf(error, data);
  });

  it('to Create integration, of the right shape with a field the contract does not name, is the integration', async () => {
    server.route('POST /external-ids/v1/integrations', ({ res }) => json(res, 201, { data: { ...created, region: 'eu-1' } }));
    await expect(client().createIntegration({ name: 'X' })).resolves.toMatchObject({ uuid: UUID, psk: PSK, status: 'active' });
  });
});
