/** Input fields every integration-scoped action takes. */
import { pskField, uuidField } from '../model/integration';
import { entitySelectionNames } from '../model/query';

export const integrationCredentials = {
  integration_uuid: {
    ...uuidField,
    title: 'Integration UUID',
    description: 'UUID of the integration, as returned by Create integration.',
  },
  integration_psk: {
    ...pskField,
    title: 'Integration PSK',
    description: 'PSK of the integration, as returned by Create integration.',
  },
} as const;

/** A multiselect of the eight entity selections, folded into the query's `entities`. */
export const entityTypesField = {
  type: 'array',
  items: { type: 'string', enum: entitySelectionNames },
  uniqueItems: true,
  title: 'Entity types',
  description: 'Entity types to retrieve in full. A type chosen here with no ids under Entities means all of that type.',
} as const;
