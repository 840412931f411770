import { createClient } from '../../src/runtime/client';
import { acceptedBatches } from '../support/database';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
beforeAll(async () => {
  // A fifth of all requests fail, and at most 10 a second are admitted (a short window, so that the
  // test waits seconds, not minutes, for the Retry-After it is told).
  emulator = await liveEmulator({ faultRate: 0.2, rateLimit: 10, rateWindowSeconds: 1 });
});
afterAll(() => emulator.close());

describe('against an emulator that fails a fifth of all requests and limits the rate', () => {
  it('applies every command exactly once: retried chunks are never queued twice', async () => {
    const retries: string[] = [];
    // More retries than the default three, so that the test does not depend on luck; the point is idempotency.
    const client = createClient(emulator.connection, { retry: { maxRetries: 10, baseDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 2000 }, onRetry: (r) => retries.push(r.reason) });
    // Create integration is never retried by the runtime; a test may try again by hand.
    let created: Awaited<ReturnType<typeof client.createIntegration>> | undefined;
    for (let attempt = 0; !created && attempt < 20; attempt++) created = await client.createIntegration({ name: 'FAULTS' }).catch(() => undefined);
    if (!created) throw new Error('could not create an integration in 20 attempts');
    const integration = client.integration({ uuid: created.uuid, psk: created.psk });
    const commands = Array.from({ length: 20_000 }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `C-${i}`, internal_id: i + 1 }));
    const result = await integration.runLooseCommands(commands, { wait_for_processing: true, pollIntervalMs: 5 });
    expect(result).toMatchObject({ total: 20_000, accepted: 20_000, processed: 20_000, failed: 0, items_omitted: 19_000 });
    const statuses = await Promise.all(result.batch_ids.map((id) => integration.batchStatus(id)));
    // Each command got a command id of its own (the output lists only the first 1000 of them).
    expect(new Set(statuses.flatMap((s) => s.items.map((i) => i.command_id))).size).toBe(20_000);
    // Every batch the service holds counts each command once: no chunk was queued twice.
    expect(statuses.reduce((n, s) => n + s.total, 0)).toBe(20_000);
    // What the service itself holds: every command it accepted for the integration, once.
    expect(acceptedBatches(emulator.dataDir, created.uuid).commands).toBe(20_000);
    let mappings = 0;
    for await (const _ of integration.queryAll({ page_size: 1000 })) mappings++;
    expect(mappings).toBe(20_000);
    // Over some fifty requests, faults did happen, and the client reported its retries.
    expect(retries.some((r) => r.startsWith('503'))).toBe(true);
    expect(retries.some((r) => r.startsWith('429'))).toBe(true);
    expect(client.session.stats.retries).toBe(retries.length);
  }, 90_000);
});
