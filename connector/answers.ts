/**
 * The service's answers other than success, as data (docs/contract.md §2): each with its status,
 * the error codes it carries, its body and headers. The shared ones are named: the OpenAPI document
 * holds them once, as components, and every operation that can get one refers to it.
 */
import type { JsonSchema } from '../src/sdk/json-schema';
import { errorBodySchema, errorStatus, type ErrorCode, type OAuthErrorCode } from './model/errors';
import { oauthErrorSchema } from './model/oauth';
import { wire } from './wire';

export interface DeclaredHeader {
  description: string;
  required: boolean;
  schema: JsonSchema;
}

export interface Answer {
  /** The name of a shared answer (an OpenAPI response component); an operation's own has none. */
  name?: string;
  status: number;
  /** The error codes the answer's body carries. */
  codes: readonly (ErrorCode | OAuthErrorCode)[];
  description: string;
  schema: JsonSchema;
  headers?: Readonly<Record<string, DeclaredHeader>>;
}

/** A size for people: `5 MiB`. */
export const mebibytes = (bytes: number): string => `${bytes / 1024 / 1024} MiB`;

const retryAfter = (required: boolean): DeclaredHeader => ({
  description: required ? 'Seconds to wait before trying again.' : 'Seconds to wait before trying again; absent when a retry is not expected to help soon.',
  required,
  schema: { type: 'integer', minimum: 0 },
});

/** The status the codes are answered with (`errorStatus`): one, or the declaration is wrong. */
const statusOf = (codes: readonly ErrorCode[]): number => {
  const statuses = new Set(codes.map((c) => errorStatus[c]));
  if (statuses.size !== 1) throw new Error(`the codes ${codes.join(', ')} are not answered with one status`);
  return [...statuses][0];
};

const service = (name: string | undefined, codes: readonly ErrorCode[], description: string, headers?: Answer['headers']): Answer => ({
  ...(name ? { name } : {}),
  status: statusOf(codes),
  codes,
  description,
  schema: errorBodySchema,
  ...(headers ? { headers } : {}),
});

/** An operation's own answer in the service's shape, in place of the shared one at its status. */
export const ownAnswer = (codes: readonly ErrorCode[], description: string): Answer => service(undefined, codes, description);

/** An answer of the token endpoint, in OAuth's shape (RFC 6749 §5.2). */
export const oauthAnswer = (status: number, codes: readonly OAuthErrorCode[] | readonly ErrorCode[], description: string, headers?: Answer['headers']): Answer => ({
  status,
  codes,
  description,
  schema: oauthErrorSchema,
  ...(headers ? { headers } : {}),
});

const bearerChallenge = (required: boolean): DeclaredHeader => ({
  description: required
    ? 'Bearer realm="extids" (RFC 6750 §3), and error="invalid_token" when a token was sent.'
    : 'With invalid_token (RFC 6750 §3): Bearer realm="extids", and error="invalid_token" when a token was sent. Absent with invalid_integration_credentials.',
  required,
  schema: { type: 'string' },
});

export const answers = {
  invalidRequest: service('InvalidRequest', ['invalid_request'], 'invalid_request: malformed JSON, a schema violation or an unknown field; details name each path.'),
  invalidToken: service('InvalidToken', [wire.invalidTokenCode], `${wire.invalidTokenCode}: a missing, unknown or expired platform token.`, {
    'WWW-Authenticate': bearerChallenge(true),
  }),
  unauthorized: service('Unauthorized', [wire.invalidTokenCode, 'invalid_integration_credentials'], `${wire.invalidTokenCode} (platform token) or invalid_integration_credentials (integration uuid + PSK).`, {
    'WWW-Authenticate': bearerChallenge(false),
  }),
  forbiddenHost: service(
    'ForbiddenHost',
    ['forbidden_host'],
    'forbidden_host: the emulator listens on a loopback address and the Host header names another host (DNS rebinding), or the request comes from a web page on another site (Sec-Fetch-Site: cross-site, or an Origin naming neither a loopback host, an allowed one, nor the Host); extids serve --allow-host <name> accepts that name.',
  ),
  payloadTooLarge: service('PayloadTooLarge', ['payload_too_large'], `payload_too_large: a body over ${mebibytes(wire.maxBodyBytes)}.`),
  rateLimited: service('RateLimited', ['rate_limited'], 'rate_limited.', { 'Retry-After': retryAfter(true) }),
  unavailable: service('Unavailable', ['unavailable'], 'unavailable: overload or maintenance; a domain whose database is damaged is out of service, without Retry-After.', {
    'Retry-After': retryAfter(false),
  }),
  malformedUrl: service('MalformedUrl', ['invalid_request'], 'invalid_request: the URL does not decode (a malformed percent-encoding); details name the url.'),
  requestTimeout: service('RequestTimeout', ['request_timeout'], 'request_timeout: the request did not arrive in time.'),
  uriTooLong: service('UriTooLong', ['uri_too_long'], `uri_too_long: a path parameter over ${wire.maxPathParameterLength} characters.`),
  unsupportedMediaType: service('UnsupportedMediaType', ['unsupported_media_type'], 'unsupported_media_type: a body that is not application/json (in UTF-8), or one without a Content-Type.'),
  headersTooLarge: service('HeadersTooLarge', ['headers_too_large'], 'headers_too_large: the request line and headers are over the size the service reads (16 KiB on the emulator).'),
} as const satisfies Record<string, Answer>;

/** What any request may get before an operation's own checks: the Host check, load, the server's own limits. */
export const gateAnswers: readonly Answer[] = [answers.forbiddenHost, answers.rateLimited, answers.unavailable, answers.requestTimeout, answers.headersTooLarge];
