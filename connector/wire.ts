/**
 * Everything wire-specific about the External IDs service (docs/contract.md): the base path,
 * header names and paths. Pointing the connector at a tenant whose real paths differ is a change
 * to this file alone. Paths are relative to the connection's base path, except the token's.
 */
export const wire = {
  tokenPath: '/oauth2/token',
  scope: 'api',
  defaultBasePath: '/external-ids/v1',
  pskHeader: 'X-Integration-PSK',
  idempotencyHeader: 'Idempotency-Key',
  paths: {
    health: '/health',
    integrations: '/integrations',
    integration: '/integrations/{integration_uuid}',
    commands: '/integrations/{integration_uuid}/commands',
    batch: '/integrations/{integration_uuid}/batches/{batch_id}',
    query: '/integrations/{integration_uuid}/entities/query',
    events: '/events',
  },
  /** The most commands one request may carry. */
  maxCommandsPerRequest: 1000,
  /** The largest request body the service reads, in bytes (5 MiB). */
  maxBodyBytes: 5 * 1024 * 1024,
  /** The longest path parameter the service routes, in characters; the uuids and batch ids are 36. */
  maxPathParameterLength: 100,
  /** The longest Idempotency-Key, in characters. */
  maxIdempotencyKeyLength: 255,
  /** The error code of an unknown or expired platform token: the one failure a new token cures. */
  invalidTokenCode: 'invalid_token',
  /** Statuses worth another try: rate limited, or the service briefly unavailable. */
  retryStatuses: [429, 502, 503, 504],
  maxRetries: 3,
} as const;
