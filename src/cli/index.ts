/** `extids`: the connector's command line. */
import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { ApiError, ValidationError } from '../errors';
import { registerDemoCommand } from './demo';
import { registerEmitCommand } from './emit';
import { registerExecCommand } from './exec';
import { registerPollCommand } from './poll';
import { finish } from './exit';
import { registerServeCommand } from './serve';
import { CliError, resetStandardInput } from './io';
import { registerRecordCommand } from './record';
import { registerValidateCommand } from './validate';

export const buildProgram = (): Command => {
  const program = new Command('extids')
    .description('The Docebo Learn – External IDs connector: run its actions, poll its trigger, serve the emulator, validate commands.')
    .version(version)
    .exitOverride();
  registerDemoCommand(program);
  registerExecCommand(program);
  registerPollCommand(program);
  registerEmitCommand(program);
  registerRecordCommand(program);
  registerValidateCommand(program);
  registerServeCommand(program);
  for (const command of program.commands) command.exitOverride();
  return program;
};

/** Explains an error in one line (and its details under it), never a stack trace. */
const explain = (e: unknown): { text: string; code: number } => {
  if (e instanceof CliError) return { text: e.message, code: e.exitCode };
  if (e instanceof ValidationError || e instanceof ApiError) {
    // Details the message does not already spell out, one per line.
    const details = e.details.filter((d) => !e.message.includes(d.message)).map((d) => `\n  - ${d.message}`).join('');
    return { text: `${e.message}${details}`, code: 1 };
  }
  return { text: e instanceof Error ? e.message : String(e), code: 1 };
};

export const main = async (argv: string[]): Promise<number> => {
  resetStandardInput();
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    // Commander has printed its own message (or the help) already.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const { text, code } = explain(e);
    process.stderr.write(`extids: ${text}\n`);
    return code;
  }
};

if (require.main === module) {
  void main(process.argv.slice(2)).then(finish);
}
