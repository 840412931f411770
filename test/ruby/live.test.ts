/**
 * The generated connector.rb runs: loaded by the harness in Ruby and pointed at a live emulator,
 * its connection test and every action's execute work, and give the outputs the TypeScript runtime
 * gives for the same inputs (ids and timestamps aside). Workato's retries re-run the whole execute
 * and reuse the chunk's Idempotency-Key; errors are one line without secrets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connector } from '../../connector';
import { commandTable } from '../../connector/commands';
import { wire } from '../../connector/wire';
import { exampleCommand } from '../../src/compile/examples';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { startScriptedServer, TOKEN_ANSWER } from '../support/scripted-server';
import { describeWithRuby, failure, ok, runRuby, type RubyCase } from './support';

const SECRET = 'extids-local-secret';
let emulator: RunningEmulator;
let dataDir: string;
let connection: { domain: string; client_id: string; client_secret: string };

/** Ids and timestamps differ between two runs; whether they are set does not. */
const VARYING = new Set(['uuid', 'psk', 'integration_id', 'batch_id', 'command_id', 'created_at', 'updated_at', 'deleted_at', 'matched_at', 'last_updated_at', 'touched_at']);
const normalize = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, k === 'batch_ids' ? (v as unknown[]).length : VARYING.has(k) ? (v === null || v === undefined ? null : 'set') : normalize(v)]),
    );
  }
  return value;
};

