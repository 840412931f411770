/** `extids exec <action>`: run one action and print its output as JSON, like `workato exec`. */
import type { Command } from 'commander';
import { actions } from '../../connector/actions';
import type { BatchProgress } from '../runtime/batch';
import { checkOutputFile, CliError, readConnection, readJsonObject, writeJson } from './io';
import { progressBar } from './progress';

export const registerExecCommand = (program: Command): void => {
  program
    .command('exec')
    .description(`Run one action and print its output as JSON. Actions: ${actions.map((a) => a.name).join(', ')}.`)
    .argument('<action>', 'the action to run')
    .option('--connection <file|json>', 'the connection (or set EXTIDS_CONNECTION)')
    .requiredOption('--input <file|json>', "the action's input")
    .option('--output <file>', 'write the output to a file instead of stdout')
    .option('--json', 'machine output only: no progress bars')
    .action(async (name: string, options: { connection?: string; input: string; output?: string; json?: boolean }) => {
      // Loaded when used, so that `extids --help` starts fast.
      const { connector } = await import('../../connector');
      const action = (connector.actions as Record<string, (typeof connector.actions)[keyof typeof connector.actions]>)[name];
      if (!action) throw new CliError(`unknown action ${name}; actions: ${actions.map((a) => a.name).join(', ')}`);
      const connection = readConnection(options.connection);
      const input = readJsonObject(options.input, '--input');
      // Before sending: once Create integration has run, its PSK exists only in this output.
      checkOutputFile(options.output);
      const bar = progressBar(!options.json && !options.output ? true : !options.json);
      try {
        const output = await (action.execute as (c: unknown, i: unknown, ctx: unknown) => Promise<unknown>)(connection, input, {
          onProgress: (p: BatchProgress) => bar.batches(p),
          onPage: (page: { current_page: number; total_page_count: number }) => bar.update(page.current_page, page.total_page_count, 'pages'),
        });
        bar.stop();
        writeJson(output, options.output);
      } finally {
        bar.stop();
      }
    });
};
