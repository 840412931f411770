/**
 * Bad input never breaks the service or the validators: never a 5xx, never a crash, every
 * rejection names a path, nothing already accepted is lost, and no prototype is polluted.
 */
import http from 'node:http';
import fc from 'fast-check';
import { validateCommands } from '../../src/validate';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
let token: string;
let uuid: string;
let psk: string;

interface Answer {
  status: number;
  body: { error?: { code: string; message: string; details?: { path: string; message: string }[] }; data?: Record<string, unknown> };
}

/** A raw request: bytes as given, so that malformed bodies reach the service as they are. */
const send = (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const url = new URL(emulator.url + path);
    const req = http.request(
      { method, host: url.hostname, port: url.port, path: url.pathname, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(psk ? { 'x-integration-psk': psk } : {}), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });

const commandsPath = () => `/external-ids/v1/integrations/${uuid}/commands`;
const queryPath = () => `/external-ids/v1/integrations/${uuid}/entities/query`;

beforeAll(async () => {
  emulator = await liveEmulator();
  const tokenAnswer = await fetch(`${emulator.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret' }),
  });
  token = ((await tokenAnswer.json()) as { access_token: string }).access_token;
  const created = await send('POST', '/external-ids/v1/integrations', JSON.stringify({ name: 'FUZZ' }));
  uuid = created.body.data!.uuid as string;
  psk = created.body.data!.psk as string;
});
afterAll(() => emulator.close());

const expectNamedRejection = (answer: Answer) => {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(answer.body.error?.code).toBeTruthy();
};

describe('the service, given bad bodies', () => {
  it('answers malformed JSON with 400 invalid_request', async () => {
    const answer = await send('POST', commandsPath(), '{"commands": [');
    expect(answer.status).toBe(400);
    expect(answer.body.error!.code).toBe('invalid_request');
  });

  it('answers a wrong content type with a 4xx, not a 5xx', async () => {
    expectNamedRejection(await send('POST', commandsPath(), 'commands=1', { 'content-type': 'application/x-www-form-urlencoded' }));
    expectNamedRejection(await send('POST', commandsPath(), '<commands/>', { 'content-type': 'text/xml' }));
  });

  it('answers a body over 5 MiB and more than 1000 commands with 413', async () => {
    const huge = JSON.stringify({ commands: [{ name: 'MatchCourseCommand', external_id: 'x'.repeat(6 * 1024 * 1024), internal_id: 1 }] });
    expect((await send('POST', commandsPath(), huge)).status).toBe(413);
    const many = JSON.stringify({ commands: Array.from({ length: 1001 }, (_, i) => ({ name: 'ResetCourseMatchCommand', internal_id: i + 1 })) });
    expect((await send('POST', commandsPath(), many)).body.error!.code).toBe('payload_too_large');
  });

  it('rejects metadata 9 levels deep or over 16 KiB per item, still queueing the valid ones', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 9; i++) deep = { d: deep };
    const answer = await send(
      'POST',
      commandsPath(),
      JSON.stringify({
        commands: [
          { name: 'MatchCourseCommand', external_id: 'D', internal_id: 1, metadata: deep },
          { name: 'MatchCourseCommand', external_id: 'B', internal_id: 2, metadata: { big: 'x'.repeat(16 * 1024) } },
          { name: 'MatchCourseCommand', external_id: 'OK', internal_id: 3 },
        ],
      }),
    );
    expect(answer.status).toBe(202);
    const items = answer.body.data!.items as { status: string; errors?: { field: string; message: string }[] }[];
    expect(items.map((i) => i.status)).toEqual(['rejected', 'rejected', 'queued']);
    expect(items[0].errors![0].message).toContain('nested deeper than 8 levels');
    expect(items[1].errors![0].message).toMatch(/bytes serialized, more than the 16384 allowed/);
  });

  it('treats __proto__, constructor and prototype as plain keys, polluting nothing', async () => {
    const body = '{"commands":[{"name":"MatchCourseCommand","external_id":"P","internal_id":4,"metadata":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}},{"name":"MatchCourseCommand","__proto__":{"x":1},"external_id":"Q","internal_id":5}]}';
    const answer = await send('POST', commandsPath(), body);
    expect(answer.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).x).toBeUndefined();
  });

  it('answers huge strings, non-UTF-8 bytes and integers beyond 2^53 with 4xx or per-item rejections', async () => {
    const bytes = Buffer.concat([Buffer.from('{"commands":[{"name":"MatchCourseCommand","external_id":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","internal_id":1}]}')]);
    expect(await send('POST', commandsPath(), bytes)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: 'the request body is not UTF-8' } } });
    const big = await send('POST', commandsPath(), '{"commands":[{"name":"MatchCourseCommand","external_id":"N","internal_id":9007199254740993}]}');
    expect(big.status).toBeLessThan(500);
    if (big.status === 202) expect((big.body.data!.items as { status: string }[])[0].status).toBe('rejected');
    const long = await send('POST', commandsPath(), JSON.stringify({ commands: [{ name: 'M'.repeat(100_000) }] }));
    expect(long.status).toBe(202);
  });

  it('never answers 5xx to fuzzed commands, and names a path in every rejection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.anything(), fc.record({ name: fc.constantFrom('MatchUserCommand', 'MapUserCommand', 'ResetCourseMatchCommand'), internal_id: fc.anything(), metadata: fc.anything() })), { minLength: 1, maxLength: 5 }), async (commands) => {
        const text = JSON.stringify({ commands });
        if (text === undefined) return;
        const answer = await send('POST', commandsPath(), text);
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 202) {
          for (const item of answer.body.data!.items as { status: string; errors?: { field: string | null; message: string }[] }[]) {
            if (item.status === 'rejected') expect(item.errors!.length).toBeGreaterThan(0);
          }
        } else expect(answer.body.error!.code).toBeTruthy();
      }),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx to fuzzed queries, and names the path of every problem', async () => {
    const queryField = fc.constantFrom('entities', 'metadata_filters', 'created_at_from', 'touched_at_to', 'sort_by', 'sort_direction', 'page', 'page_size', 'bogus');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(queryField, fc.anything()), async (request) => {
        const text = JSON.stringify(request);
        const answer = await send('POST', queryPath(), text);
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 400) {
          expect(answer.body.error!.code).toBe('invalid_request');
          for (const d of answer.body.error!.details ?? []) expect(d.path).toBeTruthy();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('still serves and keeps what it accepted after all of that', async () => {
    const answer = await send('POST', queryPath(), JSON.stringify({ entities: { courses: { course_ids: [3] } } }));
    expect(answer.status).toBe(200);
    await emulator.idle();
    const again = await send('POST', queryPath(), JSON.stringify({ entities: { courses: { course_ids: [3] } } }));
    expect((again.body.data!.items as { external_id: string }[]).map((m) => m.external_id)).toEqual(['OK']);
  });
});

describe('the validators, given anything', () => {
  it('never throw, and every rejection names a field or the command', () => {
    fc.assert(
      fc.property(fc.array(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true }), { maxLength: 6 }), (list) => {
        for (const check of validateCommands(list)) {
          if (check.valid) continue;
          expect(check.errors.length).toBeGreaterThan(0);
          for (const e of check.errors) expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