/** What the TypeScript runtime answers, or its error message. */
const ts = async (run: () => Promise<unknown>): Promise<{ ok: unknown } | { error: string }> => {
  try {
    return { ok: await run() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};
const plain = (r: { ok: unknown } | { error: string }) => ('error' in r ? { error: r.error } : { ok: normalize(r.ok) });

const exec = (action: string, input: unknown, extra: Partial<RubyCase> = {}): RubyCase => ({ kind: 'execute', action, connection, input, ...extra });

describeWithRuby('the generated connector.rb against a live emulator', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'extids-rb-emu-'));
    emulator = await startEmulator({ port: 0, dataDir });
    connection = { domain: emulator.url, client_id: 'extids-local', client_secret: SECRET };
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("connects: its test gets a token and the service's health", async () => {
    const [health, wrong] = await runRuby([
      { kind: 'test', connection },
      { kind: 'test', connection: { ...connection, client_secret: 'not-the-secret-at-all' } },
    ]);
    expect(ok(health)).toEqual(await connector.connection.test(connection));
    const message = failure(wrong);
    expect(message).toBe((await ts(() => connector.connection.test({ ...connection, client_secret: 'not-the-secret-at-all' })) as { error: string }).error);
    expect(message).not.toContain('not-the-secret-at-all');
  });

  it('runs every action with the outputs of the TypeScript runtime for the same inputs', async () => {
    const created = { name: 'SLACK', events: 'platform.events.user.UserCreated,platfrom.events.orgchart.UserRemovedFromBranch' };
    const [rubyCreated] = await runRuby([exec('create_integration', created)]);
    const tsCreated = (await connector.actions.create_integration.execute(connection, created as never)) as { uuid: string; psk: string };
    const rc = ok(rubyCreated) as { uuid: string; psk: string };
    expect(rc.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(rc.psk.length).toBeGreaterThan(10);
    expect(normalize(rc)).toEqual(normalize(tsCreated));

    // Every row of the command table, a few broken commands, and a conflicting match.
    const commands = [
      ...commandTable.map((r, i) => exampleCommand(r, i)),
      { name: 'MatchCourseCommand', external_id: 42, internal_id: '7' },
      { name: 'MatchUserCommand', internal_id: 0 },
      { name: 'NoSuchCommand' },
      // One external id for two courses: the second fails when applied.
      { name: 'MatchCourseCommand', external_id: 'DUP', internal_id: 8 },
      { name: 'MatchCourseCommand', external_id: 'DUP', internal_id: 9 },
    ];
    const steps = (c: { uuid: string; psk: string }, job: string): [string, unknown, Partial<RubyCase>?][] => {
      const creds = { integration_uuid: c.uuid, integration_psk: c.psk };
      return [
        ['update_integration', { ...creds, name: 'SLACK 2', events: ['platfrom.events.orgchart.UserRemovedFromBranch'], status: '' }],
        ['run_commands', { ...creds, command: 'list_of_commands', commands, wait_for_processing: 'true', wait_timeout_seconds: '20' }, { execution_context: { job_id: job } }],
        ['query_entities', { ...creds, entity_types: 'users,courses,course_enrollments', page_size: '3', fetch_all_pages: true, max_items: '5', created_at_from: '2000-01-01T01:00:00.5+01:00' }],
        ['query_entities', { ...creds, entities: { courses: { course_ids: [7, 8] } }, sort_by: 'matched_at', sort_direction: 'desc' }],
        ['query_entities', { ...creds, metadata_filters: [{ key: 'dept.code', operator: 'eq', value: 'D3' }], page: '1', page_size: '2' }],
        ['run_commands', { ...creds, command: 'MatchLearningPlanCommand', external_id: 'LP-1', internal_id: '31', metadata: { k: 1 } }],
        ['run_commands', { ...creds, command: 'list_of_commands', commands: [{ name: 'Nope' }], fail_on_invalid: 'true' }],
        ['update_integration', { ...creds }],
        ['update_integration', { ...creds, status: 'inactive' }],
        ['run_commands', { ...creds, command: 'list_of_commands', commands: commands.slice(0, 3) }],
      ];
    };
    const rubySteps = steps(rc, 'job-1');
    const rubyResults = await runRuby(rubySteps.map(([action, input, extra]) => exec(action, input, extra)));

    // The TypeScript action takes a list: a single-command step is that command in a list of one.
    const tsInput = (input: Record<string, unknown>): Record<string, unknown> => {
      const { command, ...rest } = input;
      if (command === 'list_of_commands' || command === undefined) return rest;
      const row = commandTable.find((r) => r.id === command)!;
      const single: Record<string, unknown> = { name: row.name };
      for (const f of [...row.required, ...(row.metadata ? ['metadata'] : [])]) {
        if (f in rest) single[f] = rest[f];
        delete rest[f];
      }
      return { ...rest, commands: [single] };
    };
    const tsResults: unknown[] = [];
    for (const [action, input] of steps(tsCreated, 'job-1')) {
      const run = connector.actions[action as 'query_entities'].execute;
      tsResults.push(plain(await ts(() => run(connection, tsInput(input as Record<string, unknown>) as never))));
    }
    const got = rubyResults.map((r) => plain('error' in r ? { error: r.error } : r));
    const clean = (x: unknown) => JSON.parse(JSON.stringify(x).split(rc.uuid).join('<uuid>').split(tsCreated.uuid).join('<uuid>'));
    rubySteps.forEach(([action], i) => expect({ step: i, action, ...clean(got[i]) }).toEqual({ step: i, action, ...clean(tsResults[i]) }));

    // What the steps did, beyond agreeing: processed and failed items, pages bounded, nothing sent for an invalid list.
    const run = ok(rubyResults[1]) as { items: { status: string }[]; processed: number; failed: number };
    expect(run.items.filter((i) => i.status === 'rejected')).toHaveLength(2);
    expect(run.failed).toBe(1);
    const paged = ok(rubyResults[2]) as { items: unknown[]; has_more_data: boolean };
    expect(paged.items).toHaveLength(5);
    expect(paged.has_more_data).toBe(true);
    expect(failure(rubyResults[6])).toMatch(/^nothing was sent: 1 of 1 commands are invalid; first: commands\[0\] \(Nope\): unknown command "Nope"/);
    expect(failure(rubyResults[7])).toBe('update_integration needs at least one of name, status, events');
    expect((ok(rubyResults[9]) as { items: { status: string }[] }).items.map((i) => i.status)).toEqual(['ignored', 'ignored', 'ignored']);
  });

  it('keeps chunk keys across re-runs of the same job, and queues again for a later job', async () => {
    const [created] = await runRuby([exec('create_integration', { name: 'KEYS' })]);
    const { uuid, psk } = ok(created) as { uuid: string; psk: string };
    const input = { integration_uuid: uuid, integration_psk: psk, commands: [{ name: 'ResetAllCoursesMatchCommand' }] };
    const runs = await runRuby([
      exec('run_commands', input, { execution_context: { job_id: 'job-a' } }),
      exec('run_commands', input, { execution_context: { job_id: 'job-a' } }),
      exec('run_commands', input, { execution_context: { job_id: 'job-b' } }),
      exec('run_commands', input, { execution_context: { recipe_id: 'recipe-1' } }),
    ]);
    const ids = runs.map((r) => (ok(r) as { batch_ids: string[] }).batch_ids[0]);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[3]).not.toBe(ids[2]);
  });

  it('sends at most 1000 commands per request and merges the answers in input order', async () => {
    const [created] = await runRuby([exec('create_integration', { name: 'CHUNKS' })]);
    const { uuid, psk } = ok(created) as { uuid: string; psk: string };
    const commands = Array.from({ length: 2 * wire.maxCommandsPerRequest + 2 }, (_, i) => (i === 1500 ? { name: 'Bad' } : { name: 'MatchCourseCommand', external_id: `C-${i}`, internal_id: i + 1 }));
    const [run] = await runRuby([exec('run_commands', { integration_uuid: uuid, integration_psk: psk, commands })]);
    const result = ok(run) as { batch_ids: string[]; accepted: number; rejected: number; items: { index: number; status: string }[] };
    expect(result.batch_ids).toHaveLength(3);
    expect([result.accepted, result.rejected]).toEqual([commands.length - 1, 1]);
    expect(result.items.map((i) => i.index)).toEqual(commands.map((_, i) => i));
    expect(result.items[1500].status).toBe('rejected');
  });

  it('offers input fields for several config choices, every pick list, and the config field', async () => {
    const results = await runRuby([
      { kind: 'input_fields', action: 'run_commands', connection, config_fields: { command: 'MapUserCommand.internal' } },
      { kind: 'input_fields', action: 'query_entities', connection, config_fields: {} },
      { kind: 'pick_list', connection, name: 'command_choices' },
      { kind: 'config_fields', action: 'run_commands' },
    ]);
    const fields = ok(results[0]) as { name: string; optional: boolean }[];
    expect(fields.map((f) => [f.name, f.optional])).toContainEqual(['internal_uuid', false]);
    expect((ok(results[1]) as { name: string }[]).map((f) => f.name)).toContain('entity_types');
    expect(ok(results[2])).toHaveLength(commandTable.length + 1);
    expect(ok(results[3])).toEqual([expect.objectContaining({ name: 'command', pick_list: 'command_choices' })]);
  });
});

