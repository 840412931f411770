import { queryEntities, runCommands, updateIntegration } from '../../connector/actions';
import { ValidationError } from '../../src/errors';
import { resolveConnection } from '../../src/runtime/connection';
import { prepareInput } from '../../src/runtime/execute';
import { chunkIdempotencyKey } from '../../src/runtime/idempotency';
import { canonicalJson } from '../../src/values/canonical-json';
import { toUtcInstant } from '../../src/values/instant';
import { queryBody } from '../../src/runtime/query';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';

describe('instants', () => {
  it.each([
    ['2026-11-27T21:38:36Z', '2026-11-27T21:38:36.000Z'],
    ['2026-11-27T23:38:36.5+02:00', '2026-11-27T21:38:36.500Z'],
    ['2026-11-27T16:08:36.123-05:30', '2026-11-27T21:38:36.123Z'],
    ['2026-11-27T21:38:36.123000Z', '2026-11-27T21:38:36.123Z'],
    ['2026-11-27T21:38:36.1230001Z', '2026-11-27T21:38:36.124Z'],
    ['2026-11-27 21:38Z', '2026-11-27T21:38:00.000Z'],
  ])('%s is sent as %s', (given, sent) => expect(toUtcInstant(given)).toBe(sent));

  it.each(['2026-11-27', '2026-11-27T21:38:36', '2026-02-30T00:00:00Z', 'yesterday', 42])('%s is not an instant', (given) =>
    expect(toUtcInstant(given)).toBeUndefined(),
  );
});

describe('idempotency keys', () => {
  const chunk = [{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 }];
  const key = chunkIdempotencyKey(UUID, 'run-1', 0, chunk);

  it('are the same for a retried chunk of the same run, whatever the key order', () => {
    expect(chunkIdempotencyKey(UUID, 'run-1', 0, [{ internal_id: 1, external_id: 'C-1', name: 'MatchCourseCommand' }])).toBe(key);
    expect(key).toMatch(/^extids-[0-9a-f]{64}$/);
  });

  it('differ for another run, another chunk, other content or another integration', () => {
    expect(chunkIdempotencyKey(UUID, 'run-2', 0, chunk)).not.toBe(key);
    expect(chunkIdempotencyKey(UUID, 'run-1', 1, chunk)).not.toBe(key);
    expect(chunkIdempotencyKey(UUID, 'run-1', 0, [{ ...chunk[0], internal_id: 2 }])).not.toBe(key);
    expect(chunkIdempotencyKey('1b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19', 'run-1', 0, chunk)).not.toBe(key);
  });

  it('read content as canonical JSON', () => expect(canonicalJson({ b: [1, { d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":null,"d":1}]}'));
});

describe('action inputs as recipes give them', () => {
  it('take numbers and booleans as strings, a multiselect as one string, and instants in any offset', () => {
    const input = prepareInput(queryEntities, {
      integration_uuid: UUID,
      integration_psk: 'p',
      page: '2',
      page_size: '50',
      fetch_all_pages: 'true',
      entity_types: 'users, courses',
      created_at_from: '2026-11-27T23:00:00+02:00',
      sort_by: null,
    });
    expect(input).toEqual({
      integration_uuid: UUID,
      integration_psk: 'p',
      page: 2,
      page_size: 50,
      fetch_all_pages: true,
      entity_types: ['users', 'courses'],
      created_at_from: '2026-11-27T21:00:00.000Z',
    });
  });

  it('fold chosen entity types without ids into "all of that type"', () => {
    const input = prepareInput(queryEntities, {
      integration_uuid: UUID,
      integration_psk: 'p',
      entity_types: ['courses', 'course_enrollments', 'users'],
      entities: { users: { user_ids: [4] } },
    });
    expect(queryBody(queryEntities.request, input).entities).toEqual({ users: { user_ids: [4] }, courses: {}, course_enrollments: [] });
  });

  it('are refused with every problem named by its path', () => {
    let error: ValidationError | undefined;
    try {
      prepareInput(queryEntities, { integration_uuid: 'nope', page_size: 5000, sort_by: 'touched_at', created_at_to: 'soon', colour: 1 });
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.details.map((d) => d.path).sort()).toEqual(
      ['input.colour', 'input.created_at_to', 'input.integration_psk', 'input.integration_uuid', 'input.page_size', 'input.sort_by'].sort(),
    );
  });

  it('check events, storing the misspelled alias canonically and refusing duplicates', () => {
    const base = { integration_uuid: UUID, integration_psk: 'p', commands: [] };
    expect(() => prepareInput(runCommands, base)).not.toThrow();
    const input = prepareInput(updateIntegration, { integration_uuid: UUID, integration_psk: 'p', events: 'platfrom.events.orgchart.UserRemovedFromBranch' });
    expect(input.events).toEqual(['platform.events.orgchart.UserRemovedFromBranch']);
    expect(() =>
      prepareInput(updateIntegration, {
        integration_uuid: UUID,
        integration_psk: 'p',
        events: ['platfrom.events.orgchart.UserRemovedFromBranch', 'platform.events.orgchart.UserRemovedFromBranch'],
      }),
    ).toThrow('input.events[1]: platform.events.orgchart.UserRemovedFromBranch is already listed at input.events[0]');
  });
});

describe('connections', () => {
  it('take a host or a full URL as the domain', () => {
    expect(resolveConnection({ domain: 'acme.docebosaas.com', client_id: 'a', client_secret: 'b' })).toMatchObject({ origin: 'https://acme.docebosaas.com', basePath: '/external-ids/v1', authType: 'client_credentials' });
    expect(resolveConnection({ domain: 'http://127.0.0.1:4010/', client_id: 'a', client_secret: 'b', base_path: '/x/' })).toMatchObject({ origin: 'http://127.0.0.1:4010', basePath: '/x' });
  });

  it('name each missing or wrong field', () => {
    expect(() => resolveConnection({ domain: 'not a host', auth_type: 'password', client_id: 'a' })).toThrow(
      'invalid connection: missing required field connection.client_secret; missing required field connection.username; missing required field connection.password; connection.domain must be a host such as acme.docebosaas.com or a URL such as http://127.0.0.1:4010',
    );
  });
});
