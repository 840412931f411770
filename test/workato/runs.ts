/**
 * What the Run commands tests under Workato's SDK gem share: integrations made through the Node
 * runtime, the input of a run, the same run through the Node runtime, and the secrets they saw.
 */
import { connector } from '../../src/runtime/connector';
import type { RunCommandsOutput } from '../../src/types/generated';
import type { LiveEmulator } from '../support/emulator';
import { tsRun } from './support';

export const SECRET = 'extids-local-secret';
export type Creds = { uuid: string; psk: string };
export type RunOutput = RunCommandsOutput;

export const courses = (n: number, prefix = 'C'): Record<string, unknown>[] => Array.from({ length: n }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `${prefix}-${i}`, internal_id: i + 1 }));

export const psks: string[] = [];
export const tokens: string[] = [];
export const settingsOf = (emulator: LiveEmulator, extra: Record<string, string> = {}) => ({ domain: emulator.url, client_id: 'extids-local', client_secret: SECRET, ...extra });

/** Create integration is never retried; under faults, a test tries again by hand. */
export const createIntegration = async (emulator: LiveEmulator, name: string): Promise<Creds> => {
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const c = (await connector.actions.create_integration.execute(settingsOf(emulator) as never, { name } as never)) as Creds;
      psks.push(c.psk);
      return c;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('could not create an integration in 30 attempts');
};

export const runInput = (c: Creds, commands: unknown[], extra: Record<string, unknown> = {}) => ({ integration_uuid: c.uuid, integration_psk: c.psk, command: 'list_of_commands', commands, ...extra });
export const nodeRun = (emulator: LiveEmulator, c: Creds, commands: unknown[], extra: Record<string, unknown> = {}) =>
  tsRun(() => connector.actions.run_commands.execute(settingsOf(emulator) as never, runInput(c, commands, extra) as never));

