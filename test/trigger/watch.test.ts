/**
 * integration.watchMappings against a real emulator: it notices a change within one interval,
 * drains a backlog at once, ends promptly on abort (during a wait or a poll), and resumes from a
 * closure without repeating anything.
 */
import { mappingChangesTrigger } from '../../connector/triggers';
import { ApiError } from '../../src/errors';
import type { PollResult } from '../../src/sdk/define';
import { createClient, type IntegrationClient } from '../../src/runtime/client';
import { dedupKey } from '../../src/runtime/trigger';
import type { MappingChangesEvent } from '../../src/types/generated';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
beforeAll(async () => {
  emulator = await liveEmulator();
});
afterAll(() => emulator.close());

const matchCourse = (id: number) => ({ name: 'MatchCourseCommand', internal_id: id, external_id: `C-${id}` });

const newIntegration = async (): Promise<IntegrationClient> => {
  const client = createClient(emulator.connection);
  const created = await client.createIntegration({ name: `W-${Math.random().toString(36).slice(2, 8)}` });
  return client.integration({ uuid: created.uuid, psk: created.psk });
};

const run = async (integration: IntegrationClient, ids: number[]) => {
  const result = await integration.runLooseCommands(ids.map(matchCourse), { wait_for_processing: true });
  expect(result.processed).toBe(ids.length);
};

/** Resolves when `condition` holds, checked every few ms (at most 5 s). */
const until = async (condition: () => boolean): Promise<void> => {
  const end = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Iterates a watch in the background, keeping its events and each poll's result. */
const collect = (events: AsyncGenerator<MappingChangesEvent, void, undefined>) => {
  const seen: { event: MappingChangesEvent; at: number }[] = [];
  const done = (async () => {
    for await (const event of events) seen.push({ event, at: Date.now() });
  })();
  return { seen, done };
};

const ids = (seen: { event: MappingChangesEvent }[]) => seen.map((s) => s.event.internal_id);

describe('watchMappings', () => {
  it('yields a change made after it started within one interval', async () => {
    const integration = await newIntegration();
    const stop = new AbortController();
    const polls: PollResult<MappingChangesEvent>[] = [];
    const INTERVAL = 400;
    const watch = collect(integration.watchMappings({ since: new Date().toISOString(), intervalMs: INTERVAL, signal: stop.signal, onPoll: (r) => polls.push(r) }));
    await until(() => polls.length === 1);
    await run(integration, [1]);
    // Applied: the next poll, at most one interval away, brings it.
    const appliedAt = Date.now();
    await until(() => watch.seen.length === 1);
    expect(watch.seen[0].at - appliedAt).toBeLessThan(INTERVAL + 400);
    expect(watch.seen[0].event).toMatchObject({ entity_type: 'course', internal_id: 1, external_id: 'C-1', change: 'created' });
    stop.abort();
    await watch.done;
  });

  it('drains a backlog at once, poll after poll, before it waits', async () => {
    const integration = await newIntegration();
    const since = new Date().toISOString();
    await run(integration, Array.from({ length: 12 }, (_, i) => i + 1));
    const stop = new AbortController();
    const polls: PollResult<MappingChangesEvent>[] = [];
    const started = Date.now();
    const watch = collect(integration.watchMappings({ since, page_size: 5, intervalMs: 60_000, signal: stop.signal, onPoll: (r) => polls.push(r) }));
    await until(() => polls.length === 3);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(polls.map((p) => [p.events.length, p.can_poll_more])).toEqual([
      [5, true],
      [5, true],
      [2, false],
    ]);
    expect(ids(watch.seen)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    stop.abort();
    await watch.done;
  });

  it('stops promptly on abort while it waits between polls, without throwing', async () => {
    const integration = await newIntegration();
    const stop = new AbortController();
    let polls = 0;
    const watch = collect(integration.watchMappings({ intervalMs: 60_000, signal: stop.signal, onPoll: () => polls++ }));
    await until(() => polls === 1);
    const abortedAt = Date.now();
    stop.abort();
    await watch.done;
    expect(Date.now() - abortedAt).toBeLessThan(250);
    expect(polls).toBe(1);
  });

  it('stops at once on abort during a poll, and polls not at all when aborted before it starts', async () => {
    const client = createClient(emulator.connection);
    const created = await client.createIntegration({ name: 'W-ABORT' });
    const integration = client.integration({ uuid: created.uuid, psk: created.psk });
    const stop = new AbortController();
    let polls = 0;
    const events = integration.watchMappings({ signal: stop.signal, onPoll: () => polls++ });
    const next = events.next();
    stop.abort();
    await expect(next).resolves.toEqual({ done: true, value: undefined });
    expect(polls).toBe(0);

    const requests = client.session.stats.requests;
    await expect(integration.watchMappings({ signal: AbortSignal.abort() }).next()).resolves.toEqual({ done: true, value: undefined });
    expect(client.session.stats.requests).toBe(requests);
  });

  it('resumes from the closure of its last poll without repeating or missing a change', async () => {
    const integration = await newIntegration();
    const since = new Date().toISOString();
    await run(integration, [1, 2, 3]);
    let closure: PollResult['next_poll'] | undefined;
    const first = new AbortController();
    const a = collect(integration.watchMappings({ since, intervalMs: 60_000, signal: first.signal, onPoll: (r) => (closure = r.next_poll) }));
    await until(() => closure !== undefined);
    first.abort();
    await a.done;
    expect(ids(a.seen)).toEqual([1, 2, 3]);

    // Changed while no one watched: a new course, and an old one matched anew.
    await run(integration, [4]);
    await integration.runCommands([{ name: 'MatchCourseCommand', internal_id: 2, external_id: 'C-2-new' }], { wait_for_processing: true });
    const second = new AbortController();
    let polled = false;
    const b = collect(integration.watchMappings({ since, closure, intervalMs: 60_000, signal: second.signal, onPoll: () => (polled = true) }));
    await until(() => polled);
    second.abort();
    await b.done;
    expect(b.seen.map((s) => [s.event.internal_id, s.event.change])).toEqual([
      [4, 'created'],
      [2, 'matched'],
    ]);
    const all = [...a.seen, ...b.seen].map((s) => dedupKey(mappingChangesTrigger, s.event));
    expect(new Set(all).size).toBe(5);
  });

  it('ends with the error of a poll', async () => {
    const client = createClient(emulator.connection);
    const created = await client.createIntegration({ name: 'W-ERR' });
    const wrong = client.integration({ uuid: created.uuid, psk: `${created.psk}-not-it` });
    const error = await wrong.watchMappings({ intervalMs: 10 }).next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).not.toContain(created.psk);
  });
});
