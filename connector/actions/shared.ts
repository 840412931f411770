/** Input fields every integration-scoped action takes. */
import { pskField, uuidField } from '../model/integration';

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
