/**
 * `extids studio`: the recipe builder's side of the connector in a browser page, drawn from the
 * manifest, its buttons run through the Node runtime. Without a connection of its own it starts the
 * embedded emulator, as `extids demo` does, and connects to that.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionFields } from '../compile/workato-actions';
import { CONNECTOR_TITLE } from '../../connector';
import { studioApi } from './api';
import { loadStudioAssets } from './assets';
import { checkStudioConnection, studioConnection } from './connection';
import { STUDIO_DEFAULTS } from './defaults';
import { createStudioServer } from './server';

export interface StudioOptions {
  /** Default 4020; 0 picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The connection the page starts with; none: the embedded emulator's. */
  connection?: Record<string, unknown>;
}

export interface RunningStudio {
  /** The page: `http://127.0.0.1:4020/`. */
  url: string;
  /** The embedded emulator's URL, when the studio started one. */
  emulatorUrl?: string;
  close(): Promise<void>;
}

/** The embedded emulator, on a free port with a temporary data directory, and the connection its built-in client makes. */
const embeddedEmulator = async () => {
  const [{ startEmulator }, { builtInConnection }] = await Promise.all([import('../emulator'), import('../emulator/options')]);
  const dataDir = mkdtempSync(join(tmpdir(), 'extids-studio-'));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const emulator = await startEmulator({ port: 0, dataDir });
    return {
      url: emulator.url,
      connection: builtInConnection(emulator.url),
      close: async () => {
        await emulator.close();
        removeDataDir();
      },
    };
  } catch (e) {
    removeDataDir();
    throw e;
  }
};

const listen = (server: ReturnType<typeof createStudioServer>, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });

export const startStudio = async (options: StudioOptions = {}): Promise<RunningStudio> => {
  const host = options.host ?? STUDIO_DEFAULTS.host;
  if (options.connection) checkStudioConnection(connectionFields(), options.connection);
  const assets = await loadStudioAssets();
  const emulator = options.connection ? undefined : await embeddedEmulator();
  try {
    const connection = studioConnection(connectionFields(), options.connection ?? emulator!.connection);
    const server = createStudioServer({
      host,
      port: options.port ?? STUDIO_DEFAULTS.port,
      assets,
      api: studioApi(connection),
      session: { connection: connection.shown, held_secrets: connection.held, emulator: emulator ? { url: emulator.url } : null },
      title: CONNECTOR_TITLE,
    });
    const port = await listen(server, options.port ?? STUDIO_DEFAULTS.port, host);
    const shownHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${shownHost}:${port}/`,
      emulatorUrl: emulator?.url,
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await emulator?.close();
      },
    };
  } catch (e) {
    await emulator?.close();
    throw e;
  }
};
