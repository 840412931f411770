/** The body of every non-2xx answer except OAuth's (docs/contract.md §2). */
import type { JsonSchema } from '../../src/sdk/json-schema';
import { schemaId } from './ids';

/** Each code of the service's error body, with the status it is answered with (docs/contract.md §2). */
export const errorStatus = {
  invalid_request: 400,
  invalid_token: 401,
  invalid_integration_credentials: 401,
  forbidden_host: 403,
  not_found: 404,
  request_timeout: 408,
  idempotency_conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  headers_too_large: 431,
  rate_limited: 429,
  unavailable: 503,
} as const;

export const errorCodes = Object.keys(errorStatus) as readonly (keyof typeof errorStatus)[];
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
