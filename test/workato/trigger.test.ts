/**
 * The trigger New or updated mappings of connector.rb under Workato's SDK gem, against a live
 * emulator, beside the Node runtime's poll for the same history: many mappings sharing one
 * updated_at (a batch, a ResetAll, a UserDeleted cascade) paged 7 at a time; the gem's `poll`
 * (which loops `poll_page` while `can_poll_more`) and its `poll_page` with a closure give the Node
 * runtime's events and next closures, and a Ruby closure continues in Node; the dedup keys agree;
 * a wrong PSK fails at once, in the actions' words.
 *
 * The gem reverses the events of each page (`poll_page`) and puts a later page's before the
 * earlier ones (`poll`): the events of a whole `poll`, reversed, are in the order delivered.
 * Seven gem runs in all (about 1.4 s of start-up each).
 */
import { mappingChangesTrigger } from '../../connector/triggers';
import { workatoConnector } from '../../src/runtime/workato-connector';
import { createClient } from '../../src/runtime/client';
import { dedupKey } from '../../src/runtime/trigger';
import type { PollClosure, PollResult } from '../../src/sdk/define';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { startScriptedServer, TOKEN_ANSWER } from '../support/scripted-server';
import { describeWithWorkato, failure, fetchToken, ok, recordingProxy, rubyFailures, secretsPrinted, workatoExec, type ExecResult } from './support';

const SECRET = 'extids-local-secret';
const USER_DELETED = 'platform.events.user.UserDeleted';
const PAGE = 7;
type Mapping = Record<string, unknown>;
type Polled = PollResult<Mapping>;

