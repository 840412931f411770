/** `extids validate`: check commands against the command table without sending anything. */
import type { Command } from 'commander';
import { CliError, readJsonArgument, writeJson } from './io';

export const registerValidateCommand = (program: Command): void => {
  program
    .command('validate')
    .description('Check a list of commands against the command table; prints one line per problem.')
    .requiredOption('--input <file|json>', 'a JSON list of commands, or { "commands": [...] }')
    .option('--json', 'print the per-command results as JSON')
    .action(async (options: { input: string; json?: boolean }) => {
      const { explainChecks, validateCommands } = await import('../validate');
      const input = readJsonArgument(options.input, '--input');
      const list = Array.isArray(input) ? input : (input as { commands?: unknown })?.commands;
      if (!Array.isArray(list)) throw new CliError('--input: expected a list of commands or { "commands": [...] }');
      const checks = validateCommands(list);
      const invalid = checks.filter((c) => !c.valid).length;
      if (options.json) writeJson(checks.map((c, index) => ({ index, ...c })));
      else {
        for (const line of explainChecks(checks)) process.stdout.write(line + '\n');
        process.stdout.write(`${list.length - invalid} of ${list.length} commands valid\n`);
      }
      if (invalid) process.exitCode = 1;
    });
};
