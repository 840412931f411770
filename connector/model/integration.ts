/** An integration registered in the External IDs service (docs/contract.md §3). */
import type { JsonSchema } from '../../src/sdk/json-schema';
import { acceptedEventNames } from '../events';
import { schemaId } from './ids';

export const integrationStatuses = ['active', 'inactive'] as const;

export const eventNameSchema = {
  $id: schemaId('event-name.json'),
  title: 'EventName',
  description:
    'A supported platform event. The misspelled platfrom.events.orgchart.UserRemovedFromBranch is accepted as an alias of platform.events.orgchart.UserRemovedFromBranch.',
  type: 'string',
  enum: acceptedEventNames,
} as const satisfies JsonSchema;

export const integrationName = {
  type: 'string',
  minLength: 1,
  maxLength: 128,
  pattern: '\\S',
  description: 'Name that identifies the integration. For example: SLACK.',
} as const;

export const integrationEvents = {
  type: 'array',
  items: { $ref: 'event-name.json' },
  uniqueItems: true,
  description: 'Set of platform events the integration must subscribe to.',
} as const;

export const integrationStatus = {
  type: 'string',
  enum: integrationStatuses,
  description: 'Whether the integration is active. Commands sent to an inactive integration have no effect until it is reactivated.',
} as const;

export const uuidField = { type: 'string', format: 'uuid' } as const;
export const timestamp = { type: 'string', format: 'date-time' } as const;

export const integrationProperties = {
  uuid: { ...uuidField, description: 'The UUID that uniquely identifies the integration in the External IDs service.' },
  name: integrationName,
  status: integrationStatus,
  events: integrationEvents,
  created_at: timestamp,
  updated_at: timestamp,
} as const;

export const integrationSchema = {
  $id: schemaId('integration.json'),
  title: 'Integration',
  type: 'object',
  required: ['uuid', 'name', 'status', 'events', 'created_at', 'updated_at'],
  additionalProperties: false,
  properties: integrationProperties,
} as const satisfies JsonSchema;

export const pskField = {
  type: 'string',
  minLength: 1,
  'x-secret': true,
  description: 'The pre-shared key that acts as a password for the integration. It is returned once, by Create integration.',
} as const;

/** `POST /integrations` answers the integration and, this once, its PSK. */
export const createdIntegrationSchema = {
  $id: schemaId('created-integration.json'),
  title: 'CreatedIntegration',
  type: 'object',
  required: [...integrationSchema.required, 'psk'],
  additionalProperties: false,
  properties: { ...integrationProperties, psk: pskField },
} as const satisfies JsonSchema;

export const createIntegrationRequestSchema = {
  $id: schemaId('create-integration-request.json'),
  title: 'CreateIntegrationRequest',
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: integrationName, events: integrationEvents },
} as const satisfies JsonSchema;

export const updateIntegrationRequestSchema = {
  $id: schemaId('update-integration-request.json'),
  title: 'UpdateIntegrationRequest',
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: { name: integrationName, status: integrationStatus, events: integrationEvents },
} as const satisfies JsonSchema;
