/** `extids record`: re-record the HTTP fixtures the tests replay. */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Connection } from '../../connector/connection';
import { readConnection, writeJson } from './io';

export const registerRecordCommand = (program: Command): void => {
  program
    .command('record')
    .description('Re-record the HTTP fixtures (secrets redacted) against the emulator, or against the backend of --connection.')
    .option('--connection <file|json>', 'record against this backend instead of a fresh emulator')
    .option('--fixtures <dir>', 'where to write them', join(process.cwd(), 'fixtures'))
    .option('--only <scenario...>', 'record only these scenarios')
    .option('--json', 'print the recorded files as one JSON list')
    .action(async (options: { connection?: string; fixtures: string; only?: string[]; json?: boolean }) => {
      const { recordFixtures } = await import('../record/fixtures');
      const connection = options.connection ? (readConnection(options.connection) as unknown as Connection) : undefined;
      const written = await recordFixtures({
        fixturesDir: options.fixtures,
        connection,
        only: options.only,
        log: options.json ? undefined : (line) => process.stdout.write(line + '\n'),
      });
      if (options.json) writeJson(written);
    });
};
