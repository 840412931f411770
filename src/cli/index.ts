/** `extids`: the connector's command line. */
import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { registerDemoCommand } from './demo';
import { registerDescribeCommand } from './describe';
import { registerEmitCommand } from './emit';
import { registerExecCommand } from './exec';
import { registerPollCommand } from './poll';
import { finish } from './exit';
import { registerServeCommand } from './serve';
import { registerStudioCommand } from './studio';
import { asJson, explain } from './explain';
import { resetStandardInput } from './io';
import { registerRecordCommand } from './record';
import { registerValidateCommand } from './validate';

export const buildProgram = (): Command => {
  const program = new Command('extids')
    .description('The Docebo Learn – External IDs connector: run its actions, poll its trigger, serve the emulator, validate commands.')
    .version(version)
    .exitOverride();
  registerDemoCommand(program);
  registerDescribeCommand(program);
  registerExecCommand(program);
  registerPollCommand(program);
  registerEmitCommand(program);
  registerRecordCommand(program);
  registerValidateCommand(program);
  registerServeCommand(program);
  registerStudioCommand(program);
  for (const command of program.commands) command.exitOverride();
  return program;
};

/** Whether the command line asks for machine output: known before commander has parsed it (its own errors too). */
const wantsJson = (argv: readonly string[]): boolean => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
};

export const main = async (argv: string[]): Promise<number> => {
  resetStandardInput();
  const json = wantsJson(argv);
  const program = buildProgram();
  // With --json, commander's own errors are told as JSON below, not in its words on stderr.
  if (json) for (const command of [program, ...program.commands]) command.configureOutput({ outputError: () => undefined });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    // Help and --version end with exit code 0.
    if (e instanceof CommanderError && e.exitCode === 0) return 0;
    if (json) {
      const { error, exit } = asJson(e);
      process.stderr.write(`${JSON.stringify({ error })}\n`);
      return exit;
    }
    // Commander has printed its own message (or the help) already.
    if (e instanceof CommanderError) return 2;
    const { text, code } = explain(e);
    process.stderr.write(`extids: ${text}\n`);
    return code;
  }
};

if (require.main === module) {
  void main(process.argv.slice(2)).then(finish);
}
