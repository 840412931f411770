/**
 * The service's HTTP operations, declared once as data (docs/contract.md): for each its method,
 * path, authentication, request and answers. The OpenAPI document's paths, the emulator's routes
 * and the actions' requests (in the Node runtime and the generated Ruby) are all derived from it.
 */
import { answers, gateAnswers, mebibytes, oauthAnswer, ownAnswer, type Answer, type DeclaredHeader } from './answers';
import { batchAcceptedSchema, batchStatusSchema, commandsRequestSchema } from './model/batch';
import { oauthErrorCodes } from './model/errors';
import { eventRequestSchema } from './model/event-request';
import { createdIntegrationSchema, createIntegrationRequestSchema, integrationSchema, updateIntegrationRequestSchema, uuidField } from './model/integration';
import { oauthTokenRequestSchema, oauthTokenResponseSchema } from './model/oauth';
import { queryPageSchema, queryRequestSchema } from './model/query';
import type { JsonSchema } from '../src/sdk/json-schema';
import { wire } from './wire';

/**
 * `none`: anyone may call. `token`: the platform token. `integration`: also the integration's uuid
 * (in the path) and PSK (in its header).
 */
export type Auth = 'none' | 'token' | 'integration';

export type Method = 'GET' | 'POST' | 'PATCH';

/** A header a request may carry; `name` is its OpenAPI parameter component. */
export interface DeclaredRequestHeader extends DeclaredHeader {
  name: string;
  header: string;
}

export interface OperationRequest {
  /** The body's schema: a published schema file (it has an `$id`), or OAuth's own. */
  schema: JsonSchema;
  required: boolean;
  contentTypes: readonly string[];
  headers?: readonly DeclaredRequestHeader[];
  /** A list of the body refused as too large (413 payload_too_large) beyond `items`, before its schema is checked. */
  most?: { field: string; items: number };
}

export interface Success {
  status: number;
  description: string;
  schema: JsonSchema;
  /** Whether the body is `{ data: … }`, as every answer of the service but the token endpoint's. */
  envelope: boolean;
}

export interface Operation {
  /** The OpenAPI operationId. */
  id: string;
  method: Method;
  /** Relative to the connection's base path, or (`atOrigin`) to the origin; `{name}` is a path parameter. */
  path: string;
  atOrigin?: boolean;
  auth: Auth;
  summary: string;
  description?: string;
  request?: OperationRequest;
  success: Success;
  /** The answers of this operation's own: each takes the place of the shared answer at its status (`answersOf`). */
  answers?: readonly Answer[];
}

/** The path parameters: `name` makes one an OpenAPI parameter component. */
export const pathParameters: Readonly<Record<string, { name?: string; schema: JsonSchema }>> = {
  integration_uuid: { name: 'IntegrationUuid', schema: uuidField },
  batch_id: { schema: { type: 'string', minLength: 1 } },
};

const json = ['application/json'] as const;

export const idempotencyKeyHeader: DeclaredRequestHeader = {
  name: 'IdempotencyKey',
  header: wire.idempotencyHeader,
  required: false,
  description: 'The same key with the same JSON body within 24 h answers the first answer again and queues nothing; another body is a 409.',
  schema: { type: 'string', minLength: 1, maxLength: wire.maxIdempotencyKeyLength },
};

const body = (schema: JsonSchema, extra: Partial<OperationRequest> = {}): OperationRequest => ({ schema, required: true, contentTypes: json, ...extra });
const data = (status: number, schema: JsonSchema, description: string): Success => ({ status, description, schema, envelope: true });

const commandsLimit = { field: 'commands', items: wire.maxCommandsPerRequest };

