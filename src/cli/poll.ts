/**
 * `extids poll <trigger>`: poll a trigger like `workato exec triggers.<trigger>.poll`, printing its
 * events and the closure to resume from; with `--follow`, keep polling and print one JSON line
 * per event until Ctrl+C.
 */
import type { Command } from 'commander';
import { triggers } from '../../connector/triggers';
import type { PollClosure, PollResult, TriggerDeclaration } from '../sdk/define';
import { suggest } from '../validate/suggest';
import { CliError, readConnection, readJsonArgument, readJsonObject, writeJson } from './io';
import { EXIT_BY_SIGNAL, onInterrupt } from './interrupt';
import { VERBOSE_HELP, verboseSession } from './verbose';

const DEFAULT_INTERVAL_SECONDS = 10;
const MIN_INTERVAL_SECONDS = 1;

const triggerNames = triggers.map((t) => t.name);
const listed = triggers.map((t) => `${t.name} (${t.title})`).join(', ');

interface PollOptions {
  connection?: string;
  input: string;
  closure?: string;
  follow?: boolean;
  interval?: string;
  json?: boolean;
  verbose?: boolean;
}

const findTrigger = (name: string): TriggerDeclaration => {
  const trigger = triggers.find((t) => t.name === name);
  if (trigger) return trigger;
  const near = suggest(name, triggerNames);
  throw new CliError(`unknown trigger ${name}${near ? ` (did you mean ${near}?)` : ''}; triggers: ${triggerNames.join(', ')}`);
};

/** The closure given: `--closure`'s object, or `null` (the JSON literal) for a first poll. */
const readClosure = (value: string | undefined): unknown => {
  if (value === undefined) return undefined;
  if (value.trim() === 'null') return null;
  const closure = readJsonArgument(value, '--closure');
  if (closure !== null && (typeof closure !== 'object' || Array.isArray(closure))) throw new CliError('--closure: expected a JSON object');
  return closure;
};

const readInterval = (value: string | undefined, follow: boolean): number => {
  if (value === undefined) return DEFAULT_INTERVAL_SECONDS;
  if (!follow) throw new CliError('--interval: only with --follow');
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < MIN_INTERVAL_SECONDS) {
    throw new CliError(`--interval: give a number of seconds, at least ${MIN_INTERVAL_SECONDS}`);
  }
  return seconds;
};

/** The closure as a shell argument: single-quoted, as the user would type it. */
export const resumeLine = (closure: PollClosure): string => `resume with --closure '${JSON.stringify(closure).replace(/'/g, `'\\''`)}'`;

export const registerPollCommand = (program: Command): void => {
  program
    .command('poll')
    .description(
      `Poll a trigger and print its events as JSON, with the closure to resume from (next_poll). Triggers: ${listed}.`,
    )
    .argument('<trigger>', 'the trigger to poll')
    .option('--connection <file|json>', 'the connection (or set EXTIDS_CONNECTION)')
    .requiredOption('--input <file|json>', "the trigger's input")
    .option('--closure <file|json>', 'resume from this closure (a next_poll printed before); none: the first poll')
    .option('--follow', 'keep polling; print one JSON line per event until Ctrl+C, then the closure to resume from (on stderr)')
    .option('--interval <seconds>', `with --follow: seconds between polls (default ${DEFAULT_INTERVAL_SECONDS}, at least ${MIN_INTERVAL_SECONDS})`)
    .option('--json', 'machine output only: no status line on stderr')
    .option('--verbose', VERBOSE_HELP)
    .addHelpText(
      'after',
      '\nWithout --follow, polls until no backlog remains and prints {"events": [...], "next_poll": {...}, "can_poll_more": false}.\n' +
        'Give next_poll back as --closure to get only what changed since.',
    )
    .action(async (name: string, options: PollOptions) => {
      const trigger = findTrigger(name);
      const connection = readConnection(options.connection);
      const input = readJsonObject(options.input, '--input');
      const closure = readClosure(options.closure);
      const intervalSeconds = readInterval(options.interval, options.follow === true);
      // Loaded when used, so that `extids --help` starts fast.
      const { sessionFor } = await import('../runtime/session');
      const session = sessionFor(connection, verboseSession(options.verbose));
      if (options.follow) {
        await follow(session, trigger, input, closure, intervalSeconds, options.json === true);
        return;
      }
      const { pollWith } = await import('../runtime/trigger');
      const events: unknown[] = [];
      let result: PollResult;
      let next = closure;
      do {
        result = await pollWith(session, trigger, input, next);
        events.push(...result.events);
        next = result.next_poll;
      } while (result.can_poll_more);
      writeJson({ events, next_poll: result.next_poll, can_poll_more: false });
    });
};

const follow = async (
  session: import('../runtime/session').Session,
  trigger: TriggerDeclaration,
  input: Record<string, unknown>,
  closure: unknown,
  intervalSeconds: number,
  json: boolean,
): Promise<void> => {
  const { watchTrigger } = await import('../runtime/trigger-watch');
  const { readClosure: checkClosure } = await import('../runtime/trigger');
  // Checked before the first poll, so that a bad closure is told like a bad input.
  let resume: PollClosure | undefined = closure === undefined || closure === null ? undefined : checkClosure(closure);
  const stop = new AbortController();
  let stoppedBy: keyof typeof EXIT_BY_SIGNAL | undefined;
  const stopOn = (signal: keyof typeof EXIT_BY_SIGNAL) => () => {
    stoppedBy = signal;
    stop.abort();
  };
  const removeInterrupt = onInterrupt(stopOn('SIGINT'));
  const onTerm = stopOn('SIGTERM');
  process.once('SIGTERM', onTerm);
  // The reader went away (`| head`): stop quietly, as a pipeline expects.
  let readerGone = false;
  const onOutputError = () => {
    readerGone = true;
    stop.abort();
  };
  process.stdout.on('error', onOutputError);
  if (!json && process.stderr.isTTY) process.stderr.write(`extids: following ${trigger.name} every ${intervalSeconds} s; Ctrl+C to stop\n`);
  try {
    const events = watchTrigger(session, trigger, input, {
      closure: resume,
      intervalMs: intervalSeconds * 1000,
      signal: stop.signal,
      onPoll: (result) => (resume = result.next_poll),
    });
    for await (const event of events) process.stdout.write(`${JSON.stringify(event)}\n`);
  } finally {
    removeInterrupt();
    process.off('SIGTERM', onTerm);
    process.stdout.off('error', onOutputError);
  }
  if (!stoppedBy || readerGone) return;
  process.stderr.write(
    resume
      ? `extids: stopped; ${resumeLine(resume)}\n`
      : 'extids: stopped before the first poll answered; nothing was printed: run the same command to start again\n',
  );
  process.exitCode = EXIT_BY_SIGNAL[stoppedBy];
};
