/**
 * An emulator in this process on a free loopback port, with a token and one integration, spoken to
 * over keep-alive HTTP: the setting of the query benchmarks. It runs the sources (through tsx), not
 * dist/, so that a benchmark of the query planner needs no build; SQLite does the work either way.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator';

export interface BenchEmulator {
  emulator: RunningEmulator;
  /** A query page (the answer's data), failing on anything but a 200. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(body: unknown): Promise<any>;
  /** Sends commands in requests of 1000 and waits until all are applied. */
  run(commands: Record<string, unknown>[]): Promise<void>;
  event(event: string, payload: Record<string, number>): Promise<void>;
  close(): Promise<void>;
}

export const startBenchEmulator = async (events: string[] = [], options: EmulatorOptions = {}): Promise<BenchEmulator> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'extids-bench-'));
  const emulator = await startEmulator({ port: 0, dataDir, ...options });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const call = (path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const text = JSON.stringify(body);
      const req = request(
        emulator.url + path,
        { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  const ok = async (path: string, headers: Record<string, string>, body: unknown, status: number) => {
    const answer = await call(path, headers, body);
    if (answer.status !== status) throw new Error(`${path}: ${answer.status} ${answer.text.slice(0, 300)}`);
    return JSON.parse(answer.text);
  };
  try {
    const token = (await ok('/oauth2/token', {}, { grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret' }, 200)).access_token as string;
    const auth = { authorization: `Bearer ${token}` };
    const base = emulator.basePath;
    const integration = (await ok(`${base}/integrations`, auth, { name: 'BENCH', events }, 201)).data as { uuid: string; psk: string };
    const scoped = { ...auth, 'x-integration-psk': integration.psk };
    return {
      emulator,
      query: async (body) => (await ok(`${base}/integrations/${integration.uuid}/entities/query`, scoped, body, 200)).data,
      run: async (commands) => {
        for (let i = 0; i < commands.length; i += 1000) await ok(`${base}/integrations/${integration.uuid}/commands`, scoped, { commands: commands.slice(i, i + 1000) }, 202);
        await emulator.idle();
      },
      event: async (event, payload) => void (await ok(`${base}/events`, auth, { event, payload }, 202)),
      close: async () => {
        agent.destroy();
        await emulator.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    agent.destroy();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
};
