/** The local External IDs service (docs/contract.md §8), for tests, demos and recipe development. */
// First: its optional dependencies, named in one line when missing.
import './dependencies';
import { createEmulatorServer } from './server';
import type { EmulatorOptions } from './options';

export type { EmulatorOptions } from './options';
export type { Fault } from './faults';
export { DataDirInUseError } from './lock';
export { DataDirDamagedError, type StorageProblem } from './integrity';
export { EmulatorDependencyError } from './dependencies';

export interface RunningEmulator {
  /** Such as http://127.0.0.1:4010, without the base path: what a connection takes as its domain. */
  url: string;
  basePath: string;
  close(): Promise<void>;
  /** Resolves when every queued command is applied. */
  idle(): Promise<void>;
}

export const startEmulator = async (options: EmulatorOptions = {}): Promise<RunningEmulator> => {
  const server = createEmulatorServer(options);
  try {
    await server.app.listen({ port: server.options.port, host: server.options.host });
  } catch (e) {
    await server.close();
    throw e;
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : server.options.port;
  const host = server.options.host.includes(':') ? `[${server.options.host}]` : server.options.host;
  return {
    url: `http://${host}:${port}`,
    basePath: server.options.basePath,
    close: () => server.close(),
    idle: () => server.consumer.idle(),
  };
};
