import { defineAction } from '../../src/sdk/define';
import { queryPageSchema, queryRequestProperties, timeBoundNames } from '../model/query';
import { entityTypesField, integrationCredentials } from './shared';

export const queryEntities = defineAction({
  name: 'query_entities',
  title: 'Query entities',
  subtitle: 'Find mappings by entity, metadata and time',
  description: 'Query <span class="provider">entities</span> in <span class="provider">Docebo Learn - External IDs</span>',
  help: 'Retrieves the mappings created through Run commands, filtered by entity type and ids, metadata and time ranges, sorted and paginated. Turn on Fetch all pages to follow the pages up to Max items.',
  request: {
    operation: 'queryEntities',
    body: Object.keys(queryRequestProperties),
    retry: true,
    dateTimes: timeBoundNames,
    entityTypes: { field: 'entity_types', into: 'entities' },
    paging: { when: 'fetch_all_pages', max: 'max_items', page: 'page', items: 'items', more: 'has_more_data' },
  },
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['integration_uuid', 'integration_psk'],
    properties: {
      ...integrationCredentials,
      ...queryRequestProperties,
      entity_types: entityTypesField,
      fetch_all_pages: {
        type: 'boolean',
        default: false,
        title: 'Fetch all pages',
        description: 'Follow the pages from Page on and return their items together, up to Max items.',
      },
      max_items: {
        type: 'integer',
        minimum: 1,
        default: 10000,
        title: 'Max items',
        description: 'The most items Fetch all pages returns.',
      },
    },
  },
  output: queryPageSchema,
});
