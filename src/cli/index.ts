/** `extids`: the connector's command line. */
import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { ApiError, ValidationError } from '../errors';
import { registerDemoCommand } from './demo';
import { registerDescribeCommand } from './describe';
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
  registerDescribeCommand(program);
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
    return { text: `${e.message}${details}${e instanceof ApiError ? partwayText(e) : ''}`, code: 1 };
  }
  return { text: e instanceof Error ? e.message : String(e), code: 1 };
};

/** What a run that failed partway had the service accept, and how to resume it. */
const partwayText = (e: ApiError): string =>
  e.acceptedBatchIds?.length
    ? `\naccepted before the failure: ${e.acceptedBatchIds.join(', ')} (run again with --execution-id ${e.executionId} to resume: accepted chunks are not queued twice)`
    : '';

/** An error as `--json` prints it: `{"error": {status, code, message, details}}`, on one line. */
export interface JsonError {
  /** The HTTP status of a failed call; 0 when there was none (a usage error, invalid input, no answer). */
  status: number;
  /** `usage` for a command line the CLI refuses (exit 2); otherwise the error's own code. */
  code: string;
  message: string;
  details: { path: string; message: string }[];
  /** Run commands failed partway: the batches the service accepted before the failure, and the run's id to resume with. */
  accepted_batch_ids?: readonly string[];
  execution_id?: string;
}

const asJson = (e: unknown): { error: JsonError; exit: number } => {
  if (e instanceof CommanderError) {
    return { error: { status: 0, code: 'usage', message: e.message.replace(/^error: /, '').trim(), details: [] }, exit: 2 };
  }
  if (e instanceof CliError) return { error: { status: 0, code: e.exitCode === 2 ? 'usage' : 'failed', message: e.message, details: [] }, exit: e.exitCode };
  if (e instanceof ApiError) {
    const partway = e.acceptedBatchIds?.length ? { accepted_batch_ids: e.acceptedBatchIds, execution_id: e.executionId } : {};
    return { error: { status: e.status, code: e.code, message: e.message, details: e.details, ...partway }, exit: 1 };
  }
  if (e instanceof ValidationError) return { error: { status: 0, code: e.code, message: e.message, details: e.details }, exit: 1 };
  return { error: { status: 0, code: 'error', message: e instanceof Error ? e.message : String(e), details: [] }, exit: 1 };
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
