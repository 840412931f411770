/** The body of every non-2xx answer except OAuth's (docs/contract.md §2). */
import type { JsonSchema } from '../../src/sdk/json-schema';
import { schemaId } from './ids';

export const errorCodes = [
  'invalid_request',
  'invalid_token',
  'invalid_integration_credentials',
  'forbidden_host',
  'not_found',
  'request_timeout',
  'idempotency_conflict',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'headers_too_large',
  'rate_limited',
  'unavailable',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** The codes of `POST /oauth2/token`'s OAuth-shaped errors (docs/contract.md §1). */
export const oauthErrorCodes = ['invalid_request', 'invalid_client', 'invalid_grant', 'unsupported_grant_type', 'invalid_scope'] as const;
export type OAuthErrorCode = (typeof oauthErrorCodes)[number];

/**
 * The service's codes `POST /oauth2/token` also answers in OAuth's shape: a body it cannot take,
 * for which OAuth has no code of its own. Its load answers (429, 503) keep the service's shape.
 */
export const oauthBodyErrorCodes = ['payload_too_large', 'unsupported_media_type'] as const;

export const errorBodySchema = {
  $id: schemaId('error.json'),
  title: 'ErrorBody',
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: errorCodes },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'message'],
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
} as const satisfies JsonSchema;
