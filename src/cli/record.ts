/** `extids record`: re-record the HTTP fixtures the tests replay. */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Connection } from '../../connector/connection';
import { readConnection } from './io';

export const registerRecordCommand = (program: Command): void => {
  program
    .command('record')
    .description('Re-record the HTTP fixtures (secrets redacted) against the emulator, or against the backend of --connection.')
    .option('--connection <file|json>', 'record against this backend instead of a fresh emulator')
    .option('--fixtures <dir>', 'where to write them', join(process.cwd(), 'fixtures'))
    .option('--only <scenario...>', 'record only these scenarios')
    .action(async (options: { connection?: string; fixtures: string; only?: string[] }) => {
      const { recordFixtures } = await import('../record/fixtures');
      const connection = options.connection ? (readConnection(options.connection) as unknown as Connection) : undefined;
      await recordFixtures({ fixturesDir: options.fixtures, connection, only: options.only, log: (line) => process.stdout.write(line + '\n') });
    });
};
