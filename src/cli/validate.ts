/** `extids validate`: check commands against the command table without sending anything. */
import type { Command } from 'commander';
import { checkOutputFile, CliError, readJsonArgument, writeJson, writeText } from './io';

export const registerValidateCommand = (program: Command): void => {
  program
    .command('validate')
    .description('Check a list of commands against the command table; prints one line per problem.')
    .requiredOption('--input <file|json>', 'a JSON list of commands, or { "commands": [...] }; - reads standard input')
    .option('--json', 'print the per-command results as JSON')
    .option('--output <file>', 'write the results to a file instead of stdout')
    .action(async (options: { input: string; json?: boolean; output?: string }) => {
      // Before anything, as exec does: a long check is not lost to a path that cannot be written.
      checkOutputFile(options.output);
      const { explainChecks, validateCommands } = await import('../validate');
      const input = readJsonArgument(options.input, '--input');
      const list = Array.isArray(input) ? input : (input as { commands?: unknown })?.commands;
      if (!Array.isArray(list)) throw new CliError('--input: expected a list of commands or { "commands": [...] }');
      const checks = validateCommands(list);
      const invalid = checks.filter((c) => !c.valid).length;
      if (options.json) writeJson(checks.map((c, index) => ({ index, ...c })), options.output);
      else writeText([...explainChecks(checks), `${list.length - invalid} of ${list.length} commands valid`].map((line) => `${line}\n`).join(''), options.output);
      if (invalid) process.exitCode = 1;
    });
};
