/**
 * The connection to a Docebo platform: where it is and how to get a token (OAuth2 client
 * credentials or password grant, docs/contract.md §1).
 */
import type { FromSchema, JsonSchema } from '../src/sdk/json-schema';
import { wire } from './wire';

export const authTypes = ['client_credentials', 'password'] as const;
export type AuthType = (typeof authTypes)[number];

export const connectionSchema = {
  title: 'Connection',
  type: 'object',
  additionalProperties: false,
  required: ['domain', 'client_id', 'client_secret'],
  properties: {
    domain: {
      type: 'string',
      minLength: 1,
      title: 'Domain',
      description: 'Your Docebo platform host, such as acme.docebosaas.com, or a full base URL such as http://127.0.0.1:4010 for the local emulator.',
    },
    auth_type: {
      type: 'string',
      enum: authTypes,
      default: 'client_credentials',
      title: 'Authentication type',
      description: 'Client credentials (an API client of the platform) or password (the API client plus a user).',
    },
    client_id: { type: 'string', minLength: 1, title: 'Client ID', description: 'The client ID of the API client.' },
    client_secret: {
      type: 'string',
      minLength: 1,
      'x-secret': true,
      title: 'Client secret',
      description: 'The client secret of the API client.',
    },
    username: { type: 'string', minLength: 1, title: 'Username', description: 'The user to act as, for the password grant.' },
    password: { type: 'string', minLength: 1, 'x-secret': true, title: 'Password', description: "The user's password, for the password grant." },
    base_path: {
      type: 'string',
      pattern: '^/',
      default: wire.defaultBasePath,
      title: 'Base path',
      description: `Where the External IDs service lives on the platform. Default ${wire.defaultBasePath}.`,
    },
  },
} as const satisfies JsonSchema;

/** Fields only the password grant uses. */
export const passwordGrantFields = ['username', 'password'] as const;

/** A connection, typed from its schema. */
export type Connection = FromSchema<typeof connectionSchema>;
