/** `extids`: the connector's command line. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { explainChecks, validateCommands } from '../validate';
import { version } from '../../package.json';

/** A value given as inline JSON or as the path of a JSON file. */
export const readJsonArgument = (value: string, what: string): unknown => {
  const text = value.trimStart().startsWith('{') || value.trimStart().startsWith('[') ? value : readFile(value, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${what}: not valid JSON (${(e as Error).message})`);
  }
};

const readFile = (path: string, what: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${what}: cannot read file ${path}`);
  }
};

/** A problem explained in one line on stderr, with a non-zero exit. */
export class CliError extends Error {}

export const buildProgram = (): Command => {
  const program = new Command('extids')
    .description('The Docebo Learn – External IDs connector: validate commands, run actions, serve the emulator.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('validate')
    .description('Check a list of commands against the command table; prints one line per problem.')
    .requiredOption('--input <file|json>', 'a JSON list of commands, or { "commands": [...] }')
    .option('--json', 'print the per-command results as JSON')
    .action((options: { input: string; json?: boolean }) => {
      const input = readJsonArgument(options.input, '--input');
      const list = Array.isArray(input) ? input : (input as { commands?: unknown })?.commands;
      if (!Array.isArray(list)) throw new CliError('--input: expected a list of commands or { "commands": [...] }');
      const checks = validateCommands(list);
      const invalid = checks.filter((c) => !c.valid).length;
      if (options.json) process.stdout.write(JSON.stringify(checks.map((c, index) => ({ index, ...c })), null, 2) + '\n');
      else {
        for (const line of explainChecks(checks)) process.stdout.write(line + '\n');
        process.stdout.write(`${list.length - invalid} of ${list.length} commands valid\n`);
      }
      if (invalid) process.exitCode = 1;
    });
  return program;
};

export const main = async (argv: string[]): Promise<number> => {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    process.stderr.write(`extids: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
};

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
