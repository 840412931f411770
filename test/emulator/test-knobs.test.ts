import { resolveOptions } from '../../src/emulator/options';
import { Harness, matchUser, sleep, tempDir } from './harness';
import { rmSync } from 'node:fs';

describe('applyDelayMs', () => {
  it('leaves each batch queued at least that long after it was accepted, then applies it', async () => {
    const h = await Harness.start({ applyDelayMs: 400 });
    try {
      const i = await h.createIntegration({ name: 'SLOW' });
      const accepted = Date.now();
      const r = await h.send(i, [matchUser(1, 'A'), matchUser(2, 'B')]);
      expect(r.status).toBe(202);
      await sleep(150);
      expect(await h.batch(i, r.body.data.batch_id)).toMatchObject({ status: 'queued', queued: 2, processed: 0 });
      await h.idle();
      expect(Date.now() - accepted).toBeGreaterThanOrEqual(400);
      expect(await h.batch(i, r.body.data.batch_id)).toMatchObject({ status: 'completed', processed: 2 });
    } finally {
      await h.close();
    }
  });

  it('loses no delayed batch when stopped with it queued: a restart applies it, once', async () => {
    const dir = tempDir();
    try {
      const first = await Harness.start({ applyDelayMs: 60_000 }, {}, dir);
      const i = await first.createIntegration({ name: 'RESTART' });
      const r = await first.send(i, [matchUser(1, 'A')]);
      await first.server.close();
      // Started again without the delay, the emulator applies what it had accepted, once.
      const again = await Harness.start({}, {}, dir);
      try {
        await again.idle();
        expect(await again.batch(i, r.body.data.batch_id)).toMatchObject({ status: 'completed', processed: 1 });
        expect((await again.mappings(i)).map((m) => m.external_id)).toEqual(['A']);
      } finally {
        await again.server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is a whole number of milliseconds', () => {
    expect(() => resolveOptions({ applyDelayMs: -1 })).toThrow('applyDelayMs must be a whole number of milliseconds, at least 0');
  });
});

describe('faultKinds', () => {
  it('draws only the faults chosen: 503s, before and after handling, never a dropped connection', async () => {
    const h = await Harness.start({ faultRate: 1, faultKinds: ['unavailable', 'unavailable_after'] }, { random: Math.random });
    try {
      const statuses = [];
      for (let n = 0; n < 60; n++) statuses.push((await h.call('GET', '/health', { token: 'whatever' })).status);
      expect(new Set(statuses)).toEqual(new Set([503]));
    } finally {
      await h.close();
    }
  });

  it('refuses a kind that does not exist, or none', () => {
    expect(() => resolveOptions({ faultKinds: [] })).toThrow('faultKinds must list some of unavailable, drop, unavailable_after, drop_after');
    expect(() => resolveOptions({ faultKinds: ['none'] })).toThrow('faultKinds must list some of');
  });
});
