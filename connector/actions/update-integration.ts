import { defineAction } from '../../src/sdk/define';
import { integrationEvents, integrationName, integrationSchema, integrationStatus } from '../model/integration';
import { integrationCredentials } from './shared';

export const updateIntegration = defineAction({
  name: 'update_integration',
  title: 'Update integration',
  subtitle: 'Rename, activate or deactivate an integration, or change its events',
  description: 'Update <span class="provider">integration</span> in <span class="provider">Docebo Learn - External IDs</span>',
  help: 'Updates the name, status or subscribed events of an existing integration. Only the fields you fill in change. While an integration is inactive, Run commands has no effect on it until you reactivate it.',
  request: { operation: 'updateIntegration', body: ['name', 'status', 'events'], retry: true },
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['integration_uuid', 'integration_psk'],
    properties: {
      ...integrationCredentials,
      name: { ...integrationName, title: 'Name', description: 'New integration name, if you want to rename the integration.' },
      status: { ...integrationStatus, title: 'Status' },
      events: { ...integrationEvents, title: 'Events', description: 'Updated set of events that the integration must subscribe to.' },
    },
  },
  output: integrationSchema,
});
