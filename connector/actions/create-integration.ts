import { defineAction } from '../../src/sdk/define';
import { integrationEvents, integrationName, integrationProperties, pskField } from '../model/integration';

export const createIntegration = defineAction({
  name: 'create_integration',
  title: 'Create integration',
  subtitle: 'Register an integration in the External IDs service',
  description: 'Create <span class="provider">integration</span> in <span class="provider">Docebo Learn - External IDs</span>',
  help: 'Registers a new integration for the current platform domain, activated and subscribed to the selected events. The output holds the integration UUID and its pre-shared key (PSK): store both in a secure, retrievable place such as a lookup table or environment properties. The service cannot show them again, so they cannot be recovered if lost. This action is never retried automatically, so that no second integration is created by accident.',
  request: { operation: 'createIntegration', body: ['name', 'events'], retry: false },
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { ...integrationName, title: 'Name' },
      events: { ...integrationEvents, title: 'Events' },
    },
  },
  output: {
    type: 'object',
    additionalProperties: false,
    required: ['uuid', 'name', 'status', 'events', 'psk'],
    properties: {
      uuid: integrationProperties.uuid,
      name: integrationProperties.name,
      status: integrationProperties.status,
      events: integrationProperties.events,
      psk: pskField,
    },
  },
});
