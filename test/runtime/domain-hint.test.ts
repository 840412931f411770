/**
 * A domain given without a scheme (`localhost:4010`) is reached over HTTPS (issue 11): when that
 * fails as it does against a plain-HTTP emulator (TLS refused, or nothing listening on a port other
 * than 443), the error says to write `http://…`; never when the scheme was written.
 */
import { createServer } from 'node:net';
import { ApiError } from '../../src/errors';
import { createClient } from '../../src/runtime/client';
import { resolveConnection } from '../../src/runtime/connection';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
let hostPort: string;
beforeAll(async () => {
  emulator = await liveEmulator();
  hostPort = new URL(emulator.url).host;
});
afterAll(() => emulator.close());

const failure = async (domain: string): Promise<ApiError> => {
  try {
    await createClient({ ...emulator.connection, domain }, { retry: { maxRetries: 0 } }).health();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`${domain} answered`);
};

/** A port nothing listens on: one just freed. */
const closedPort = (): Promise<number> =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

describe('a domain without a scheme that meets a plain-HTTP server', () => {
  it('fails on TLS with a hint to write http://host:port', async () => {
    const error = await failure(hostPort);
    expect(error.status).toBe(0);
    expect(error.message).toBe(`POST /oauth2/token failed: the connection failed (${error.code}) (is it a plain-HTTP emulator? write http://${hostPort})`);
  });

  it('gets the same hint when nothing listens on its port, other than 443', async () => {
    const port = await closedPort();
    const error = await failure(`127.0.0.1:${port}`);
    expect([error.code, error.message]).toEqual([
      'ECONNREFUSED',
      `POST /oauth2/token failed: nothing answers at https://127.0.0.1:${port} (is it a plain-HTTP emulator? write http://127.0.0.1:${port})`,
    ]);
  });

  it('gets no hint when the scheme was written, whichever it was', async () => {
    const https = await failure(`https://${hostPort}`);
    expect(https.message).toBe(`POST /oauth2/token failed: the connection failed (${https.code})`);
    const port = await closedPort();
    const refused = await failure(`http://127.0.0.1:${port}`);
    expect(refused.message).toBe(`POST /oauth2/token failed: nothing answers at http://127.0.0.1:${port}`);
    expect(resolveConnection({ ...emulator.connection, domain: 'acme.docebosaas.com' })).toMatchObject({ origin: 'https://acme.docebosaas.com', schemeAssumed: true });
    expect(resolveConnection({ ...emulator.connection, domain: 'https://acme.docebosaas.com' }).schemeAssumed).toBeUndefined();
  });

  it('works as written with http://', async () => {
    await expect(createClient({ ...emulator.connection, domain: `http://${hostPort}` }).health()).resolves.toBeDefined();
  });
});
