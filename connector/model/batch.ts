/** What the service answers to a batch of commands, at once and later (docs/contract.md §3). */
import type { JsonSchema } from '../../src/sdk/json-schema';
import { wire } from '../wire';
import { schemaId } from './ids';

/** What the service answers for each command at once, and what it reports once they are applied. */
export const acceptedItemStatuses = ['queued', 'rejected', 'ignored'] as const;
export const batchItemStatuses = ['queued', 'processed', 'failed', 'rejected', 'ignored'] as const;

export const commandErrorSchema = {
  $id: schemaId('command-error.json'),
  title: 'CommandError',
  type: 'object',
  additionalProperties: false,
  required: ['field', 'message'],
  properties: {
    field: { type: ['string', 'null'], description: 'The field at fault, or null when the whole command is.' },
    message: { type: 'string' },
  },
} as const satisfies JsonSchema;

const count = { type: 'integer', minimum: 0 } as const;
const errors = { type: 'array', items: { $ref: 'command-error.json' } } as const;
const commandName = { type: ['string', 'null'] } as const;

export const batchAcceptedSchema = {
  $id: schemaId('batch-accepted.json'),
  title: 'BatchAccepted',
  type: 'object',
  additionalProperties: false,
  required: ['batch_id', 'status', 'accepted', 'rejected', 'ignored', 'items'],
  properties: {
    batch_id: { type: 'string', minLength: 1 },
    status: { type: 'string', enum: ['queued', 'completed', 'ignored'] },
    accepted: count,
    rejected: count,
    ignored: count,
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['index', 'name', 'status'],
        properties: {
          index: count,
          name: commandName,
          status: { type: 'string', enum: acceptedItemStatuses },
          command_id: { type: 'string' },
          errors,
        },
      },
    },
  },
} as const satisfies JsonSchema;

export const batchStatusSchema = {
  $id: schemaId('batch-status.json'),
  title: 'BatchStatus',
  type: 'object',
  additionalProperties: false,
  required: ['batch_id', 'status', 'total', 'queued', 'processed', 'failed', 'rejected', 'ignored', 'items'],
  properties: {
    batch_id: { type: 'string', minLength: 1 },
    status: { type: 'string', enum: ['queued', 'processing', 'completed', 'ignored'] },
    total: count,
    queued: count,
    processed: count,
    failed: count,
    rejected: count,
    ignored: count,
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['index', 'command_id', 'name', 'status'],
        properties: {
          index: count,
          command_id: { type: ['string', 'null'] },
          name: commandName,
          status: { type: 'string', enum: batchItemStatuses },
          errors,
        },
      },
    },
  },
} as const satisfies JsonSchema;

export const commandsRequestSchema = {
  $id: schemaId('commands-request.json'),
  title: 'CommandsRequest',
  description: 'The body of POST /integrations/{uuid}/commands. Each command is validated on its own; see command.json.',
  type: 'object',
  additionalProperties: false,
  required: ['commands'],
  properties: {
    commands: { type: 'array', minItems: 1, maxItems: wire.maxCommandsPerRequest, items: { type: 'object' } },
  },
} as const satisfies JsonSchema;
