import { defineTrigger } from '../../src/sdk/define';
import { entityTypesField, integrationCredentials } from '../actions/shared';
import { entityKeyFields, mappingChangeNames, mappingChanges, mappingSchema } from '../model/mapping';
import { queryRequestProperties } from '../model/query';

/** Workato delivers at most this many events per poll. */
const MAX_PER_POLL = 1000;

const { $id: _, title: __, ...mapping } = mappingSchema;

export const mappingChangesTrigger = defineTrigger({
  name: 'mapping_changes',
  title: 'New or updated mappings',
  subtitle: 'Triggers when a mapping is created, matched, reset, or its Docebo entity changes or is deleted',
  description: 'New or updated <span class="provider">mapping</span> in <span class="provider">Docebo Learn - External IDs</span>',
  help:
    'Starts a job for each mapping of the integration that changed: created, matched to an external ID, reset, updated, or touched by a platform event (its Docebo entity changed or was deleted). ' +
    'Change says what happened; pick the changes and entity types you care about, for example Deleted users to remove the matching external users. ' +
    'Every change is delivered once, in the order it happened.',
  poll: {
    operation: 'queryEntities',
    body: ['metadata_filters'],
    fixed: { sort_by: 'updated_at', sort_direction: 'asc' },
    entityTypes: { field: 'entity_types', into: 'entities' },
    start: { field: 'since', bound: 'updated_at_from', defaultSecondsBefore: 3600 },
    cursor: {
      request: 'after',
      response: 'next_cursor',
      missing: 'the service answered without next_cursor: this trigger needs its keyset paging (after / next_cursor, docs/contract-extensions.md)',
    },
    pageSize: { field: 'page_size', param: 'page_size', max: MAX_PER_POLL },
    items: 'items',
    more: 'has_more_data',
    filter: { field: 'changes', on: 'change' },
    dedup: { by: 'entity_type', keys: entityKeyFields, at: 'updated_at' },
    retry: true,
  },
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['integration_uuid', 'integration_psk'],
    properties: {
      ...integrationCredentials,
      entity_types: {
        ...entityTypesField,
        description: 'Only mappings of these entity types. None chosen: every type.',
      },
      changes: {
        type: 'array',
        items: { type: 'string', enum: mappingChangeNames },
        uniqueItems: true,
        title: 'Changes',
        description: `Only these changes. None chosen: every change. ${mappingChangeNames.map((c) => `${c}: ${mappingChanges[c]}`).join(' ')}`,
      },
      metadata_filters: { ...queryRequestProperties.metadata_filters, title: 'Metadata filters', description: 'Only mappings whose metadata matches every filter, as in Query entities.' },
      since: {
        type: 'string',
        format: 'date-time',
        title: 'When first started, this recipe picks up changes from',
        description: 'When the recipe first starts, it picks up changes from this instant on. Defaults to one hour before the first poll.',
      },
      page_size: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_PER_POLL,
        default: MAX_PER_POLL,
        title: 'Changes per poll',
        description: `The most changes one poll asks for (at most ${MAX_PER_POLL}); a backlog is fetched by polling again at once.`,
      },
    },
  },
  output: mapping,
});
