import { defineAction } from '../../src/sdk/define';
import { batchItemStatuses } from '../model/batch';
import { wire } from '../wire';
import { integrationCredentials } from './shared';

const count = { type: 'integer', minimum: 0 } as const;
/** The output bound (Workato keeps at most 1 MB of output per job); both runtimes read it. */
const report = { field: 'items', always: ['rejected', 'failed'], maxOtherItems: 1000, omitted: 'items_omitted' } as const;

export const runCommands = defineAction({
  name: 'run_commands',
  title: 'Run commands',
  subtitle: 'Queue commands that create, update or reset mappings',
  description: 'Run <span class="provider">commands</span> in <span class="provider">Docebo Learn - External IDs</span>',
  help: `Sends commands to the External IDs command queue of an integration. Every command is checked first; valid ones are queued (in requests of at most ${wire.maxCommandsPerRequest}) and invalid ones are reported per item with the field at fault. Turn on Wait for processing to get the final status of each command.`,
  request: {
    operation: 'runCommands',
    body: ['commands'],
    retry: true,
    chunk: { field: 'commands', size: wire.maxCommandsPerRequest, validate: 'commands' },
    wait: {
      when: 'wait_for_processing',
      timeout: 'wait_timeout_seconds',
      operation: 'getBatch',
      done: ['completed', 'ignored'],
      poll: { firstMs: 100, growth: 1.5, maxMs: 1000 },
      stretch: { seconds: 15, resumeAfterSeconds: 60, maxResumes: 100 },
    },
    report,
  },
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['integration_uuid', 'integration_psk', 'commands'],
    properties: {
      ...integrationCredentials,
      commands: {
        type: 'array',
        title: 'Commands',
        // Any item: each command is judged on its own, and a bad one is reported, not fatal.
        items: {},
        description: 'The commands to run; each has a name and the fields of its row in the command table.',
      },
      wait_for_processing: {
        type: 'boolean',
        default: false,
        title: 'Wait for processing',
        description: 'Wait until the service has applied the queued commands and report each one as processed or failed.',
      },
      wait_timeout_seconds: {
        type: 'integer',
        minimum: 1,
        maximum: 3600,
        default: 60,
        title: 'Wait timeout (seconds)',
        description: 'How long to wait for processing at most, up to an hour. In Workato a wait longer than a few seconds continues in later steps of the same job, without holding a worker.',
      },
      fail_on_invalid: {
        type: 'boolean',
        default: false,
        title: 'Fail on invalid commands',
        description: 'Fail the action, sending nothing, when any command is invalid. Otherwise invalid commands are reported and the valid ones are sent.',
      },
    },
  },
  output: {
    type: 'object',
    additionalProperties: false,
    required: ['batch_ids', 'total', 'accepted', 'rejected', 'ignored', 'items', 'items_omitted'],
    properties: {
      batch_ids: { type: 'array', items: { type: 'string' } },
      total: count,
      accepted: count,
      rejected: count,
      ignored: count,
      processed: { ...count, description: 'With Wait for processing: commands applied.' },
      failed: { ...count, description: 'With Wait for processing: valid commands that could not apply, such as an external ID already matched to another entity.' },
      pending: { ...count, description: 'With Wait for processing: commands not yet applied when the wait ended.' },
      items: {
        type: 'array',
        description: `The commands by input index: every rejected and failed one, and the others up to ${report.maxOtherItems} (the first ones).`,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['index', 'name', 'status', 'command_id', 'errors'],
          properties: {
            index: { ...count, description: 'The position of the command in the input, from 0; items are listed by it.' },
            name: { type: ['string', 'null'] },
            // What a command can end as here: the answer at once, then (waiting) its final status.
            status: { type: 'string', enum: batchItemStatuses },
            command_id: { type: ['string', 'null'] },
            errors: { type: 'array', items: { $ref: 'command-error.json' } },
          },
        },
      },
      items_omitted: {
        ...count,
        description: `Queued, processed and ignored commands left out of Items beyond the first ${report.maxOtherItems}, so that the output stays within the 1 MB Workato keeps per job; the counts still cover every command.`,
      },
    },
  },
});
