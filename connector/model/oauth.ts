/**
 * `POST /oauth2/token`'s bodies (docs/contract.md §1): OAuth's own (RFC 6749 §4.4, §4.3, §5.1,
 * §5.2), not published as schema files of the service; the OpenAPI document holds them as components.
 */
import type { JsonSchema } from '../../src/sdk/json-schema';
import { authTypes } from '../connection';
import { wire } from '../wire';
import { oauthBodyErrorCodes, oauthErrorCodes } from './errors';

export const oauthTokenRequestSchema = {
  title: 'OAuthTokenRequest',
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: { type: 'string', enum: authTypes },
    client_id: { type: 'string', description: 'Or in an HTTP Basic Authorization header.' },
    client_secret: { type: 'string', writeOnly: true, 'x-secret': true },
    username: { type: 'string', description: 'password grant only' },
    password: { type: 'string', writeOnly: true, 'x-secret': true, description: 'password grant only' },
    scope: { type: 'string', const: wire.scope },
  },
} as const satisfies JsonSchema;

export const oauthTokenResponseSchema = {
  title: 'OAuthTokenResponse',
  type: 'object',
  additionalProperties: false,
  required: ['access_token', 'token_type', 'expires_in', 'scope'],
  properties: {
    access_token: { type: 'string', 'x-secret': true },
    token_type: { type: 'string', const: 'Bearer' },
    expires_in: { type: 'integer', minimum: 1 },
    scope: { type: 'string', const: wire.scope },
  },
} as const satisfies JsonSchema;

export const oauthErrorSchema = {
  title: 'OAuthError',
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', enum: [...oauthErrorCodes, ...oauthBodyErrorCodes] },
    error_description: { type: 'string' },
  },
} as const satisfies JsonSchema;