describeWithRuby('the generated connector.rb under faults', () => {
  it('lets Workato retry a 503 by re-running execute, with the same Idempotency-Key; never retries Create integration', async () => {
    const server = await startScriptedServer();
    try {
      const uuid = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
      server.script('POST /oauth2/token', TOKEN_ANSWER);
      server.script(`POST ${wire.defaultBasePath}/integrations/${uuid}/commands`, { status: 503, body: { error: { code: 'unavailable', message: 'busy' } } }, {
        status: 202,
        body: { data: { batch_id: 'b-1', status: 'queued', accepted: 1, rejected: 0, ignored: 0, items: [{ index: 0, name: 'ResetAllUsersMatchCommand', status: 'queued', command_id: 'b-1:0' }] } },
      });
      server.script(`POST ${wire.defaultBasePath}/integrations`, { status: 503, body: { error: { code: 'unavailable', message: 'busy' } } });
      server.script(`PATCH ${wire.defaultBasePath}/integrations/${uuid}`, { status: 401, body: { error: { code: 'invalid_integration_credentials', message: 'unknown integration or wrong PSK' } } });
      const conn = { domain: server.url, client_id: 'c', client_secret: 'client-secret-value' };
      const [run, create, update] = await runRuby([
        { kind: 'execute', action: 'run_commands', connection: conn, input: { integration_uuid: uuid, integration_psk: 'psk-value-secret', commands: [{ name: 'ResetAllUsersMatchCommand' }] }, execution_context: { job_id: 'j' } },
        { kind: 'execute', action: 'create_integration', connection: conn, input: { name: 'X' } },
        { kind: 'execute', action: 'update_integration', connection: conn, input: { integration_uuid: uuid, integration_psk: 'psk-value-secret', status: 'active' } },
      ]);
      expect((ok(run) as { accepted: number }).accepted).toBe(1);
      const posts = server.received.filter((r) => r.url.endsWith('/commands'));
      expect(posts).toHaveLength(2);
      expect(posts[1].headers['idempotency-key']).toBe(posts[0].headers['idempotency-key']);
      expect(posts[0].headers['x-integration-psk']).toBe('psk-value-secret');
      expect(failure(create)).toContain('503');
      expect(server.received.filter((r) => r.method === 'POST' && r.url === `${wire.defaultBasePath}/integrations`)).toHaveLength(1);
      // A 401 refreshes the token once (refresh_on), then fails; the PSK appears nowhere in the message.
      expect(failure(update)).not.toContain('psk-value-secret');
      expect(server.received.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('turns a non-retried error into one readable line without secrets', async () => {
    const server = await startScriptedServer();
    try {
      server.script('POST /oauth2/token', TOKEN_ANSWER);
      server.script(`POST ${wire.defaultBasePath}/integrations`, { status: 400, body: { error: { code: 'invalid_request', message: 'name is too long (client-secret-value)' } } });
      const [create] = await runRuby([{ kind: 'execute', action: 'create_integration', connection: { domain: server.url, client_id: 'c', client_secret: 'client-secret-value' }, input: { name: 'X' } }]);
      expect(failure(create)).toBe('POST /integrations failed with 400 invalid_request: name is too long ([redacted])');
    } finally {
      await server.close();
    }
  });
});