const declared = [
  {
    id: 'getToken',
    method: 'POST',
    path: wire.tokenPath,
    atOrigin: true,
    auth: 'none',
    summary: 'Get a platform access token (client credentials or password grant).',
    request: { schema: oauthTokenRequestSchema, required: true, contentTypes: ['application/x-www-form-urlencoded', 'application/json'] },
    success: { status: 200, description: 'A bearer token for every other call.', schema: oauthTokenResponseSchema, envelope: false },
    answers: [
      oauthAnswer(
        400,
        oauthErrorCodes.filter((c) => c !== 'invalid_client'),
        'invalid_request (a missing parameter, or a body that is not JSON or not UTF-8), invalid_grant, unsupported_grant_type or invalid_scope.',
      ),
      oauthAnswer(401, ['invalid_client'], 'invalid_client: unknown client or wrong secret.', {
        'WWW-Authenticate': { description: 'Basic realm="extids": the client may authenticate with HTTP Basic.', required: true, schema: { type: 'string' } },
      }),
      oauthAnswer(413, ['payload_too_large'], `payload_too_large: a body over ${mebibytes(wire.maxBodyBytes)}.`),
      oauthAnswer(415, ['unsupported_media_type'], 'unsupported_media_type: a body in neither application/x-www-form-urlencoded nor application/json, or one without a Content-Type.'),
    ],
  },
  {
    id: 'health',
    method: 'GET',
    path: wire.paths.health,
    auth: 'token',
    summary: "Checks the token; the connection's test.",
    success: data(
      200,
      { type: 'object', additionalProperties: false, required: ['status', 'domain'], properties: { status: { const: 'ok' }, domain: { type: 'string' } } },
      'The service is up and the token is good.',
    ),
  },
  {
    id: 'createIntegration',
    method: 'POST',
    path: wire.paths.integrations,
    auth: 'token',
    summary: 'Registers an integration; answers its uuid and, this once, its PSK.',
    request: body(createIntegrationRequestSchema),
    success: data(201, createdIntegrationSchema, 'The integration, with its PSK.'),
  },
  {
    id: 'getIntegration',
    method: 'GET',
    path: wire.paths.integration,
    auth: 'integration',
    summary: 'The integration (never its PSK).',
    success: data(200, integrationSchema, 'The integration.'),
  },
  {
    id: 'updateIntegration',
    method: 'PATCH',
    path: wire.paths.integration,
    auth: 'integration',
    summary: 'Renames, activates or deactivates the integration, or changes its events.',
    request: body(updateIntegrationRequestSchema),
    success: data(200, integrationSchema, 'The integration as updated.'),
  },
  {
    id: 'runCommands',
    method: 'POST',
    path: wire.paths.commands,
    auth: 'integration',
    summary: `Queues 1..${commandsLimit.items} commands; each is validated on its own and answered per item.`,
    request: body(commandsRequestSchema, { headers: [idempotencyKeyHeader], most: commandsLimit }),
    success: data(202, batchAcceptedSchema, 'Accepted: the valid commands are queued durably.'),
    answers: [
      ownAnswer(['idempotency_conflict'], `idempotency_conflict: the ${wire.idempotencyHeader} was used with a different body.`),
      ownAnswer(['payload_too_large'], `payload_too_large: a body over ${mebibytes(wire.maxBodyBytes)}, or more than ${commandsLimit.items} ${commandsLimit.field}.`),
    ],
  },
  {
    id: 'getBatch',
    method: 'GET',
    path: wire.paths.batch,
    auth: 'integration',
    summary: 'How far a batch of commands has got, per item.',
    success: data(200, batchStatusSchema, 'The batch.'),
    answers: [ownAnswer(['not_found'], 'not_found: no such batch for this integration.')],
  },
  {
    id: 'queryEntities',
    method: 'POST',
    path: wire.paths.query,
    auth: 'integration',
    summary: 'One page of the mappings that match the filters.',
    description:
      "Pages are numbered (page), or follow a cursor (keyset paging, an extension of the contract): send a page's next_cursor back as after for the mappings after its last item, in the same sort. " +
      'Sorted by updated_at asc, a mapping written after a cursor was given out always sorts after it, so following next_cursor never skips or repeats a version of a mapping: ' +
      "every write has its own updated_at, strictly later than the one before, and the mapping's change says what that write did.",
    request: body(queryRequestSchema, { required: false }),
    success: data(200, queryPageSchema, 'A page of mappings.'),
    answers: [
      ownAnswer(
        ['invalid_request'],
        'invalid_request: a schema violation or an unknown field (details name each path); an after that is not a cursor of this service, or was made for another sort_by or sort_direction (path after); after together with page (path page).',
      ),
    ],
  },
  {
    id: 'publishEvent',
    method: 'POST',
    path: wire.paths.events,
    auth: 'token',
    summary: "Publishes a platform event to the domain's active integrations subscribed to it (stands in for the event bus).",
    request: body(eventRequestSchema),
    success: data(
      202,
      {
        type: 'object',
        additionalProperties: false,
        required: ['event_id', 'delivered_to'],
        properties: { event_id: { type: 'string' }, delivered_to: { type: 'integer', minimum: 0 } },
      },
      'The event, and how many integrations it reached.',
    ),
  },
] as const satisfies readonly Operation[];

export type OperationId = (typeof declared)[number]['id'];

/** Every operation, in the contract's order. */
export const operations: readonly (Operation & { id: OperationId })[] = declared;

/** The operations by id. */
export const operation: Readonly<Record<OperationId, Operation>> = Object.fromEntries(declared.map((o) => [o.id, o])) as Record<OperationId, Operation>;

/** `/integrations/{integration_uuid}/batches/{batch_id}` → `['integration_uuid', 'batch_id']` */
export const pathParameterNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/**
 * Everything an operation can answer besides success, one answer a status: its own, then what its
 * authentication, its body and its path parameters bring, then what any request may get.
 */
export const answersOf = (op: Operation): Answer[] => {
  const byStatus = new Map<number, Answer>();
  const add = (a: Answer) => void (byStatus.has(a.status) || byStatus.set(a.status, a));
  op.answers?.forEach(add);
  if (op.auth === 'token') add(answers.invalidToken);
  if (op.auth === 'integration') add(answers.unauthorized);
  if (op.request) [answers.invalidRequest, answers.payloadTooLarge, answers.unsupportedMediaType].forEach(add);
  if (pathParameterNames(op.path).length) [answers.malformedUrl, answers.uriTooLong].forEach(add);
  gateAnswers.forEach(add);
  return [...byStatus.values()].sort((a, b) => a.status - b.status);
};

/** The error codes an operation can answer. */
export const errorCodesOf = (op: Operation): string[] => [...new Set(answersOf(op).flatMap((a) => a.codes))];
