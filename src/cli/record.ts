/** `extids record`: re-record the HTTP fixtures the tests replay. */
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { Connection } from '../../connector/connection';
import { scenarioNames } from '../record/scenario-names';
import { readConnection, writeJson } from './io';
import { VERBOSE_HELP, verboseSession } from './verbose';

export const registerRecordCommand = (program: Command): void => {
  program
    .command('record')
    .description('Re-record the HTTP fixtures (secrets redacted) against the emulator, or against the backend of --connection.')
    .option('--connection <file|json>', 'record against this backend instead of a fresh emulator (or set EXTIDS_CONNECTION)')
    .option('--fixtures <dir>', 'where to write them', join(process.cwd(), 'fixtures'))
    // Choices: an unknown name is refused (exit 2, naming the known ones), and --help lists them.
    .addOption(new Option('--only <scenario...>', 'record only these scenarios').choices(scenarioNames))
    .option('--json', 'print the recorded files as one JSON list')
    .option('--verbose', VERBOSE_HELP)
    .action(async (options: { connection?: string; fixtures: string; only?: string[]; json?: boolean; verbose?: boolean }) => {
      // Like the other commands, the connection may come from EXTIDS_CONNECTION; with neither, a fresh emulator.
      const given = options.connection !== undefined || process.env.EXTIDS_CONNECTION;
      const connection = given ? (readConnection(options.connection) as unknown as Connection) : undefined;
      const { recordFixtures } = await import('../record/fixtures');
      const written = await recordFixtures({
        fixturesDir: options.fixtures,
        connection,
        only: options.only,
        session: verboseSession(options.verbose),
        log: options.json ? undefined : (line) => process.stdout.write(line + '\n'),
      });
      if (options.json) writeJson(written);
    });
};
