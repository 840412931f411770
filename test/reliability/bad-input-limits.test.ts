/**
 * Input that used to reach a 5xx (issue 13, items 2 and 5) is a 400 `invalid_request` naming the
 * path: too many metadata filters, a NUL in a filter key, a body nested too deep for hashing, and
 * lone UTF-16 surrogates anywhere in a stored string.
 */
import { Harness, matchUser, type Integration, type Reply } from '../emulator/harness';

let h: Harness;
let i: Integration;
beforeAll(async () => {
  h = await Harness.start();
  i = await h.createIntegration({ name: 'LIMITS' });
  await h.run(i, [matchUser(1, 'U1', { metadata: { dept: 'A' } })]);
});
afterAll(() => h.close());

const paths = (r: Reply): string[] => (r.body?.error?.details ?? []).map((d: { path: string }) => d.path);

const expectRefused = (r: Reply, path: string) => {
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('invalid_request');
  expect(paths(r)).toContain(path);
};

/** `{"a":{"a":…{"a":1}…}}`, `levels` objects deep. */
const nested = (levels: number): string => '{"a":'.repeat(levels - 1) + '{"a":1' + '}'.repeat(levels);

describe('metadata filters in a query', () => {
  it('accepts 100 filters', async () => {
    const filters = Array.from({ length: 100 }, () => ({ key: 'dept', operator: 'eq', value: 'A' }));
    const r = await h.query(i, { metadata_filters: filters });
    expect(r.status).toBe(200);
    expect(r.body.data.items).toHaveLength(1);
  });

  it('refuses 101 filters, and 995, with 400 naming metadata_filters', async () => {
    for (const n of [101, 995, 2000]) {
      const filters = Array.from({ length: n }, (_, k) => ({ key: `k${k}`, operator: 'eq', value: 1 }));
      expectRefused(await h.query(i, { metadata_filters: filters }), 'metadata_filters');
    }
  });

  it('refuses a filter key holding NUL with 400 naming metadata_filters[i].key', async () => {
    const r = await h.query(i, { metadata_filters: [{ key: 'dept', operator: 'eq', value: 'A' }, { key: 'de\u0000pt', operator: 'eq', value: 'A' }] });
    expectRefused(r, 'metadata_filters[1].key');
  });
});

describe('a body nested too deep', () => {
  const commands = (metadata: string) => `{"commands":[{"name":"MatchUserCommand","internal_id":2,"internal_uuid":"${matchUser(2, '').internal_uuid}","external_id":"U2","metadata":${metadata}}]}`;
  const send = (payload: string, key?: string) =>
    h.call('POST', `/integrations/${i.uuid}/commands`, { integration: i, raw: { payload, type: 'application/json' }, headers: key ? { 'idempotency-key': key } : {} });

  it('with an Idempotency-Key and 5,000 levels is refused with 400 naming the path, before hashing', async () => {
    const r = await send(commands(nested(5000)), 'deep-5000');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(paths(r)[0]).toMatch(/^commands\[0\]\.metadata(\.a)+$/);
  });

  it('is refused the same without an Idempotency-Key, and at 100,000 levels', async () => {
    expect((await send(commands(nested(5000)))).status).toBe(400);
    expect((await send(commands(nested(100_000)), 'deep-100000')).status).toBe(400);
    expect((await send('['.repeat(100_000) + ']'.repeat(100_000))).status).toBe(400);
  });

  it('still takes metadata 8 levels deep with an Idempotency-Key, twice with one answer', async () => {
    const first = await send(commands(nested(8)), 'deep-8');
    const again = await send(commands(nested(8)), 'deep-8');
    expect(first.status).toBe(202);
    expect(again.text).toBe(first.text);
  });
});

describe('lone UTF-16 surrogates', () => {
  const raw = (method: 'POST' | 'PATCH', url: string, payload: string, integration?: Integration) =>
    h.call(method, url, { integration, raw: { payload, type: 'application/json' } });

  it('are refused in an integration name and events, naming the path', async () => {
    expectRefused(await raw('POST', '/integrations', '{"name":"A\\ud800"}'), 'name');
    expectRefused(await raw('POST', '/integrations', '{"name":"A","events":["platform.events.course.CourseDeleted\\udc00"]}'), 'events[0]');
    expectRefused(await raw('PATCH', `/integrations/${i.uuid}`, '{"name":"\\udfffB"}', i), 'name');
  });

  it('are refused in command fields and in metadata keys and values at any depth, naming the path', async () => {
    const url = `/integrations/${i.uuid}/commands`;
    expectRefused(await raw('POST', url, '{"commands":[{"name":"MapUserCommand","mapping_id":"a@b.c","external_id":"X\\ud800"}]}', i), 'commands[0].external_id');
    expectRefused(await raw('POST', url, '{"commands":[{"name":"MapUserCommand","mapping_id":"\\ud800@b.c","external_id":"X"}]}', i), 'commands[0].mapping_id');
    expectRefused(await raw('POST', url, '{"commands":[{"name":"MapUserCommand","mapping_id":"a@b.c","external_id":"X","metadata":{"a":[1,{"b":"\\udbff"}]}}]}', i), 'commands[0].metadata.a[1].b');
    const key = await raw('POST', url, '{"commands":[{"name":"MapUserCommand","mapping_id":"a@b.c","external_id":"X","metadata":{"k\\ud800":1}}]}', i);
    expect(key.status).toBe(400);
    expect(paths(key)[0]).toMatch(/^commands\[0\]\.metadata\[/);
  });

  it('are refused in a query and in an event', async () => {
    expectRefused(await raw('POST', `/integrations/${i.uuid}/entities/query`, '{"metadata_filters":[{"key":"dept","operator":"eq","value":"\\ud800"}]}', i), 'metadata_filters[0].value');
    expectRefused(await raw('POST', '/events', '{"event":"platform.events.course.CourseDeleted\\ud800","payload":{"course_id":1}}'), 'event');
  });

  it('leave well-formed pairs alone: an emoji is stored and read back as sent', async () => {
    const r = await raw('POST', '/integrations', '{"name":"A \\ud83d\\ude00 B"}');
    expect(r.status).toBe(201);
    expect(r.body.data.name).toBe('A \u{1F600} B');
  });
});
