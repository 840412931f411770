/**
 * Every action of connector.rb under Workato's SDK gem, against a live emulator: its `execute`
 * (`workato exec actions.NAME.execute`) and its full invoke (`workato exec actions.NAME`, which
 * applies the input schema), each giving what the Node runtime gives for the same input, ids and
 * timestamps aside. A wrong PSK fails at once with the service's code, without a token refresh;
 * date-times of any offset select the same records; query pages are followed up to Max items.
 */
import { connector } from '../../src/runtime/connector';
import { commandTable } from '../../connector/commands';
import { exampleCommand } from '../../src/compile/examples';
import { wire } from '../../connector/wire';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { startScriptedServer, TOKEN_ANSWER } from '../support/scripted-server';
import { UUID } from './cases';
import { describeWithWorkato, failure, fetchToken, normalize, ok, recordingProxy, rubyFailures, secretsPrinted, tsRun, unnamedFields, workatoExec, type ExecResult } from './support';

const SECRET = 'extids-local-secret';
type Creds = { uuid: string; psk: string };
type Run = (action: string, input: Record<string, unknown>) => Promise<{ ok: unknown } | { error: string }>;

describeWithWorkato('the actions of connector.rb under Workato’s SDK gem', () => {
  let emulator: LiveEmulator;
  let settings: Record<string, string>;
  const psks: string[] = [];
  const tokens: string[] = [];
  beforeAll(async () => {
    emulator = await liveEmulator();
    settings = { domain: emulator.url, client_id: 'extids-local', client_secret: SECRET };
  });
  afterAll(() => emulator?.close());

  const plain = (r: ExecResult | { ok: unknown } | { error: string }) => ('error' in r ? { error: true } : { ok: normalize(r.ok) });
  /** One way to run an action: through the gem's execute, its full invoke, or the Node runtime. */
  const ways: Record<'execute' | 'invoke' | 'node', Run> = {
    execute: (action, input) => workatoExec(`actions.${action}.execute`, { settings, input, timeoutMs: 90_000 }),
    invoke: (action, input) => workatoExec(`actions.${action}`, { settings, input, timeoutMs: 90_000 }),
    // The same input: the Node runtime takes Run commands' config choice too.
    node: (action, input) => tsRun(() => connector.actions[action as 'query_entities'].execute(settings as never, input as never)),
  };
  const nodeCreate = async (name: string): Promise<Creds> => {
    const c = (await connector.actions.create_integration.execute(settings as never, { name } as never)) as Creds;
    psks.push(c.psk);
    return c;
  };

  it("runs every action's execute and its full invoke with the Node runtime's outputs for the same inputs", async () => {
    const created = { name: 'SLACK', events: 'platform.events.user.UserCreated,platfrom.events.orgchart.UserRemovedFromBranch' };
    const creations = await Promise.all([ways.execute('create_integration', created), ways.invoke('create_integration', created), ways.node('create_integration', created)]);
    const integrations = creations.map((c) => {
      const value = ok(c as ExecResult) as Creds;
      expect(value.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(value.psk.length).toBeGreaterThan(10);
      psks.push(value.psk);
      return value;
    });
    expect(normalize(ok(creations[0] as ExecResult))).toEqual(normalize(ok(creations[2] as ExecResult)));
    expect(normalize(ok(creations[1] as ExecResult))).toEqual(normalize(ok(creations[2] as ExecResult)));

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
    const steps = (c: Creds): [string, Record<string, unknown>][] => {
      const creds = { integration_uuid: c.uuid, integration_psk: c.psk };
      return [
        ['update_integration', { ...creds, name: 'SLACK 2', events: 'platfrom.events.orgchart.UserRemovedFromBranch', status: 'active' }],
        // Loose values, as recipes give them: booleans and numbers as strings.
        ['run_commands', { ...creds, command: 'list_of_commands', commands, wait_for_processing: 'true', wait_timeout_seconds: '20' }],
        ['query_entities', { ...creds, entity_types: 'users,courses,course_enrollments', page_size: '3', fetch_all_pages: true, max_items: 5 }],
        ['query_entities', { ...creds, entities: { courses: { course_ids: [7, 8] } }, sort_by: 'matched_at', sort_direction: 'desc' }],
        ['query_entities', { ...creds, metadata_filters: [{ key: 'dept.code', operator: 'eq', value: 'D3' }], page: 1, page_size: 2 }],
        ['run_commands', { ...creds, command: 'MatchLearningPlanCommand', external_id: 'LP-1', internal_id: '31', metadata: { k: 1 } }],
        ['run_commands', { ...creds, command: 'MapUserCommand.external', mapping_id: 'M-1', external_id: 'E-1' }],
        ['run_commands', { ...creds, command: 'list_of_commands', commands: [{ name: 'Nope' }], fail_on_invalid: true }],
        ['update_integration', { ...creds }],
        ['update_integration', { ...creds, status: 'inactive' }],
        ['run_commands', { ...creds, command: 'list_of_commands', commands: commands.slice(0, 3) }],
      ];
    };
    const chain = async (run: Run, c: Creds) => {
      const results: ({ ok: unknown } | { error: string })[] = [];
      for (const [action, input] of steps(c)) results.push(await run(action, input));
      return results;
    };
    const [viaExecute, viaInvoke, viaNode] = await Promise.all([chain(ways.execute, integrations[0]), chain(ways.invoke, integrations[1]), chain(ways.node, integrations[2])]);
    const clean = (x: unknown) => {
      let text = JSON.stringify(x);
      for (const c of integrations) text = text.split(c.uuid).join('<uuid>');
      return JSON.parse(text);
    };
    steps(integrations[0]).forEach(([action], i) => {
      const expected = { step: i, action, ...clean(plain(viaNode[i])) };
      expect({ step: i, action, ...clean(plain(viaExecute[i])) }).toEqual(expected);
      expect({ step: i, action, ...clean(plain(viaInvoke[i])) }).toEqual(expected);
    });

    // What the steps did, beyond agreeing.
    const run = ok(viaExecute[1] as ExecResult) as { items: { index: number; status: string }[]; processed: number; failed: number; pending: number };
    expect(run.items.filter((i) => i.status === 'rejected').map((i) => i.index)).toEqual([commandTable.length + 1, commandTable.length + 2]);
    expect([run.failed, run.pending]).toEqual([1, 0]);
    for (const r of [viaExecute[1], viaInvoke[1]]) expect(unnamedFields((ok(r as ExecResult) as { items: [] }).items)).toEqual([]);
    const paged = ok(viaExecute[2] as ExecResult) as { items: unknown[]; has_more_data: boolean };
    expect(paged.items).toHaveLength(5);
    expect(paged.has_more_data).toBe(true);
    for (const r of [viaExecute, viaInvoke]) {
      const nothingSent = failure(r[7] as ExecResult);
      expect(nothingSent).toMatch(/commands\[0\]/);
      expect(nothingSent).toContain('Nope');
      expect(failure(r[8] as ExecResult)).toMatch(/name.*status.*events/);
      for (const e of [r[7], r[8]] as ExecResult[]) {
        expect(e.transcript.text.trim().split('\n').filter((l) => l && !l.startsWith('Refresh token triggered'))).toHaveLength(1);
        expect(rubyFailures(e.transcript.text)).toEqual([]);
      }
    }
    expect((ok(viaExecute[10] as ExecResult) as { items: { status: string }[] }).items.map((i) => i.status)).toEqual(['ignored', 'ignored', 'ignored']);
  }, 180_000);

  it('enforces the required fields on the full invoke, and trims undeclared ones', async () => {
    const c = await nodeCreate('REQUIRED');
    const [missing, trimmed, missingOfRow] = await Promise.all([
      ways.invoke('update_integration', { integration_uuid: c.uuid, name: 'X' }),
      ways.invoke('update_integration', { integration_uuid: c.uuid, integration_psk: c.psk, name: 'TRIMMED', not_a_field: 1 }),
      ways.invoke('run_commands', { integration_uuid: c.uuid, integration_psk: c.psk, command: 'MatchCourseCommand', external_id: 'C-1' }),
    ]);
    expect(failure(missing as ExecResult)).toMatch(/PSK|psk/);
    expect(ok(trimmed as ExecResult)).toMatchObject({ name: 'TRIMMED' });
    expect(failure(missingOfRow as ExecResult)).toMatch(/internal/i);
    for (const r of [missing, missingOfRow] as ExecResult[]) expect(rubyFailures(r.transcript.text)).toEqual([]);
  }, 60_000);

  it('fails a wrong PSK at once with the service’s code and no token refresh; an unknown token is refreshed once', async () => {
    const c = await nodeCreate('PSK');
    const proxy = await recordingProxy(emulator.url);
    try {
      const token = await fetchToken(emulator.url);
      tokens.push(token);
      const via = { ...settings, domain: proxy.url, access_token: token };
      const WRONG = 'wrong-psk-value-9931';
      const [update, run, query] = await Promise.all([
        workatoExec('actions.update_integration.execute', { settings: via, input: { integration_uuid: c.uuid, integration_psk: WRONG, status: 'active' } }),
        workatoExec('actions.run_commands.execute', { settings: via, input: { integration_uuid: c.uuid, integration_psk: WRONG, command: 'list_of_commands', commands: [{ name: 'ResetAllUsersMatchCommand' }] } }),
        workatoExec('actions.query_entities.execute', { settings: via, input: { integration_uuid: c.uuid, integration_psk: WRONG } }),
      ]);
      for (const r of [update, run, query]) {
        const message = failure(r);
        expect(message).not.toContain('\n');
        expect(message).toMatch(/invalid_integration_credentials|unknown integration or wrong PSK/);
        expect(r.transcript.refreshes).toBe(0);
        expect(r.transcript.text).not.toContain(WRONG);
        expect(rubyFailures(r.transcript.text)).toEqual([]);
      }
      expect(failure(update)).toMatch(/invalid_integration_credentials/);
      // Each request once: no token request, no retry.
      expect(proxy.received.filter((r) => r.url.includes('/oauth2/token'))).toHaveLength(0);
      expect(proxy.received.filter((r) => r.method === 'PATCH')).toHaveLength(1);
      expect(proxy.received.filter((r) => r.url.endsWith('/commands'))).toHaveLength(1);
      expect(proxy.received.filter((r) => r.url.endsWith('/query'))).toHaveLength(1);

      proxy.received.length = 0;
      const refreshed = await workatoExec('actions.update_integration.execute', { settings: { ...via, access_token: 'an-expired-or-unknown-token' }, input: { integration_uuid: c.uuid, integration_psk: c.psk, name: 'PSK 2' } });
      expect(ok(refreshed)).toMatchObject({ name: 'PSK 2' });
      expect(refreshed.transcript.refreshes).toBe(1);
      expect(proxy.received.filter((r) => r.url.includes('/oauth2/token'))).toHaveLength(1);
      expect(proxy.received.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([401, 200]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('never retries Create integration, and keeps secrets out of a failure even when the service repeats them', async () => {
    const server = await startScriptedServer();
    try {
      const psk = 'psk-value-secret-5521';
      const clientSecret = 'client-secret-value-7730';
      server.script('POST /oauth2/token', TOKEN_ANSWER);
      server.script(`POST ${wire.defaultBasePath}/integrations`, { status: 503, body: { error: { code: 'unavailable', message: 'busy' } } });
      server.script(`PATCH ${wire.defaultBasePath}/integrations/${UUID}`, { status: 400, body: { error: { code: 'invalid_request', message: `name is too long (${clientSecret}, ${psk})` } } });
      server.script(`POST ${wire.defaultBasePath}/integrations/${UUID}/entities/query`, { status: 500, body: { error: { code: 'internal', message: `oops ${psk}` } } });
      const via = { domain: server.url, client_id: 'c', client_secret: clientSecret };
      const [create, update, query] = await Promise.all([
        workatoExec('actions.create_integration.execute', { settings: via, input: { name: 'X' } }),
        workatoExec('actions.update_integration.execute', { settings: via, input: { integration_uuid: UUID, integration_psk: psk, name: 'Y' } }),
        workatoExec('actions.query_entities.execute', { settings: via, input: { integration_uuid: UUID, integration_psk: psk } }),
      ]);
      expect(failure(create)).toMatch(/503/);
      expect(server.received.filter((r) => r.method === 'POST' && r.url === `${wire.defaultBasePath}/integrations`)).toHaveLength(1);
      expect(failure(update)).toMatch(/400 invalid_request/);
      expect(failure(query)).toMatch(/500/);
      for (const r of [create, update, query]) {
        expect(failure(r)).not.toContain('\n');
        expect(r.transcript.text).not.toContain(psk);
        expect(r.transcript.text).not.toContain(clientSecret);
        expect(rubyFailures(r.transcript.text)).toEqual([]);
      }
    } finally {
      await server.close();
    }
  }, 60_000);

  describe('Query entities', () => {
    let c: Creds;
    let between: Date;
    const creds = () => ({ integration_uuid: c.uuid, integration_psk: c.psk });
    beforeAll(async () => {
      c = await nodeCreate('QUERY');
      const match = (from: number, n: number) =>
        connector.actions.run_commands.execute(settings as never, {
          ...creds(),
          commands: Array.from({ length: n }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `Q-${from + i}`, internal_id: from + i + 1 })),
          wait_for_processing: true,
        } as never);
      await match(0, 4);
      await new Promise((r) => setTimeout(r, 1100));
      between = new Date();
      await new Promise((r) => setTimeout(r, 1100));
      await match(4, 3);
    });

    it('follows pages, and with Fetch all pages returns them up to Max items, as the Node runtime does', async () => {
      const inputs: Record<string, unknown>[] = [
        { ...creds(), page_size: 3 },
        { ...creds(), page_size: 3, page: 2 },
        { ...creds(), page_size: 3, page: 3 },
        { ...creds(), page_size: 3, fetch_all_pages: true, max_items: 5 },
        { ...creds(), page_size: 2, fetch_all_pages: true, max_items: 100 },
        { ...creds(), page_size: 2, page: 2, fetch_all_pages: 'true', max_items: '4', sort_by: 'created_at', sort_direction: 'desc' },
      ];
      const [gem, invoked, node] = await Promise.all([
        Promise.all(inputs.map((i) => ways.execute('query_entities', i))),
        Promise.all(inputs.slice(3, 5).map((i) => ways.invoke('query_entities', i))),
        Promise.all(inputs.map((i) => ways.node('query_entities', i))),
      ]);
      inputs.forEach((_, i) => expect({ i, ...plain(gem[i]) }).toEqual({ i, ...plain(node[i]) }));
      invoked.forEach((r, i) => expect(plain(r)).toEqual(plain(node[i + 3])));
      const pages = gem.map((r) => ok(r as ExecResult) as { items: { external_id: string }[]; has_more_data: boolean; total_count: number });
      expect(pages.slice(0, 3).map((p) => p.items.length)).toEqual([3, 3, 1]);
      expect(pages.slice(0, 3).map((p) => p.has_more_data)).toEqual([true, true, false]);
      expect([pages[3].items.length, pages[3].has_more_data]).toEqual([5, true]);
      expect([pages[4].items.length, pages[4].has_more_data]).toEqual([7, false]);
      expect(new Set(pages[4].items.map((m) => m.external_id)).size).toBe(7);
      expect(pages[5].items).toHaveLength(4);
    }, 90_000);

    it('converts date-times on the full invoke: a +02:00 offset selects what its UTC form selects', async () => {
      const utc = between.toISOString();
      const plus2 = new Date(between.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      const minus530 = new Date(between.getTime() - 5.5 * 3600_000).toISOString().replace(/\.\d+Z$/, '-05:30');
      const results = await Promise.all([
        ways.invoke('query_entities', { ...creds(), created_at_from: plus2 }),
        ways.invoke('query_entities', { ...creds(), created_at_from: utc }),
        ways.execute('query_entities', { ...creds(), created_at_from: plus2 }),
        ways.invoke('query_entities', { ...creds(), created_at_to: minus530 }),
        ways.node('query_entities', { ...creds(), created_at_from: plus2 }),
        ways.node('query_entities', { ...creds(), created_at_to: minus530 }),
      ]);
      const ids = results.map((r) => ((ok(r as ExecResult) as { items: { external_id: string }[] }).items.map((m) => m.external_id).sort()));
      expect(ids[0]).toEqual(['Q-4', 'Q-5', 'Q-6']);
      expect(ids[1]).toEqual(ids[0]);
      expect(ids[2]).toEqual(ids[0]);
      expect(ids[4]).toEqual(ids[0]);
      // The seconds are truncated, an instant before `between`: only the first four.
      expect(ids[3]).toEqual(['Q-0', 'Q-1', 'Q-2', 'Q-3']);
      expect(ids[5]).toEqual(ids[3]);
      expect(plain(results[0])).toEqual(plain(results[4]));
    }, 60_000);
  });

  it('printed no secret on stdout or stderr of any exec', () => {
    expect(secretsPrinted([SECRET, ...psks, ...tokens])).toEqual([]);
  });
});
