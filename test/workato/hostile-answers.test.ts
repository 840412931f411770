/**
 * connector.rb under Workato's SDK gem against a hostile server on 127.0.0.1 (issue 13, items 14
 * and 15): a fetch-all that would follow has_more_data forever, a batch id that would steer the
 * PSK to another path, an integration answer without its fields, a trigger whose cursor does not
 * advance: each fails at once, with the Node client's words (Ruby names the operation without its
 * leading slash), never a value of the body, never a request outside the contract's paths.
 */
import { operations } from '../../connector/operations';
import { wire } from '../../connector/wire';
import { connector } from '../../src/runtime/connector';
import { workatoConnector } from '../../src/runtime/workato-connector';
import { CLIENT_SECRET, json, startRawServer, type RawServer } from '../support/raw-server';
import { describeWithWorkato, failure, rubyFailures, secretsPrinted, workatoExec } from './support';
import { mapping, page, pageAsked } from '../support/query-pages';

const PSK = 'psk-super-secret-value-0123456789abcdef';
/** One integration per case, so that each case has routes of its own on the one server. */
const uuid = (n: number) => `0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a${String(n).padStart(2, '0')}`;
const base = (n: number) => `${wire.defaultBasePath}/integrations/${uuid(n)}`;


/** Each request's `METHOD path` matches one of the contract's operations. */
const contractPaths = operations.map((o) => ({
  method: o.method,
  path: new RegExp(`^${o.atOrigin ? '' : wire.defaultBasePath}${o.path.replace(/\{\w+\}/g, '[^/?]+')}(\\?.*)?$`),
}));
const outsideContract = (server: RawServer) => server.received.filter((r) => !contractPaths.some((c) => c.method === r.method && c.path.test(r.url))).map((r) => `${r.method} ${r.url}`);

