import { createClient } from '../../src/runtime/client';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
beforeAll(async () => {
  emulator = await liveEmulator({ faultRate: 0.25 });
});
afterAll(() => emulator.close());

describe('against an emulator that fails a quarter of all requests', () => {
  it('applies every command exactly once: retried chunks are never queued twice', async () => {
    const retries: string[] = [];
    // More retries than the default three, so that the test does not depend on luck; the point is idempotency.
    const client = createClient(emulator.connection, { retry: { maxRetries: 10, baseDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 10 }, onRetry: (r) => retries.push(r.reason) });
    // Create integration is never retried by the runtime; a test may try again by hand.
    let created: Awaited<ReturnType<typeof client.createIntegration>> | undefined;
    for (let attempt = 0; !created && attempt < 20; attempt++) created = await client.createIntegration({ name: 'FAULTS' }).catch(() => undefined);
    if (!created) throw new Error('could not create an integration in 20 attempts');
    const integration = client.integration({ uuid: created.uuid, psk: created.psk });
    const commands = Array.from({ length: 3500 }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `C-${i}`, internal_id: i + 1 }));
    const result = await integration.runCommands(commands, { wait_for_processing: true, pollIntervalMs: 5 });
    expect(result).toMatchObject({ total: 3500, accepted: 3500, processed: 3500, failed: 0 });
    const statuses = await Promise.all(result.batch_ids.map((id) => integration.batchStatus(id)));
    expect(statuses.reduce((n, s) => n + s.total, 0)).toBe(3500);
    let mappings = 0;
    for await (const _ of integration.queryAll({ page_size: 100 })) mappings++;
    expect(mappings).toBe(3500);
    // Over some fifty requests, faults did happen, and the client reported its retries.
    expect(retries.length).toBeGreaterThan(0);
    expect(client.session.stats.retries).toBe(retries.length);
  });
});
