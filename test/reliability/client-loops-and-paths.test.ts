/**
 * Paging that does not advance stops with `unexpected_response` instead of looping forever, and
 * nothing a caller or a server gives can steer a request (with the PSK) to another path of the
 * origin (issue 13, item 15).
 */
import { ApiError, ValidationError } from '../../src/errors';
import { createClient } from '../../src/runtime/client';
import { fillPath } from '../../src/runtime/request';
import { json, startRawServer, type RawServer } from '../support/raw-server';
import { mapping, page, pageAsked } from '../support/query-pages';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
const PSK = 'psk-super-secret-value-0123456789abcdef';
const BASE = `/external-ids/v1/integrations/${UUID}`;
const QUERY = `POST ${BASE}/entities/query`;
/** The most items a test lets a runaway iteration yield before it calls it a loop. */
const RUNAWAY = 50;

let server: RawServer;
beforeEach(async () => (server = await startRawServer()));
afterEach(() => server.close());

const client = () => createClient(server.connection, { timeoutMs: 5000, retry: { maxRetries: 0 } });

/** Iterates at most RUNAWAY items; the error it ended with, or 'runaway' when it did not end. */
const drain = async (items: AsyncIterable<unknown>): Promise<{ seen: number; error: unknown }> => {
  let seen = 0;
  try {
    for await (const _ of items) if (++seen >= RUNAWAY) return { seen, error: 'runaway' };
  } catch (error) {
    return { seen, error };
  }
  return { seen, error: undefined };
};

describe('queryAll', () => {
  it('stops with unexpected_response when a page says more data follows but brings no items', async () => {
    server.route(QUERY, ({ res, request }) => {
      const asked = pageAsked(request.body);
      json(res, 200, { data: page(asked, asked === 1 ? [mapping(1), mapping(2)] : [], true) });
    });
    const { seen, error } = await drain(client().integration({ uuid: UUID, psk: PSK }).queryAll({ page_size: 2 }));
    expect(seen).toBe(2);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((error as ApiError).message).toBe(
      'POST /integrations/{integration_uuid}/entities/query answered 200 with an unexpected body: page 2 has no items, yet has_more_data says more follow',
    );
  });

  it('stops with unexpected_response when the server answers another page than the one asked for', async () => {
    // A server that ignores `page`: page 1 again and again, has_more_data forever.
    server.route(QUERY, ({ res }) => json(res, 200, { data: page(1, [mapping(1), mapping(2)], true) }));
    const { seen, error } = await drain(client().integration({ uuid: UUID, psk: PSK }).queryAll({ page_size: 2 }));
    expect(seen).toBe(2);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((error as ApiError).message).toMatch(/asked for page 2, got page 1$/);
  });

  it('stops with unexpected_response when a page repeats the items of the one before', async () => {
    // The page number echoed, the items not advancing.
    server.route(QUERY, ({ res, request }) => json(res, 200, { data: page(pageAsked(request.body), [mapping(1), mapping(2)], true) }));
    const { seen, error } = await drain(client().integration({ uuid: UUID, psk: PSK }).queryAll({ page_size: 2 }));
    expect(seen).toBe(2);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((error as ApiError).message).toMatch(/page 2 repeats the items of page 1$/);
  });

  it('stops with unexpected_response when a server alternates two pages, each saying more data follows', async () => {
    // Page numbers echoed, each page unlike the one before, yet pages 1, 2, 1, 2, … forever.
    server.route(QUERY, ({ res, request }) => {
      const asked = pageAsked(request.body);
      json(res, 200, { data: page(asked, asked % 2 ? [mapping(1), mapping(2)] : [mapping(3), mapping(4)], true, { total_count: 1000, total_page_count: 500 }) });
    });
    const { seen, error } = await drain(client().integration({ uuid: UUID, psk: PSK }).queryAll({ page_size: 2 }));
    expect(seen).toBe(4);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((error as ApiError).message).toMatch(/page 3 repeats the items of page 1$/);
  });

  it('stops with unexpected_response when a server answers page 2 again for every later page', async () => {
    server.route(QUERY, ({ res, request }) => {
      const asked = pageAsked(request.body);
      json(res, 200, { data: page(asked, asked === 1 ? [mapping(1), mapping(2)] : [mapping(3), mapping(4)], true, { total_count: 1000, total_page_count: 500 }) });
    });
    const { seen, error } = await drain(client().integration({ uuid: UUID, psk: PSK }).queryAll({ page_size: 2 }));
    expect(seen).toBe(4);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((error as ApiError).message).toMatch(/page 3 repeats the items of page 2$/);
  });

  it('stops with unexpected_response when the last page by total_page_count still says more data follows', async () => {
    // Fresh items on every page, forever: only the totals the server gives show it cannot be so.
    server.route(QUERY, ({ res, request }) => {
      const asked = pageAsked(request.body);
      json(res, 200, { data: page(asked, [mapping(2 * asked - 1), mapping(2 * asked)], true) });
    });
    const { seen, error } = await drain(client().integration({ uuid: UUID, psk: PSK }).queryAll({ page_size: 2 }));
    expect(seen).toBe(8);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((error as ApiError).message).toMatch(/page 5 of total_page_count 5, yet has_more_data says more follow$/);
  });

  it('stops with unexpected_response when total_count items are reached and the page still says more data follows', async () => {
    server.route(QUERY, ({ res, request }) => {
      const asked = pageAsked(request.body);
      json(res, 200, { data: page(asked, [mapping(2 * asked - 1), mapping(2 * asked)], true, { total_count: 6, total_page_count: undefined }) });
    });
    const { seen, error } = await drain(client().integration({ uuid: UUID, psk: PSK }).queryAll({ page_size: 2 }));
    expect(seen).toBe(4);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((error as ApiError).message).toMatch(/page 3 of 2 items each reaches total_count 6, yet has_more_data says more follow$/);
  });

  it('follows a page asked beyond the last that says no more data follows, without an error', async () => {
    server.route(QUERY, ({ res, request }) => json(res, 200, { data: page(pageAsked(request.body), [], false) }));
    expect(await drain(client().integration({ uuid: UUID, psk: PSK }).queryAll({ page: 9, page_size: 2 } as never))).toEqual({ seen: 0, error: undefined });
  });

  it('follows pages that advance to the end', async () => {
    server.route(QUERY, ({ res, request }) => {
      const asked = pageAsked(request.body);
      json(res, 200, { data: page(asked, [mapping(2 * asked - 1), mapping(2 * asked)], asked < 3) });
    });
    expect(await drain(client().integration({ uuid: UUID, psk: PSK }).queryAll({ page_size: 2 }))).toEqual({ seen: 6, error: undefined });
  });
});

