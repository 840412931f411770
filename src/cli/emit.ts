/** `extids emit <event>`: publish a platform event to the backend of a connection (normally an emulator). */
import type { Command } from 'commander';
import { acceptedEventNames, canonicalEventName, events } from '../../connector/events';
import { suggest } from '../validate/suggest';
import { eventsText } from './describe';
import { CliError, readConnection, readJsonObject, writeJson } from './io';
import { VERBOSE_HELP, verboseSession } from './verbose';

export const registerEmitCommand = (program: Command): void => {
  program
    .command('emit')
    .description('Publish a platform event to the backend of a connection, normally the emulator.')
    .argument('<event>', 'the event name, such as platform.events.user.UserDeleted')
    .requiredOption('--payload <json>', 'the ids the event concerns, such as {"user_id": 12}')
    .option('--connection <file|json>', 'the connection (or set EXTIDS_CONNECTION)')
    .option('--occurred-at <instant>', 'when it happened (ISO 8601); default: when received')
    .option('--json', 'machine output (the answer is always printed as JSON)')
    .addHelpText('after', () => `\n${eventsText()}\n`)
    .option('--verbose', VERBOSE_HELP)
    .action(async (event: string, options: { payload: string; connection?: string; occurredAt?: string; verbose?: boolean }) => {
      if (!canonicalEventName(event)) {
        const near = suggest(event, acceptedEventNames);
        const shown = event.length > 120 ? `(a name of ${event.length} characters)` : event;
        throw new CliError(`unknown event ${shown}${near ? ` (did you mean ${near}?)` : ''}; extids emit --help lists the ${events.length} events`);
      }
      const { emitEvent } = await import('../runtime/execute');
      const connection = readConnection(options.connection);
      const payload = readJsonObject(options.payload, '--payload');
      writeJson(await emitEvent(connection, { event, payload, ...(options.occurredAt ? { occurred_at: options.occurredAt } : {}) }, verboseSession(options.verbose)));
    });
};
