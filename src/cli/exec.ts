/**
 * `extids exec <action>`: run one action and print its output as JSON, like `workato exec`. As
 * there, `exec test` runs the connection test and `exec pick_lists.NAME` prints a pick list.
 */
import type { Command } from 'commander';
import { actions } from '../../connector/actions';
import type { BatchProgress } from '../runtime/batch';
import { suggest } from '../validate/suggest';
import { withConfigFields } from './config-fields';
import { configChoice, describeOperation, operationText } from './describe';
import { checkOutputFile, CliError, readConnection, readJsonObject, writeJson } from './io';
import { progressBar } from './progress';
import { VERBOSE_HELP, verboseSession } from './verbose';

/** What `exec` runs besides the actions, as `workato exec` does. */
const CONNECTION_TEST = 'test';
const PICK_LISTS = 'pick_lists.';

const actionNames: readonly string[] = actions.map((a) => a.name);

/** The runnable names, for messages: the actions, `test` and `pick_lists.NAME`. */
const runnable = `actions: ${actionNames.join(', ')}; also ${CONNECTION_TEST} (the connection test) and ${PICK_LISTS}NAME`;

const unknownAction = (name: string): CliError => {
  const near = suggest(name, [...actionNames, CONNECTION_TEST]);
  const shown = name.length > 120 ? `(a name of ${name.length} characters)` : name;
  return new CliError(`unknown action ${shown}${near ? ` (did you mean ${near}?)` : ''}; ${runnable}`);
};

/** `exec pick_lists.NAME`: the list's options, `[[label, value], …]`. */
const printPickList = async (name: string, output: string | undefined): Promise<void> => {
  const { pickLists } = await import('../compile/pick-lists');
  const names = Object.keys(pickLists);
  const options = (pickLists as Record<string, unknown>)[name];
  if (!options || !Object.prototype.hasOwnProperty.call(pickLists, name)) {
    const near = suggest(name, names);
    throw new CliError(`unknown pick list ${name}${near ? ` (did you mean ${PICK_LISTS}${near}?)` : ''}; pick lists: ${names.join(', ')}`);
  }
  writeJson(options, output);
};

/** `exec <action> --help`: the action's fields after the command's own help (commander has parsed the line already). */
const actionHelp = (command: Command): string => {
  const name = command.args.find((a) => !a.startsWith('-'));
  if (!name || !actionNames.includes(name)) return '';
  try {
    const { configFields } = command.opts<{ configFields?: string }>();
    const choice = configChoice(name, configFields === undefined ? undefined : readJsonObject(configFields, '--config-fields'));
    return `\n${operationText(describeOperation(name, choice))}`;
  } catch (e) {
    return `\n${operationText(describeOperation(name))}\n(${e instanceof Error ? e.message : String(e)})\n`;
  }
};

export const registerExecCommand = (program: Command): void => {
  program
    .command('exec')
    .description(
      `Run one action and print its output as JSON. Actions: ${actionNames.join(', ')}; ` +
        `${CONNECTION_TEST} runs the connection test, ${PICK_LISTS}NAME prints a pick list. ` +
        `With an action, --help lists its input fields.`,
    )
    .argument('<action>', `the action to run, ${CONNECTION_TEST}, or ${PICK_LISTS}NAME`)
    .option('--connection <file|json>', 'the connection (or set EXTIDS_CONNECTION)')
    .option('--input <file|json>', "the action's input (needed by the actions, not by test or pick lists)")
    .option('--config-fields <file|json>', `the action's config fields, merged into the input as Workato does: run_commands '{"command":"MatchCourseCommand"}'`)
    .option('--output <file>', 'write the output to a file instead of stdout')
    .option('--json', 'machine output only: no progress bars')
    .option('--verbose', VERBOSE_HELP)
    .option('--dry-run', 'check the input and print, as JSON, the requests the action would send (secrets masked), sending nothing')
    .option('--execution-id <id>', "run_commands: the run's id, which its chunks' Idempotency-Keys derive from (default a new one): a real run given a dry run's sends the same keys")
    .addHelpText('after', ({ command }) => actionHelp(command))
    .action(async (name: string, options: { connection?: string; input?: string; configFields?: string; output?: string; json?: boolean; verbose?: boolean; dryRun?: boolean; executionId?: string }) => {
      if (name.startsWith(PICK_LISTS)) return printPickList(name.slice(PICK_LISTS.length), options.output);
      if (name === CONNECTION_TEST) {
        const connection = readConnection(options.connection);
        checkOutputFile(options.output);
        const { testConnection } = await import('../runtime/execute');
        return writeJson(await testConnection(connection, verboseSession(options.verbose)), options.output);
      }
      // Loaded when used, so that `extids --help` starts fast.
      const { connector } = await import('../runtime/connector');
      const action = (connector.actions as Record<string, (typeof connector.actions)[keyof typeof connector.actions]>)[name];
      if (!action || !Object.prototype.hasOwnProperty.call(connector.actions, name)) throw unknownAction(name);
      const configFields = options.configFields === undefined ? undefined : readJsonObject(options.configFields, '--config-fields');
      const choice = configChoice(name, configFields);
      if (options.input === undefined) throw new CliError(`--input: give the input of ${name}, a file or JSON (extids describe ${name} lists its fields)`);
      const connection = readConnection(options.connection);
      const input = withConfigFields(name, readJsonObject(options.input, '--input'), configFields, choice);
      // Before sending: once Create integration has run, its PSK exists only in this output.
      checkOutputFile(options.output);
      if (options.dryRun) {
        const { dryRunAction } = await import('../runtime/dry-run');
        return writeJson(await dryRunAction(action, connection, input, { executionId: options.executionId }), options.output);
      }
      const session = verboseSession(options.verbose);
      // The exchanges' lines and a bar would garble each other on stderr.
      const bar = progressBar(!session && !options.json);
      try {
        const output = await (action.execute as (c: unknown, i: unknown, ctx: unknown) => Promise<unknown>)(connection, input, {
          session,
          executionId: options.executionId,
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
