/** `startStudio` with a connection of its own (no embedded emulator), and what close() stops. */
import { createServer } from 'node:net';
import { startStudio } from '../../src/studio';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { studioHttp } from './http';

let service: LiveEmulator;
beforeAll(async () => {
  service = await liveEmulator();
});
afterAll(() => service?.close());

/** Whether something listens at `url`. */
const answers = (url: string): Promise<boolean> =>
  fetch(url).then(
    () => true,
    () => false,
  );

/** Whether `port` on 127.0.0.1 can be listened on again. */
const free = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });

describe('startStudio', () => {
  it('given a connection, starts no emulator, shows that connection without its secret and tests it with the secret held', async () => {
    const studio = await startStudio({ port: 0, connection: service.connection });
    try {
      expect(studio.emulatorUrl).toBeUndefined();
      const http = studioHttp(studio.url);
      const session = JSON.parse((await http.get('/api/session')).text);
      expect(session).toEqual({
        connection: { domain: service.url, client_id: service.connection.client_id },
        held_secrets: ['client_secret'],
        emulator: null,
      });
      expect(await http.call('/api/connection/test', { connection: session.connection })).toMatchObject({ ok: true, output: { status: 'ok' } });
    } finally {
      await studio.close();
    }
  });

  it('stops its server and the embedded emulator on close, freeing the port', async () => {
    const studio = await startStudio({ port: 0 });
    const port = Number(new URL(studio.url).port);
    expect([await answers(studio.url), await answers(`${studio.emulatorUrl}/external-ids/v1/health`)]).toEqual([true, true]);
    await studio.close();
    expect([await answers(studio.url), await answers(`${studio.emulatorUrl}/external-ids/v1/health`)]).toEqual([false, false]);
    expect(await free(port)).toBe(true);
  });
});