const matchUser = (id: number) => ({ name: 'MatchUserCommand', internal_id: id, internal_uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, external_id: `U-${id}` });
const matchCourse = (id: number) => ({ name: 'MatchCourseCommand', internal_id: id, external_id: `C-${id}` });
const enrol = (user: number, course: number) => ({ name: 'MatchCourseEnrollmentCommand', internal_id: user, course_id: course, external_id: `E-${user}-${course}` });
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describeWithWorkato('the trigger New or updated mappings of connector.rb under Workato’s SDK gem', () => {
  let emulator: LiveEmulator;
  let settings: Record<string, string>;
  const psks: string[] = [];
  const tokens: string[] = [];
  const node = workatoConnector().triggers!.mapping_changes;
  const key = (m: Mapping) => dedupKey(mappingChangesTrigger, m);

  beforeAll(async () => {
    emulator = await liveEmulator();
    const token = await fetchToken(emulator.url);
    tokens.push(token);
    // A token from the start: no refresh, no question about saving it.
    settings = { domain: emulator.url, client_id: 'extids-local', client_secret: SECRET, access_token: token };
  });
  afterAll(() => emulator?.close());

  /** The Node runtime's polls from a closure until no backlog remains: each page's result. */
  const nodePolls = async (input: Record<string, unknown>, closure?: PollClosure): Promise<Polled[]> => {
    const pages: Polled[] = [];
    for (let at = closure; ; ) {
      const page = (await node.poll(emulator.connection, input, at)) as Polled;
      pages.push(page);
      at = page.next_poll;
      if (!page.can_poll_more) return pages;
      if (pages.length > 50) throw new Error('no end to the backlog');
    }
  };

  it('polls a history where many mappings share one updated_at, 7 at a time, as the Node runtime does, each change once; dedup keys agree', async () => {
    const client = createClient(emulator.connection);
    const created = await client.createIntegration({ name: 'TRIGGER', events: [USER_DELETED] });
    psks.push(created.psk);
    const integration = client.integration({ uuid: created.uuid, psk: created.psk });
    const run = async (commands: unknown[]) => expect((await integration.runLooseCommands(commands, { wait_for_processing: true })).processed).toBe(commands.length);
    const creds = { integration_uuid: created.uuid, integration_psk: created.psk };
    const since = new Date(Date.now() - 1000).toISOString();

    // History 1: one batch (one write: 25 mappings, one updated_at), among them an external side
    // waiting for its user; then a ResetAll (the 6 users again, one later updated_at).
    await run([
      ...range(1, 6).map(matchUser),
      ...range(10, 8).map(matchCourse),
      ...range(10, 8).map((c) => enrol(1, c)),
      enrol(2, 10),
      enrol(2, 11),
      { name: 'MapUserCommand', mapping_id: 'ann@example.com', external_id: 'HR-1' },
    ]);
    await run([{ name: 'ResetAllUsersMatchCommand' }]);
    const history1 = (await integration.query({ sort_by: 'updated_at', page_size: 1000 })).items as unknown as Mapping[];
    expect(history1).toHaveLength(25);
    const ties = Object.values(history1.reduce<Record<string, number>>((n, m) => ({ ...n, [String(m.updated_at)]: (n[String(m.updated_at)] ?? 0) + 1 }), {}));
    // Two timestamps in all: the batch's 18 survivors, and the 7 user mappings the ResetAll wrote again.
    expect(ties).toEqual([18, 7]);
    expect(history1.filter((m) => m.change === 'reset')).toHaveLength(7);

    // As a recipe gives them: a multiselect as one string, a number as text.
    const input = { ...creds, since, page_size: String(PAGE), entity_types: 'users,courses,course_enrollments' };
    const nodeFirst = await nodePolls(input);
    expect(nodeFirst.map((p) => [p.events.length, p.can_poll_more])).toEqual([[7, true], [7, true], [7, true], [4, false]]);
    const gemPoll = workatoExec('triggers.mapping_changes.poll', { settings, input });

    // Each mapping once, in updated_at order: its entity key and updated_at, as the query gives them.
    const delivered = nodeFirst.flatMap((p) => p.events);
    expect(delivered.map(key)).toEqual(history1.map(key));
    expect(new Set(delivered.map(key)).size).toBe(25);

    const polled = ok(await gemPoll) as Polled;
    expect([...polled.events].reverse()).toEqual(delivered);
    expect(polled.next_poll).toEqual(nodeFirst[nodeFirst.length - 1].next_poll);
    expect(polled.can_poll_more).toBe(false);

    // History 2: a new course (created), then UserDeleted of user 1: the user and its 8 enrollments, one updated_at.
    await run([matchCourse(20)]);
    await client.emit(USER_DELETED, { user_id: 1 });
    const closure = polled.next_poll;
    const deletedOnly = { ...creds, page_size: PAGE, changes: 'deleted' };
    const [gemPage, nodePage] = await Promise.all([
      workatoExec('triggers.mapping_changes.poll_page', { settings, input: deletedOnly, closure: { ...closure } }),
      node.poll(emulator.connection, deletedOnly, closure) as Promise<Polled>,
    ]);
    const page = ok(gemPage) as Polled;
    // The first 7 changes after the cursor: the course (filtered out) and 6 deletions; a backlog remains.
    expect({ ...page, events: [...page.events].reverse() }).toEqual(nodePage);
    expect(page.events.map((m) => [m.entity_type, m.change])).toEqual([...Array(5).fill(['course_enrollment', 'deleted']), ['user', 'deleted']]);
    expect(page.can_poll_more).toBe(true);
    expect(page.next_poll.after).toEqual(expect.any(String));
    expect(page.next_poll).not.toEqual(closure);

    // Node continues from the gem's closure: the rest of the cascade, nothing again.
    const rest = await nodePolls(deletedOnly, page.next_poll);
    const deletions = [...[...page.events].reverse(), ...rest.flatMap((p) => p.events)];
    expect(deletions.map((m) => [m.entity_type, m.user_id ?? m.internal_id, m.course_id])).toEqual(
      expect.arrayContaining([['user', 1, null], ...range(10, 8).map((c) => ['course_enrollment', 1, c])]),
    );
    expect(new Set(deletions.map(key)).size).toBe(9);
    expect(deletions).toHaveLength(9);

    // The dedup key of a user, an enrollment and an external side waiting for its user (no internal_id).
    const user = delivered.find((m) => m.entity_type === 'user' && m.internal_id === 3)!;
    const enrollment = deletions.find((m) => m.entity_type === 'course_enrollment' && m.course_id === 12)!;
    const waiting = delivered.find((m) => m.entity_type === 'user' && m.internal_id === null)!;
    expect(waiting.mapping_id).toBe('ann@example.com');
    const events = [user, enrollment, waiting];
    const gemKeys = await Promise.all(events.map((event) => workatoExec('triggers.mapping_changes.dedup', { settings, input: event })));
    expect(gemKeys.map(ok)).toEqual(events.map(key));
    expect(events.map((e) => node.dedup(e))).toEqual(events.map(key));
    expect(events.map(key)).toEqual([`user:3:@${user.updated_at}`, `course_enrollment:1:12@${enrollment.updated_at}`, `user::ann@example.com@${waiting.updated_at}`]);

    for (const r of [await gemPoll, gemPage, ...gemKeys]) expect(rubyFailures(r.transcript.text)).toEqual([]);
  }, 180_000);

  it('fails a wrong PSK at once with the service’s code, in the words of the actions, and no token refresh', async () => {
    const client = createClient(emulator.connection);
    const created = await client.createIntegration({ name: 'TRIGGER-PSK' });
    psks.push(created.psk);
    const proxy = await recordingProxy(emulator.url);
    try {
      const WRONG = 'wrong-psk-value-4417';
      const input = { integration_uuid: created.uuid, integration_psk: WRONG, since: '2026-01-01T00:00:00+01:00' };
      const result: ExecResult = await workatoExec('triggers.mapping_changes.poll_page', { settings: { ...settings, domain: proxy.url }, input });
      const message = failure(result);
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^POST integrations\/\{integration_uuid\}\/entities\/query failed with 401 invalid_integration_credentials: /);
      expect(result.transcript.refreshes).toBe(0);
      expect(result.transcript.text).not.toContain(WRONG);
      expect(rubyFailures(result.transcript.text)).toEqual([]);
      // One request: no token request, no retry.
      expect(proxy.received.map((r) => [r.method, r.url.endsWith('/entities/query'), r.status])).toEqual([['POST', true, 401]]);
      // The Node runtime fails with the service's code too.
      await expect(node.poll(emulator.connection, input)).rejects.toMatchObject({ status: 401, code: 'invalid_integration_credentials' });
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('fails, rather than deliver the same page again and again, when the service answers without next_cursor, as Node does', async () => {
    const server = await startScriptedServer();
    try {
      const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
      const item = { entity_type: 'course', internal_id: 1, updated_at: '2026-01-01T00:00:00.000Z', change: 'created' };
      server.script('POST /oauth2/token', TOKEN_ANSWER);
      server.script(`POST /external-ids/v1/integrations/${UUID}/entities/query`, {
        status: 200,
        body: { data: { items: [item], current_page: 1, page_size: 1000, total_count: 1, total_page_count: 1, has_more_data: false } },
      });
      const input = { integration_uuid: UUID, integration_psk: 'scripted-psk' };
      const result = await workatoExec('triggers.mapping_changes.poll_page', { settings: { domain: server.url, client_id: 'cid', client_secret: 'cs', access_token: 'tok' }, input });
      const nodeFailure = await node.poll({ domain: server.url, client_id: 'cid', client_secret: 'cs' }, input).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(nodeFailure).toMatch(/without next_cursor/);
      expect(failure(result)).toBe(nodeFailure);
      expect(rubyFailures(result.transcript.text)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('printed no secret on stdout or stderr of any exec', () => {
    expect(secretsPrinted([SECRET, ...psks, ...tokens])).toEqual([]);
  });
});
