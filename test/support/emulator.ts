/** A live emulator for a test file: started on a free port with a temporary data dir, removed after. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';

export const DEV_CLIENT = { client_id: 'extids-local', client_secret: 'extids-local-secret' };

export interface LiveEmulator extends RunningEmulator {
  connection: { domain: string; client_id: string; client_secret: string };
  dataDir: string;
}

export const liveEmulator = async (options: EmulatorOptions = {}): Promise<LiveEmulator> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'extids-test-'));
  const emulator = await startEmulator({ port: 0, dataDir, ...options });
  return {
    ...emulator,
    dataDir,
    connection: { domain: emulator.url, ...DEV_CLIENT },
    close: async () => {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