/** The Node runtime's failure, as the Ruby says it: the operation's path without its leading slash. */
const nodeFailure = async (work: () => Promise<unknown>): Promise<string> => {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error('expected the Node runtime to fail');
  return error.message.replace(/^(GET|POST|PATCH) \//, '$1 ');
};

describeWithWorkato('connector.rb under Workato’s SDK gem, against a hostile server', () => {
  let server: RawServer;
  beforeAll(async () => {
    server = await startRawServer();
  });
  afterAll(() => server?.close());
  const settings = () => ({ domain: server.url, client_id: 'cid', client_secret: CLIENT_SECRET, access_token: 'tok-scripted' });
  const nodeConnection = () => server.connection;
  const creds = (n: number) => ({ integration_uuid: uuid(n), integration_psk: PSK });

  it('fails Query entities with Fetch all pages when pages do not advance, in the Node client’s words, instead of following has_more_data forever', async () => {
    const cases: { n: number; answer: (asked: number) => unknown; says: RegExp }[] = [
      // Pages 1, 2, 1, 2, …: each unlike the one before.
      { n: 1, answer: (p) => page(p, p % 2 ? [mapping(1), mapping(2)] : [mapping(3), mapping(4)], true, { total_count: 1000, total_page_count: 500 }), says: /page 3 repeats the items of page 1$/ },
      { n: 2, answer: (p) => page(p, p === 1 ? [mapping(1), mapping(2)] : [], true), says: /page 2 has no items, yet has_more_data says more follow$/ },
      { n: 3, answer: () => page(1, [mapping(1), mapping(2)], true), says: /asked for page 2, got page 1$/ },
      { n: 4, answer: (p) => page(p, [mapping(2 * p - 1), mapping(2 * p)], true), says: /page 5 of total_page_count 5, yet has_more_data says more follow$/ },
      { n: 5, answer: (p) => page(p, [mapping(2 * p - 1), mapping(2 * p)], true, { total_count: 6, total_page_count: undefined }), says: /page 3 of 2 items each reaches total_count 6, yet has_more_data says more follow$/ },
    ];
    for (const c of cases) server.route(`POST ${base(c.n)}/entities/query`, ({ res, request }) => json(res, 200, { data: c.answer(pageAsked(request.body)) }));
    const input = (n: number) => ({ ...creds(n), page_size: 2, fetch_all_pages: true, max_items: 100 });
    const results = await Promise.all(cases.map((c) => workatoExec('actions.query_entities.execute', { settings: settings(), input: input(c.n), timeoutMs: 30_000 })));
    for (const [i, c] of cases.entries()) {
      const said = failure(results[i]);
      expect(said).toMatch(c.says);
      expect(said).toMatch(/^POST integrations\/\{integration_uuid\}\/entities\/query answered 200 with an unexpected body: /);
      expect(said).toBe(await nodeFailure(() => connector.actions.query_entities.execute(nodeConnection() as never, input(c.n) as never)));
      expect(rubyFailures(results[i].transcript.text)).toEqual([]);
      // A bounded number of pages asked for, not a runaway.
      expect(server.count(`POST ${base(c.n)}/entities/query`)).toBeLessThanOrEqual(2 * 5);
    }
  }, 60_000);

  it('fails Run commands on a batch id that is not one, before putting it in a path, whether the service answered it or a resumed wait holds it', async () => {
    const accepted = { batch_id: '../integrations', status: 'queued', accepted: 1, rejected: 0, ignored: 0, items: [{ index: 0, name: 'MatchCourseCommand', status: 'queued', command_id: 'c-1' }] };
    server.route(`POST ${base(10)}/commands`, ({ res }) => json(res, 202, { data: accepted }));
    const command = { name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 };
    const input = (n: number) => ({ ...creds(n), command: 'list_of_commands', commands: [command], wait_for_processing: true, wait_timeout_seconds: 5 });
    const [answered, resumed] = await Promise.all([
      workatoExec('actions.run_commands.execute', { settings: settings(), input: input(10), timeoutMs: 30_000 }),
      workatoExec('actions.run_commands.execute', {
        settings: settings(),
        input: input(11),
        continue: { run: { batch_ids: ['../integrations'], accepted: 1, rejected: 0, ignored: 0, deadline: Date.now() / 1000 + 5, resumes: 1 } },
        timeoutMs: 30_000,
      }),
    ]);
    expect(failure(answered)).toMatch(/^POST integrations\/\{integration_uuid\}\/commands answered 202 with an unexpected body: data\.batch_id must be a batch id as Run commands returns it/);
    expect(failure(answered)).toBe(await nodeFailure(() => connector.actions.run_commands.execute(nodeConnection() as never, input(10) as never)));
    expect(failure(resumed)).toMatch(/batch_id must be a batch id as Run commands returns it/);
    for (const r of [answered, resumed]) expect(rubyFailures(r.transcript.text)).toEqual([]);
    // No batch was asked for: nothing went to a path the contract does not have, nor to another batch's.
    expect(server.received.filter((r) => r.method === 'GET')).toEqual([]);
    expect(server.count(`POST ${base(11)}`)).toBe(0);
    expect(outsideContract(server)).toEqual([]);
  }, 60_000);

  it('fails Create and Update integration on an answer without the published fields, naming the operation and each field, never a value of the body', async () => {
    const created = { uuid: uuid(20), psk: PSK, name: 'Name-7f3a91', status: 'active', events: ['platform.events.orgchart.UserRemovedFromBranch'], created_at: '2026-01-02T03:04:05.678Z', updated_at: '2026-01-02T03:04:05.678Z' };
    const { psk: _, ...updated } = created;
    const answers: Record<string, unknown> = { empty: {}, 'number-psk': { ...created, psk: 918273645 } };
    server.route(`POST ${wire.defaultBasePath}/integrations`, ({ res, request }) => json(res, 201, { data: answers[(JSON.parse(request.body) as { name: string }).name] }));
    server.route(`PATCH ${base(21)}`, ({ res }) => json(res, 200, { data: { ...updated, uuid: uuid(21), status: 'paused' } }));
    const update = { ...creds(21), name: 'Y' };
    const [empty, numberPsk, paused] = await Promise.all([
      workatoExec('actions.create_integration.execute', { settings: settings(), input: { name: 'empty' } }),
      workatoExec('actions.create_integration.execute', { settings: settings(), input: { name: 'number-psk' } }),
      workatoExec('actions.update_integration.execute', { settings: settings(), input: update }),
    ]);
    expect(failure(empty)).toMatch(/^POST integrations answered 201 with an unexpected body: missing required field data\.uuid; .*missing required field data\.psk$/);
    expect(failure(empty)).toBe(await nodeFailure(() => connector.actions.create_integration.execute(nodeConnection() as never, { name: 'empty' } as never)));
    expect(failure(numberPsk)).toBe('POST integrations answered 201 with an unexpected body: data.psk must be a string');
    expect(failure(numberPsk)).toBe(await nodeFailure(() => connector.actions.create_integration.execute(nodeConnection() as never, { name: 'number-psk' } as never)));
    expect(failure(paused)).toBe('PATCH integrations/{integration_uuid} answered 200 with an unexpected body: data.status must be one of active, inactive');
    expect(failure(paused)).toBe(await nodeFailure(() => connector.actions.update_integration.execute(nodeConnection() as never, update as never)));
    // The status 'active' is also a word of the contract, which the message may say.
    const values = [...Object.values(created).flat(), '918273645', 'paused', uuid(21)].map(String).filter((v) => v !== 'active');
    for (const r of [empty, numberPsk, paused]) {
      for (const v of values) expect(r.transcript.text).not.toContain(v);
      expect(rubyFailures(r.transcript.text)).toEqual([]);
    }
  }, 60_000);

  it('fails a trigger poll whose next_cursor is the cursor sent while has_more_data says more follow, in the Node client’s words', async () => {
    server.route(`POST ${base(30)}/entities/query`, ({ res }) => json(res, 200, { data: page(1, [mapping(1)], true, { next_cursor: 'cursor-1' }) }));
    const input = creds(30);
    const closure = { after: 'cursor-1' };
    const polled = await workatoExec('triggers.mapping_changes.poll_page', { settings: settings(), input, closure, timeoutMs: 30_000 });
    const said = failure(polled);
    expect(said).toBe('POST integrations/{integration_uuid}/entities/query answered 200 with an unexpected body: next_cursor is the cursor sent (after), yet has_more_data says more follow');
    expect(said).toBe(await nodeFailure(() => workatoConnector().triggers!.mapping_changes.poll(nodeConnection() as never, input, closure)));
    expect(rubyFailures(polled.transcript.text)).toEqual([]);
  }, 60_000);

  it('printed no secret on stdout or stderr of any exec', () => {
    expect(secretsPrinted([PSK, CLIENT_SECRET])).toEqual([]);
  });
});