describe('watchMappings', () => {
  it('stops with unexpected_response when next_cursor does not advance while the service says more follow', async () => {
    server.route(QUERY, ({ res }) => json(res, 200, { data: page(1, [mapping(1)], true, { next_cursor: 'cursor-1' }) }));
    const stop = new AbortController();
    const { seen, error } = await drain(client().integration({ uuid: UUID, psk: PSK }).watchMappings({ signal: stop.signal, intervalMs: 10 }));
    stop.abort();
    expect(seen).toBeLessThan(RUNAWAY);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((error as ApiError).message).toMatch(/next_cursor is the cursor sent \(after\), yet has_more_data says more follow$/);
  });

  it('stops with unexpected_response when next_cursor cycles back to a cursor of the same backlog while the service says more follow', async () => {
    // cursor-1, cursor-2, cursor-1, …: each unlike the one sent, has_more_data forever.
    const after = (body: string) => (JSON.parse(body) as { after?: string }).after;
    server.route(QUERY, ({ res, request }) => {
      const next = after(request.body) === 'cursor-1' ? 'cursor-2' : 'cursor-1';
      json(res, 200, { data: page(1, [mapping(next === 'cursor-1' ? 1 : 2)], true, { next_cursor: next }) });
    });
    const stop = new AbortController();
    const { seen, error } = await drain(client().integration({ uuid: UUID, psk: PSK }).watchMappings({ signal: stop.signal, intervalMs: 60_000 }));
    stop.abort();
    expect(seen).toBe(2);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((error as ApiError).message).toMatch(/next_cursor is a cursor given earlier in this backlog, yet has_more_data says more follow$/);
  });

  it('follows a backlog whose cursors advance, then waits between polls', async () => {
    const after = (body: string) => Number(((JSON.parse(body) as { after?: string }).after ?? 'cursor-0').slice('cursor-'.length));
    server.route(QUERY, ({ res, request }) => {
      const n = after(request.body) + 1;
      json(res, 200, { data: page(1, n <= 3 ? [mapping(n)] : [], n < 3, { next_cursor: n <= 3 ? `cursor-${n}` : null }) });
    });
    const stop = new AbortController();
    const events: unknown[] = [];
    for await (const event of client().integration({ uuid: UUID, psk: PSK }).watchMappings({ signal: stop.signal, intervalMs: 60_000, onPoll: (r) => r.can_poll_more || stop.abort() })) events.push(event);
    expect(events).toHaveLength(3);
  });
});

describe('paths', () => {
  it.each(['..', '.', '../../health', 'a/b', '', 'b-1?x=1', 'b%2F..', ' b-1'])('batchStatus refuses %j as a batch id, sending nothing', async (id) => {
    const error = await client().integration({ uuid: UUID, psk: PSK }).batchStatus(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([{ path: 'batch_id', message: expect.stringMatching(/^batch_id must be a batch id/) }]);
    expect(server.received).toEqual([]);
  });

  it('batchStatus refuses an integration uuid that is not a UUID, sending nothing', async () => {
    const error = await client().integration({ uuid: '../..', psk: PSK }).batchStatus('b-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([{ path: 'integration_uuid', message: expect.stringMatching(/^integration_uuid must be a UUID/) }]);
    expect(server.received).toEqual([]);
  });

  it('refuses a batch id from the service that is not one, instead of following it', async () => {
    const accepted = { batch_id: '..', status: 'queued', accepted: 1, rejected: 0, ignored: 0, items: [{ index: 0, name: 'MatchCourseCommand', status: 'queued', command_id: 'c' }] };
    server.route(`POST ${BASE}/commands`, ({ res }) => json(res, 202, { data: accepted }));
    const run = client().integration({ uuid: UUID, psk: PSK }).runCommands([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 }], { wait_for_processing: true, pollIntervalMs: 1 });
    await expect(run).rejects.toMatchObject({ status: 202, code: 'unexpected_response', message: expect.stringMatching(/data\.batch_id must be a batch id/) });
    expect(server.received.filter((r) => r.method === 'GET')).toEqual([]);
  });

  it('never fills a path placeholder with a dot segment, which the URL would resolve to another path', () => {
    for (const value of ['.', '..', '']) {
      expect(() => fillPath('/integrations/{integration_uuid}/batches', { integration_uuid: value })).toThrow(ValidationError);
    }
    expect(fillPath('/a/{x}/b', { x: 'a/b?c#d' })).toBe('/a/a%2Fb%3Fc%23d/b');
  });
});
