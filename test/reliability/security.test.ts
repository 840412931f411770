/**
 * Security: integrations cannot reach each other's mappings, PSKs are compared in constant time,
 * and no secret shows up in anything the connector prints or throws during a whole run.
 */
import crypto from 'node:crypto';
import { createClient } from '../../src/runtime/client';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
beforeAll(async () => {
  emulator = await liveEmulator();
});
afterAll(() => emulator.close());

describe('an integration', () => {
  it('cannot read or change another integration’s mappings', async () => {
    const client = createClient(emulator.connection);
    const a = await client.createIntegration({ name: 'A' });
    const b = await client.createIntegration({ name: 'B' });
    const asA = client.integration({ uuid: a.uuid, psk: a.psk });
    const asB = client.integration({ uuid: b.uuid, psk: b.psk });
    await asA.runCommands([{ name: 'MatchCourseCommand', external_id: 'A-1', internal_id: 1 }], { wait_for_processing: true });

    // B's PSK does not open A, for reading or for writing.
    const intruder = client.integration({ uuid: a.uuid, psk: b.psk });
    await expect(intruder.query()).rejects.toMatchObject({ status: 401, code: 'invalid_integration_credentials' });
    await expect(intruder.runCommands([{ name: 'ResetAllCoursesMatchCommand' }])).rejects.toMatchObject({ status: 401 });
    await expect(intruder.update({ status: 'inactive' })).rejects.toMatchObject({ status: 401 });

    // B's own commands and queries never touch A's mappings.
    await asB.runCommands([{ name: 'ResetAllCoursesMatchCommand' }, { name: 'MatchCourseCommand', external_id: 'A-1', internal_id: 2 }], { wait_for_processing: true });
    expect((await asB.query()).items.map((m) => [m.internal_id, m.external_id])).toEqual([[2, 'A-1']]);
    expect((await asA.query()).items.map((m) => [m.internal_id, m.external_id])).toEqual([[1, 'A-1']]);
  });
});

describe('PSKs', () => {
  it('are compared in constant time, for a right and a wrong one alike', async () => {
    const client = createClient(emulator.connection);
    const created = await client.createIntegration({ name: 'TIMING' });
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      await client.integration({ uuid: created.uuid, psk: created.psk }).query();
      await client.integration({ uuid: created.uuid, psk: `${created.psk}x` }).query().catch(() => undefined);
      await client.integration({ uuid: created.uuid, psk: 'short' }).query().catch(() => undefined);
      // Each check compares equal-length digests, whatever the length of the PSK given.
      expect(compare.mock.calls.length).toBeGreaterThanOrEqual(3);
      for (const [x, y] of compare.mock.calls) expect((x as Buffer).length).toBe((y as Buffer).length);
    } finally {
      compare.mockRestore();
    }
  });
});

describe('no secret', () => {
  it('appears in anything printed or thrown during a run, errors included', async () => {
    const printed: string[] = [];
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation((c) => (printed.push(String(c)), true)),
      jest.spyOn(process.stderr, 'write').mockImplementation((c) => (printed.push(String(c)), true)),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => jest.spyOn(console, level).mockImplementation((...args) => void printed.push(args.map(String).join(' ')))),
    ];
    const thrown: unknown[] = [];
    let psk = '';
    try {
      const client = createClient(emulator.connection, { onRetry: (r) => printed.push(JSON.stringify(r)) });
      const created = await client.createIntegration({ name: 'SECRETS' });
      psk = created.psk;
      const integration = client.integration({ uuid: created.uuid, psk });
      await integration.runLooseCommands([{ name: 'MatchCourseCommand', external_id: 'C', internal_id: 1 }, { name: 'Bad' }], { wait_for_processing: true });
      await integration.query({ page_size: 5000 } as never).catch((e) => thrown.push(e));
      await client.integration({ uuid: created.uuid, psk: `${psk}-wrong` }).query().catch((e) => thrown.push(e));
      await createClient({ ...emulator.connection, client_secret: 'wrong-secret-value' }).health().catch((e) => thrown.push(e));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(thrown).toHaveLength(3);
    const text = printed.join('\n') + thrown.map((e) => JSON.stringify({ m: (e as Error).message, d: (e as { details?: unknown }).details, s: (e as Error).stack })).join('\n');
    for (const secret of [psk, `${psk}-wrong`, 'extids-local-secret', 'wrong-secret-value']) expect(text).not.toContain(secret);
  });
});
